package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteIntoNullDevice: writing to a null device discards the bytes
// and leaves the device a device. As root the test makes its own null
// device (major 1, minor 3) in a temporary folder, so that a regression
// can never replace the machine's /dev/null; as another user it writes
// to /dev/null itself, where a rename would fail (/dev is not writable)
// rather than do harm.
func TestWriteIntoNullDevice(t *testing.T) {
	p := "/dev/null"
	if os.Geteuid() == 0 {
		p = filepath.Join(t.TempDir(), "null")
		if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
			t.Skipf("cannot make a null device here: %v", err)
		}
	} else if f, err := os.OpenFile(p, os.O_WRONLY, 0); err != nil {
		t.Skipf("/dev/null is not writable: %v", err)
	} else {
		f.Close()
	}
	if err := WriteFile(p, []byte("ảnh"), 0o644); err != nil {
		t.Fatalf("write into %s: %v", p, err)
	}
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("%s is now %v (%v), want still a character device", p, fi.Mode(), err)
	}
}
