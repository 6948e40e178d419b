//go:build unix

package backup

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestBackupTempIsPrivate: the folder a backup is written into holds the
// database and the signing key; it is the user's alone even under a
// umask that would let others read.
func TestBackupTempIsPrivate(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	tmp, err := makeBackupTemp(filepath.Join(t.TempDir(), "codong-2026-05-01"))
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(tmp)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("temporary folder mode %v (%v), want 0700", fi.Mode().Perm(), err)
	}
}
