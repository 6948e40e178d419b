package diskguard

import (
	"os"

	"golang.org/x/sys/unix"
)

// allocate takes n bytes of blocks for f at once (fallocate), without
// writing them: every start of a controller, and every test's, would
// otherwise write the whole reserve. Where the file system cannot, the
// bytes are written.
func allocate(f *os.File, n int64) error {
	if err := unix.Fallocate(int(f.Fd()), 0, 0, n); err == nil {
		return nil
	}
	return writeZeros(f, n)
}
