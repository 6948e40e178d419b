package main

import (
	"codong/controller/store"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codong/controller"
)

// TestBackupCommand: the backup is a data folder a controller can start
// from, a second one to the same place is refused unless --force, and a
// wrong --data is an error, never an empty database backed up.
func TestBackupCommand(t *testing.T) {
	data := t.TempDir()
	if _, errs, err := runCLI(t, "", "board", "add", "--data", data, "--name", "Bảng LED chợ", "--size", "384x128"); err != nil {
		t.Fatalf("board add: %v (%s)", err, errs)
	}
	photo := []byte("ảnh gốc, theo mã sha256")
	if err := os.MkdirAll(filepath.Join(data, "photos"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "photos", "ab12"), photo, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "usb", "codong-2026-05-01")

	stdout, errs, err := runCLI(t, "", "backup", "--data", data, "--out", out)
	if err != nil {
		t.Fatalf("backup: %v (%s)", err, errs)
	}
	for _, want := range []string{"Đã sao lưu", out, "codong.db", "đã kiểm tra", "controller.key", "photos/", "1 tệp", "KiB"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("backup said %q, want it to mention %q", stdout, want)
		}
	}
	for _, name := range []string{"controller.key", "codong.db"} {
		want, _ := os.ReadFile(filepath.Join(data, name))
		if got, err := os.ReadFile(filepath.Join(out, name)); err != nil || (name == "controller.key" && string(got) != string(want)) {
			t.Errorf("%s in the backup: %v", name, err)
		}
	}
	if got, err := os.ReadFile(filepath.Join(out, "photos", "ab12")); err != nil || string(got) != string(photo) {
		t.Errorf("photo in the backup: %q, %v", got, err)
	}
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, out, "")
	if err != nil {
		t.Fatalf("the backup as a data folder: %v", err)
	}
	boards, err := st.Boards(ctx, store.Everything)
	st.Close()
	if err != nil || len(boards) != 1 || boards[0].Name != "Bảng LED chợ" {
		t.Errorf("boards in the backup: %v, %v", boards, err)
	}

	t.Run("existing folder refused", func(t *testing.T) {
		os.WriteFile(filepath.Join(out, "đánh dấu"), nil, 0o600)
		_, _, err := runCLI(t, "", "backup", "--data", data, "--out", out)
		if err == nil || !strings.Contains(err.Error(), "--force") {
			t.Fatalf("second backup to %s: %v, want a refusal naming --force", out, err)
		}
		if _, err := os.Stat(filepath.Join(out, "đánh dấu")); err != nil {
			t.Errorf("refused backup touched the old one: %v", err)
		}
	})
	t.Run("force replaces", func(t *testing.T) {
		if _, errs, err := runCLI(t, "", "backup", "--data", data, "--out", out, "--force"); err != nil {
			t.Fatalf("backup --force: %v (%s)", err, errs)
		}
		if _, err := os.Stat(filepath.Join(out, "đánh dấu")); !os.IsNotExist(err) {
			t.Errorf("old backup's file still there after --force: %v", err)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
			t.Errorf("beside the backup: %v, want only it", entries)
		}
	})
	t.Run("no database", func(t *testing.T) {
		empty := t.TempDir()
		_, _, err := runCLI(t, "", "backup", "--data", empty, "--out", filepath.Join(t.TempDir(), "b"))
		if err == nil || !strings.Contains(err.Error(), "không thấy cơ sở dữ liệu") {
			t.Fatalf("backup of a folder without a database: %v", err)
		}
		if _, err := os.Stat(filepath.Join(empty, "codong.db")); !os.IsNotExist(err) {
			t.Errorf("backup created a database in the wrong folder: %v", err)
		}
	})
	t.Run("no --out", func(t *testing.T) {
		if _, _, err := runCLI(t, "", "backup", "--data", data); err == nil || !strings.Contains(err.Error(), "--out") {
			t.Fatalf("backup without --out: %v", err)
		}
	})
}

// TestBackupRefusesDataFolder: a backup into the data folder, inside it
// or around it is refused whatever the spelling (.., relative, a link)
// and even with --force, and the live folder is left exactly as it was.
// Before, --out DATA --force replaced the live folder and exited 0, and
// --out DATA/photos --force nested a copy into photos/photos.
func TestBackupRefusesDataFolder(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "codong-data")
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := runCLI(t, "", "board", "add", "--data", data, "--name", "Bảng LED chợ", "--size", "384x128"); err != nil {
		t.Fatalf("board add: %v (%s)", err, errs)
	}
	if err := os.MkdirAll(filepath.Join(data, "photos"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "photos", "ab12"), []byte("ảnh"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "link-to-data")
	if err := os.Symlink(data, link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	before := listTree(t, root)
	for name, out := range map[string]string{
		"the data folder":        data,
		"photos inside it":       filepath.Join(data, "photos"),
		"a new folder inside it": filepath.Join(data, "backups", "2026-05-01"),
		"with ..":                filepath.Join(data, "photos", "..") + "/",
		"relative":               "codong-data/photos",
		"through a link":         filepath.Join(link, "photos"),
		"the link itself":        link,
		"a folder holding it":    root,
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := runCLI(t, "", "backup", "--data", data, "--out", out, "--force")
			if err == nil || !strings.Contains(err.Error(), "thư mục dữ liệu") || !strings.Contains(err.Error(), "--force") {
				t.Fatalf("backup --out %s --force: %v, want a refusal in Vietnamese", out, err)
			}
			if after := listTree(t, root); after != before {
				t.Fatalf("the refused backup changed the folders:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestBackupRemovesKilledBackups: a backup killed midway leaves its
// hidden temporary folder beside the target, holding a copy of the
// database and the signing key; the next backup to that place removes
// it (and an old backup moved aside by a killed --force).
func TestBackupRemovesKilledBackups(t *testing.T) {
	data := t.TempDir()
	if _, errs, err := runCLI(t, "", "board", "add", "--data", data, "--name", "Bảng LED chợ", "--size", "384x128"); err != nil {
		t.Fatalf("board add: %v (%s)", err, errs)
	}
	usb := t.TempDir()
	out := filepath.Join(usb, "codong-2026-05-01")
	for _, left := range []string{".codong-2026-05-01.tmp-12345", ".codong-2026-05-01.tmp-678.old"} {
		if err := os.MkdirAll(filepath.Join(usb, left), 0o700); err != nil {
			t.Fatal(err)
		}
		key, _ := os.ReadFile(filepath.Join(data, "controller.key"))
		if err := os.WriteFile(filepath.Join(usb, left, "controller.key"), key, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Another backup's leftovers, to another name, are not this one's.
	other := filepath.Join(usb, ".codong-2026-04-30.tmp-1")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := runCLI(t, "", "backup", "--data", data, "--out", out); err != nil {
		t.Fatalf("backup: %v (%s)", err, errs)
	}
	entries, _ := os.ReadDir(usb)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != ".codong-2026-04-30.tmp-1 codong-2026-05-01" {
		t.Fatalf("beside the backup: %s, want the killed backup's folders gone", got)
	}
}

// listTree lists every path under root with its kind and size, to see
// that nothing changed.
func listTree(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		fmt.Fprintf(&b, "%s:%v:%d ", strings.TrimPrefix(p, root), d.Type(), info.Size())
		return nil
	})
	return b.String()
}
