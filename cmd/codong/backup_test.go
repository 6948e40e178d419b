package main

import (
	"context"
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
	boards, err := st.Boards(ctx)
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
