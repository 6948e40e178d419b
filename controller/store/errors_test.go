package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// provoke runs query twice on db and returns the second error: the first
// insert takes the name, the second collides with it.
func provoke(t *testing.T, db *sql.DB, query string, first, second []any) error {
	t.Helper()
	if _, err := db.Exec(query, first...); err != nil {
		t.Fatal(err)
	}
	_, err := db.Exec(query, second...)
	if err == nil {
		t.Fatalf("%s: second insert succeeded", query)
	}
	return err
}

// provokeBusy holds a write transaction on s and tries to start another
// through a second connection that waits only briefly.
func provokeBusy(t *testing.T, s *Store, path string) error {
	t.Helper()
	holder, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback()
	if _, err := holder.Exec(`UPDATE meta SET value = value + 1 WHERE key = 'revision'`); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(20)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(context.Background(), nil)
	if err == nil {
		tx.Rollback()
		t.Fatal("a second writer began while the first held the lock")
	}
	return err
}

func TestSQLiteErrorsByCode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "codong.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := formatTime(time.Now())
	unique := provoke(t, s.w, `INSERT INTO users (username, password_hash, roles, created_at) VALUES (?, ?, 'admin', ?)`,
		[]any{"lan", "h1", now}, []any{"lan", "h2", now})
	primaryKey := provoke(t, s.w, `INSERT INTO pairings (code, token_hash, width, height, address, created_at, expires_at) VALUES (?, ?, 1, 1, '', ?, ?)`,
		[]any{"123456", "t1", now, now}, []any{"123456", "t2", now, now})
	_, notNull := s.w.Exec(`INSERT INTO users (username, password_hash, roles, created_at) VALUES ('binh', NULL, 'admin', ?)`, now)
	busy := provokeBusy(t, s, path)

	tests := []struct {
		name         string
		err          error
		busy, unique bool
	}{
		{"unique violation", unique, false, true},
		{"primary key violation", primaryKey, false, true},
		{"wrapped unique violation", fmt.Errorf("store: create user: %w", unique), false, true},
		{"not null violation", notNull, false, false},
		{"busy", busy, true, false},
		{"wrapped busy", fmt.Errorf("store: begin: %w", busy), true, false},
		// Only the code counts: the same words from elsewhere are not SQLite's.
		{"unique words without a code", errors.New("UNIQUE constraint failed: users.username"), false, false},
		{"busy words without a code", errors.New("database is locked (5) (SQLITE_BUSY)"), false, false},
		{"nil", nil, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := isBusy(tc.err); got != tc.busy {
				t.Errorf("isBusy(%v) (code %d) = %v, want %v", tc.err, sqliteCode(tc.err), got, tc.busy)
			}
			if got := isUniqueViolation(tc.err); got != tc.unique {
				t.Errorf("isUniqueViolation(%v) (code %d) = %v, want %v", tc.err, sqliteCode(tc.err), got, tc.unique)
			}
		})
	}
}

func TestCreatePairingSameCodeIsConflict(t *testing.T) {
	// The pairing code is the table's primary key: a code drawn twice must
	// read as a conflict (the caller draws again), not as a failure.
	ctx := context.Background()
	s := openTest(t)
	p := Pairing{Code: "424242", Width: 192, Height: 64, Address: "192.0.2.1", ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.CreatePairing(ctx, p, "hash-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePairing(ctx, p, "hash-2"); !errors.Is(err, ErrConflict) {
		t.Fatalf("second pairing with code %s: %v, want ErrConflict", p.Code, err)
	}
}
