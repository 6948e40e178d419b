// Package backup copies a data folder while a controller may be serving
// it: the database through the store, the signing key, the photos'
// originals and the extra fonts, into a folder that is either absent,
// the old backup, or a whole new one.
package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"codong/atomicfile"
	"codong/controller/store"
)

// A backup is a folder laid out as a data folder: the database, the
// signing key, the photos' originals and the extra fonts. Restoring is
// putting that folder where the data folder was, so nobody restores the
// database and forgets the key (every board would refuse the new key) or
// the photos (photo slides would be gone). Rendered assets are left out:
// the controller renders them again.

// Item is one thing a backup wrote: a file, or a folder of files.
type Item struct {
	Name  string // as in the data folder, e.g. "codong.db", "photos"
	Files int
	Bytes int64
}

// Result is the folder a backup wrote and what is in it.
type Result struct {
	Dir   string
	Items []Item
}

// Bytes is the size of the whole backup.
func (r Result) Bytes() int64 {
	var n int64
	for _, it := range r.Items {
		n += it.Bytes
	}
	return n
}

// Folder is a data folder as a backup reads it.
type Folder struct {
	Dir      string // the data folder
	Database string // its SQLite file
	Key      string // the signing key's file name, under Dir
	// Folders are the names of the folders under Dir copied whole:
	// photos' originals and fonts.
	Folders []string
	// Open opens the folder's store to copy the database.
	Open func(ctx context.Context) (*store.Store, error)
}

// Write copies the data folder f into a new folder out while a
// controller may be serving it. Everything is written into a temporary
// folder beside out and renamed to out only once the database copy has
// passed its check and every file is synced: out is either absent, the
// old backup, or a whole new one. An existing out is refused unless
// force.
func Write(ctx context.Context, f Folder, out string, force bool) (res Result, err error) {
	if _, err := os.Stat(f.Database); err != nil {
		// Opening the store would create an empty database and back it up.
		return res, fmt.Errorf("không thấy cơ sở dữ liệu %s; kiểm tra --data là thư mục dữ liệu của máy chủ codong", f.Database)
	}
	// Before anything else, --force included: a backup written into the
	// live folder replaced it (lock file and fresh writes gone) or nested
	// into it (photos/photos).
	if err := checkTarget(f.Dir, out); err != nil {
		return res, err
	}
	if _, err := os.Lstat(out); err == nil && !force {
		return res, fmt.Errorf("%s đã có; chọn tên khác, hoặc thêm --force để thay bản sao lưu cũ", out)
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return res, fmt.Errorf("không tạo được thư mục %s: %w", parent, err)
	}
	removeStaleBackups(parent, filepath.Base(out))
	tmp, err := makeBackupTemp(out)
	if err != nil {
		return res, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if res.Items, err = writeInto(ctx, f, tmp); err != nil {
		return res, err
	}
	if err := replaceDir(tmp, out); err != nil {
		return res, err
	}
	res.Dir = out
	return res, nil
}

// writeInto writes the backup into the empty folder tmp. The database
// goes first: a photo is stored before the row naming it, so every photo
// the copied database names is on disk by the time the photos are read.
func writeInto(ctx context.Context, f Folder, tmp string) ([]Item, error) {
	st, err := f.Open(ctx)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	db := filepath.Join(tmp, filepath.Base(f.Database))
	if err := st.Backup(ctx, db); err != nil {
		var bad *store.BadCopyError
		if errors.As(err, &bad) {
			return nil, fmt.Errorf("bản sao cơ sở dữ liệu không qua được kiểm tra, đã bỏ; chưa có gì được ghi vào đích. Chi tiết: %w", err)
		}
		return nil, fmt.Errorf("không sao lưu được cơ sở dữ liệu: %w", err)
	}
	info, err := os.Stat(db)
	if err != nil {
		return nil, err
	}
	items := []Item{{Name: filepath.Base(db), Files: 1, Bytes: info.Size()}}
	for _, name := range append([]string{f.Key}, f.Folders...) {
		it, err := copyTree(filepath.Join(f.Dir, name), filepath.Join(tmp, name))
		if err != nil {
			return nil, fmt.Errorf("không chép được %s: %w", filepath.Join(f.Dir, name), err)
		}
		// Folders are listed even empty, so nobody wonders whether the
		// photos were forgotten.
		if it.Files > 0 || name != f.Key {
			it.Name = name
			items = append(items, it)
		}
	}
	return items, syncTree(tmp)
}

// copyTree copies a file, or the regular files under a folder, synced.
// Dot files are another writer's temporary files (atomicfile); a missing
// source copies nothing.
func copyTree(src, dst string) (Item, error) {
	var it Item
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if rel != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o700)
		case !d.Type().IsRegular():
			return nil
		}
		n, err := copyFile(path, target)
		it.Files++
		it.Bytes += n
		return err
	})
	return it, err
}

func copyFile(src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return 0, err
	}
	var n int64
	err = atomicfile.Write(dst, info.Mode().Perm(), func(w io.Writer) error {
		n, err = io.Copy(w, in)
		return err
	})
	return n, err
}

// syncTree syncs every folder under root, so the files' names in them
// survive a power cut as the files' contents do.
func syncTree(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		f.Sync()
		return f.Close()
	})
}

// replaceDir renames the finished tmp to out. An old out (--force) is
// moved aside first and removed only once the new one is in place, so a
// failure at any step leaves a whole backup under some name.
func replaceDir(tmp, out string) error {
	var old string
	if _, err := os.Lstat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("không dời được bản sao lưu cũ %s: %w", out, err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return fmt.Errorf("không đổi tên %s thành %s: %w", tmp, out, err)
	}
	if d, err := os.Open(filepath.Dir(out)); err == nil {
		d.Sync()
		d.Close()
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}
