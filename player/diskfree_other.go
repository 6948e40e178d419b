//go:build !unix

package player

// diskFree is not measured on systems without statfs (Windows): the
// diagnostics leave it out.
func diskFree(string) (int64, bool) { return 0, false }
