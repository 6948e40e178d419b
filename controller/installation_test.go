package controller

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codong/controller/signkey"
	"codong/controller/store"
	"codong/internal/pgtest"
)

// TestEmptyDatabaseBesideKeyRefused: a data folder that holds the
// installation's key but whose database is missing or empty does not
// start a new installation (which would revoke every board that
// connects): the controller refuses, says how to restore and how to
// start anew on purpose, and creates nothing, so the next start is
// refused too. With the key moved away it starts, as a new installation.
func TestEmptyDatabaseBesideKeyRefused(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, db string)
	}{
		{"database removed", func(t *testing.T, db string) {
			for _, p := range []string{db, db + "-wal", db + "-shm"} {
				if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
					t.Fatal(err)
				}
			}
		}},
		{"database emptied", func(t *testing.T, db string) {
			for _, p := range []string{db + "-wal", db + "-shm"} {
				os.Remove(p)
			}
			if err := os.Truncate(db, 0); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := newTestServer(t, dir, "")
			if err != nil {
				t.Fatal(err)
			}
			first := s.installation
			s.Close()
			db := filepath.Join(dir, "codong.db")
			tc.spoil(t, db)
			for range 2 {
				_, err := newTestServer(t, dir, "")
				checkEmptyRefusal(t, err, "codong backup")
			}
			if fi, err := os.Stat(db); err == nil && fi.Size() != 0 {
				t.Fatalf("after the refusals the database file holds %d bytes, want it left empty or missing", fi.Size())
			}
			if st, err := store.OpenExisting(ctx, db); !errors.Is(err, store.ErrEmpty) {
				if st != nil {
					st.Close()
				}
				t.Fatalf("after the refusals the database opens (%v): something was created", err)
			}
			// The CLI refuses too: `codong user passwd` would otherwise
			// make the new installation the next start accepts.
			if st, err := OpenStore(ctx, dir, ""); err == nil {
				st.Close()
				t.Fatal("the command line opened an empty database beside the key")
			}

			if err := os.Rename(filepath.Join(dir, signkey.File), filepath.Join(dir, signkey.File+".cu")); err != nil {
				t.Fatal(err)
			}
			s, err = newTestServer(t, dir, "")
			if err != nil {
				t.Fatalf("with the key moved away: %v", err)
			}
			defer s.Close()
			if s.installation == "" || s.installation == first {
				t.Fatalf("the new start is installation %q, want a new one (the old was %q)", s.installation, first)
			}
		})
	}
}

// TestEmptyPostgresBesideKeyRefused: the same on PostgreSQL, for a data
// folder with the installation's key and a --db with no schema of
// codong's in it (a wrong URL, a database dropped and made again).
func TestEmptyPostgresBesideKeyRefused(t *testing.T) {
	ctx := context.Background()
	db := pgtest.URL(t)
	dir := t.TempDir()
	s, err := newTestServer(t, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for range 2 {
		_, err := newTestServer(t, dir, db)
		checkEmptyRefusal(t, err, "pg_dump")
	}
	if st, err := store.OpenExisting(ctx, db); !errors.Is(err, store.ErrEmpty) {
		if st != nil {
			st.Close()
		}
		t.Fatalf("after the refusals the schema opens (%v): something was created", err)
	}
	// A controller whose folder has no key yet makes the installation.
	s, err = newTestServer(t, t.TempDir(), db)
	if err != nil {
		t.Fatalf("first controller of a new PostgreSQL installation: %v", err)
	}
	s.Close()
}

func checkEmptyRefusal(t *testing.T, err error, restore string) {
	t.Helper()
	if err == nil {
		t.Fatal("the controller started on an empty database beside the installation's key")
	}
	for _, want := range []string{"không chạy", signkey.File, "trống", restore, "docs/operations.md", "dời khoá đi", "ghép nối lại"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q does not mention %q", err, want)
		}
	}
}

// TestDatabaseWithoutInstallationRefused: a database whose installation
// record is gone (edited by hand) is not served under a new identity.
func TestDatabaseWithoutInstallationRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := newTestServer(t, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	conn, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "codong.db"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.ExecContext(ctx, `DELETE FROM settings WHERE key = 'installation'`)
	conn.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newTestServer(t, dir, ""); err == nil || !strings.Contains(err.Error(), "mã hệ thống") || !strings.Contains(err.Error(), "sao lưu") {
		t.Fatalf("a database without its installation record: %v, want a refusal", err)
	}
}
