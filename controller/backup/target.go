package backup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// checkTarget refuses a backup folder that is the data folder,
// lies inside it, or holds it. The first two overwrite or nest into what
// is being copied (--out DATA --force replaced the live folder, lock file
// and all; --out DATA/photos nested a copy into photos/photos and photo
// previews failed); the third would move the live folder aside with the
// old backup under --force. Paths are compared after making them
// absolute and resolving symbolic links, so "..", a relative path or a
// link to the data folder are seen for what they are.
func checkTarget(dataDir, out string) error {
	data, err := realPath(dataDir)
	if err != nil {
		return fmt.Errorf("không xác định được thư mục dữ liệu %s: %w", dataDir, err)
	}
	target, err := realPath(out)
	if err != nil {
		return fmt.Errorf("không xác định được thư mục sao lưu %s: %w", out, err)
	}
	if within(target, data) || within(data, target) {
		return fmt.Errorf("không sao lưu vào %s: thư mục đó trùng, nằm trong hoặc chứa thư mục dữ liệu %s đang dùng, nên bản sao lưu sẽ ghi đè hoặc lồng vào chính dữ liệu (--force cũng không được phép). Hãy chọn một thư mục ở chỗ khác, tốt nhất trên ổ đĩa khác (ví dụ /mnt/usb/codong-NĂM-THÁNG-NGÀY)", out, dataDir)
	}
	return nil
}

// within reports whether path is dir or lies under it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// realPath is p made absolute with every symbolic link resolved, for a
// path that may not exist yet: its longest existing ancestor is resolved
// and the rest appended.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for cur := abs; ; {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
		cur = parent
	}
}

// backupTempPrefix names the temporary folders of backups to out.
func backupTempPrefix(out string) string { return "." + filepath.Base(out) + ".tmp-" }

// removeStaleBackups removes what a killed backup to parent/base left:
// its temporary folder (and an old backup moved aside under --force),
// which hold a copy of the database and the signing key. A backup to
// the same place running at this very moment would lose its folder and
// fail with an error rather than write a partial backup.
func removeStaleBackups(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := backupTempPrefix(base)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// makeBackupTemp creates the folder a backup to out is written into
// before it is renamed. It holds the database and the signing key, so it
// is readable by this user only, whatever the umask or platform gave.
func makeBackupTemp(out string) (string, error) {
	tmp, err := os.MkdirTemp(filepath.Dir(out), backupTempPrefix(out)+"*")
	if err == nil {
		if err = os.Chmod(tmp, 0o700); err != nil {
			os.RemoveAll(tmp)
		}
	}
	if err != nil {
		return "", fmt.Errorf("không tạo được thư mục tạm cạnh %s: %w", out, err)
	}
	return tmp, nil
}
