package controller

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codong/controller/signkey"
	"codong/internal/pgtest"
)

func newTestServer(t *testing.T, dir, database string) (*Server, error) {
	t.Helper()
	return New(context.Background(), Config{DataDir: dir, Database: database,
		AdminPassword: "mật khẩu thử nghiệm đủ dài", PasswordIterations: 1000,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// TestControllersShareOneSigningKey: the first controller to serve a
// database records its public key; a controller with another key is
// refused at start, saying which file to copy; with the first one's key
// file copied into its data folder it starts.
func TestControllersShareOneSigningKey(t *testing.T) {
	db := pgtest.URL(t)
	first, second := t.TempDir(), t.TempDir()
	s, err := newTestServer(t, first, db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = newTestServer(t, second, db)
	if err == nil || !strings.Contains(err.Error(), "khác khoá của cơ sở dữ liệu") || !strings.Contains(err.Error(), signkey.File) {
		t.Fatalf("a controller with another signing key: %v, want it refused", err)
	}
	key, err := os.ReadFile(filepath.Join(first, signkey.File))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(second, signkey.File), key, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = newTestServer(t, second, db)
	if err != nil {
		t.Fatalf("with the installation's key file: %v", err)
	}
	s.Close()
}

// TestReplacedKeyFileRefused: on SQLite too, a data folder whose key file
// was replaced (its boards pinned the old key) is refused at start rather
// than sign manifests every board would refuse.
func TestReplacedKeyFileRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := newTestServer(t, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Remove(filepath.Join(dir, signkey.File)); err != nil {
		t.Fatal(err)
	}
	if _, err := newTestServer(t, dir, ""); err == nil || !strings.Contains(err.Error(), "khác khoá của cơ sở dữ liệu") {
		t.Fatalf("a new key beside the old database: %v, want it refused", err)
	}
}
