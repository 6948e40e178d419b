// Package render makes the pictures boards and people see: renditions
// for the fleet, previews and their cache, print sheets, all within the
// one render budget.
package render
