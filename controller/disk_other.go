//go:build !unix

package controller

// freeSpace is unknown where statfs is missing: controllers run on
// Linux; only the player is built for Windows.
func freeSpace(string) (int64, bool) { return 0, false }
