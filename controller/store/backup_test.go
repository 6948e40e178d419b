package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// sloganTexts fills s with n slogans and returns their texts.
func sloganTexts(t *testing.T, s *Store, n int, prefix string) []string {
	t.Helper()
	var texts []string
	for i := range n {
		text := fmt.Sprintf("%s khẩu hiệu số %d", prefix, i)
		if _, err := s.CreateSlogan(context.Background(), ed, text, "classic"); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, text)
	}
	return texts
}

func TestBackupWhileWriting(t *testing.T) {
	skipOnPostgres(t, "a SQLite file's online copy")
	ctx := context.Background()
	s := openTest(t)
	committed := sloganTexts(t, s, 200, "Trước sao lưu")

	// Edits go on during the copy, from another goroutine as from the
	// web UI: the copy must not wait for them nor they for it.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var during int
	var writeErr error
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.CreateSlogan(ctx, ed, fmt.Sprintf("Trong lúc sao lưu %d", during), "classic"); err != nil {
				writeErr = err
				return
			}
			during++
		}
	})
	out := filepath.Join(t.TempDir(), "codong.db")
	err := s.Backup(ctx, out)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if writeErr != nil {
		t.Fatalf("write beside the backup: %v", writeErr)
	}
	t.Logf("%d slogans written during the backup", during)

	if err := checkCopy(ctx, out); err != nil {
		t.Fatalf("check of the finished copy: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left beside the backup: %v", leftovers)
	}
	restored, err := Open(ctx, out)
	if err != nil {
		t.Fatalf("open the copy as a store: %v", err)
	}
	defer restored.Close()
	got, err := restored.Slogans(ctx, Everything)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, sl := range got {
		have[sl.Text] = true
	}
	for _, text := range committed {
		if !have[text] {
			t.Fatalf("copy lacks %q, committed before the backup", text)
		}
	}
	if len(got) > len(committed)+during {
		t.Errorf("copy has %d slogans, more than the %d ever written", len(got), len(committed)+during)
	}
}

func TestBackupRefusesExistingFile(t *testing.T) {
	skipOnPostgres(t, "a SQLite file's online copy")
	ctx := context.Background()
	s := openTest(t)
	out := filepath.Join(t.TempDir(), "codong.db")
	if err := os.WriteFile(out, []byte("bản sao lưu hôm qua"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, out); !errors.Is(err, ErrBackupExists) {
		t.Fatalf("backup over an existing file: %v, want ErrBackupExists", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "bản sao lưu hôm qua" {
		t.Errorf("existing file changed to %q", b)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("files beside the refused backup: %v", entries)
	}
}

// TestCheckCopyRefusesDamage: what Backup checks before renaming a copy
// into place. A damaged copy fails it, so it never becomes the backup.
func TestCheckCopyRefusesDamage(t *testing.T) {
	skipOnPostgres(t, "a SQLite file's online copy")
	ctx := context.Background()
	s := openTest(t)
	sloganTexts(t, s, 300, "Khẩu hiệu")
	good := filepath.Join(t.TempDir(), "codong.db")
	if err := s.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 8*4096 {
		t.Fatalf("copy of %d bytes too small to damage in the middle", len(data))
	}
	corrupt := append([]byte(nil), data...)
	for i := len(data) / 2; i < len(data)/2+4096; i++ {
		corrupt[i] = 0xA5
	}
	for _, tc := range []struct {
		name string
		data []byte
		prep func(path string) error
	}{
		{name: "truncated", data: data[:len(data)/2]},
		{name: "overwritten page", data: corrupt},
		{name: "empty", data: []byte{}},
		{name: "not a database", data: []byte("đây không phải cơ sở dữ liệu SQLite, chỉ là chữ")},
		{name: "older schema", data: data, prep: func(path string) error {
			old, err := Open(ctx, path)
			if err != nil {
				return err
			}
			defer old.Close()
			_, err = old.w.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, len(migrations)-1))
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "codong.db")
			if err := os.WriteFile(path, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			if tc.prep != nil {
				if err := tc.prep(path); err != nil {
					t.Fatal(err)
				}
			}
			err := checkCopy(ctx, path)
			var bad *BadCopyError
			if !errors.As(err, &bad) {
				t.Fatalf("check of a damaged copy: %v, want a BadCopyError", err)
			}
			t.Log(err)
		})
	}
}
