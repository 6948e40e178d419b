package assets

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestAdoptAcrossDisks: a store whose folder is another file system (a
// bigger disk mounted for photos) takes an upload's file by copying it.
func TestAdoptAcrossDisks(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a second file system needs root: run as root (CI's containers do) to run this test")
	}
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=4m"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })
	st, err := OpenStore(filepath.Join(mnt, "photos"))
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("ảnh gốc")
	tmp := filepath.Join(t.TempDir(), ".upload-1")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := st.Adopt(Sum(data), tmp); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Get(Sum(data)); err != nil || string(got) != string(data) {
		t.Fatalf("kept %q, %v", got, err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatalf("the temporary file is still there: %v", err)
	}
}
