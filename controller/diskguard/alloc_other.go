//go:build !linux

package diskguard

import "os"

// allocate takes n bytes for f by writing them.
func allocate(f *os.File, n int64) error { return writeZeros(f, n) }
