//go:build !unix

package diskguard

// FreeSpace is unknown where statfs is missing: controllers run on
// Linux; only the player is built for Windows.
func FreeSpace(string) (int64, bool) { return 0, false }
