//go:build unix

package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteIntoFIFO: a named pipe is written into, and stays a pipe. A
// rename over it (what Write once did) leaves a regular file there and
// the reader never gets a byte.
func TestWriteIntoFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "frames")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		// Opening for reading waits for the writer, as a shell pipe does.
		f, err := os.Open(p)
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	if err := WriteFile(p, []byte("ảnh mới"), 0o644); err != nil {
		t.Fatalf("write into a FIFO: %v", err)
	}
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatalf("after the write the path is %v (%v), want the FIFO still there", fi.Mode(), err)
	}
	if s := <-got; s != "ảnh mới" {
		t.Fatalf("the reader got %q, want the bytes written", s)
	}
}

// TestWriteRefusesDirectory: a directory is neither replaced nor written
// into; the error says why and what was there stays.
func TestWriteRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.png")
	if err := os.Mkdir(p, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p, "keep"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(p, []byte("png"), 0o644)
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("err = %v, want ErrNotRegular", err)
	}
	if _, err := os.Stat(filepath.Join(p, "keep")); err != nil {
		t.Fatalf("the directory's content is gone: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("dir has %d entries, want no temporary file left", len(entries))
	}
}

// TestWriteThroughSymlinkKeepsLink: a link to a regular file has its
// target replaced atomically; the link itself stays a link.
func TestWriteThroughSymlinkKeepsLink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.png")
	link := filepath.Join(dir, "link.png")
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("link is now %v (%v), want still a link", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Fatalf("target holds %q, want new", b)
	}
}
