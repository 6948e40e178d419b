// Package request reads a request the one way for the API and the
// pages: path IDs, strict JSON, the version an edit starts from, and
// control characters refused before any handler sees them.
package request
