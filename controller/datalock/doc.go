// Package datalock keeps one serving controller to a data folder: it
// holds an exclusive lock on a file in the folder while the controller
// runs.
package datalock
