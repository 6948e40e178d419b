// Package atomicfile writes files so that a reader, or a power cut, sees
// either the old content or the new, never a mix: write a temporary file
// in the same directory, fsync it, rename it over the target, then fsync
// the directory so the rename itself survives.
//
// Only a regular file (or a path where nothing is yet) is replaced that
// way. A rename over /dev/null or a named pipe would put a regular file
// in place of the device for every other program on the machine (run as
// root, `codong render --out /dev/null` did exactly that), so a
// character device or a pipe is written into directly, where "atomic"
// has no meaning anyway; a directory or any other special file is
// refused.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotRegular is returned, wrapped, for a target that is neither a
// regular file, a character device nor a named pipe: a directory, a
// socket, a block device. Nothing is written.
var ErrNotRegular = errors.New("đích không phải tệp thường (là thư mục, socket hay thiết bị khối); hãy chọn một tên tệp")

// WriteFile atomically replaces path with data.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write atomically replaces path with what fill writes. When fill fails
// the target is untouched and the temporary file is removed. A path that
// is a character device or a named pipe gets fill's bytes directly (perm
// is then not applied: the device keeps its own).
func Write(path string, perm os.FileMode, fill func(io.Writer) error) error {
	target, direct, err := resolve(path)
	if err != nil {
		return err
	}
	if direct {
		return writeDirect(target, fill)
	}
	return replace(target, perm, fill)
}

// resolve decides how path is written: the path to replace atomically,
// or the one to write straight into (direct). A symbolic link to a
// regular file has its target replaced, not the link itself, so the
// link keeps pointing where it did.
func resolve(path string) (target string, direct bool, err error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		// Nothing there yet (or a dangling link, which the new file
		// replaces as before).
		return path, false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("atomicfile: %w", err)
	}
	switch mode := fi.Mode(); {
	case mode.IsRegular():
		if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			if real, rerr := filepath.EvalSymlinks(path); rerr == nil {
				return real, false, nil
			}
		}
		return path, false, nil
	case mode&fs.ModeCharDevice != 0, mode&fs.ModeNamedPipe != 0:
		return path, true, nil
	default:
		return "", false, fmt.Errorf("không ghi được %s: %w", path, ErrNotRegular)
	}
}

// writeDirect writes into a device or pipe opened for writing only: no
// truncation, no temporary file, no fsync (a pipe or /dev/null has
// nothing to sync and says so with an error).
func writeDirect(path string, fill func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	return nil
}

// replace is the atomic replacement of a regular file or a new path.
func replace(path string, perm os.FileMode, fill func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = fill(f); err != nil {
		return err
	}
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable. Some platforms (Windows) cannot open a
// directory for syncing; the rename is still atomic there.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
