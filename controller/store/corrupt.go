package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	sqlite3 "modernc.org/sqlite/lib"
)

// CorruptError means the database's file (or PostgreSQL's storage) is
// damaged: a page SQLite cannot read as what it should be. Nothing the
// program does fixes it; only a backup restores what was there.
type CorruptError struct {
	// Detail is what the check or the engine said.
	Detail string
}

func (e *CorruptError) Error() string { return "store: the database is damaged: " + e.Detail }

// IsCorrupt reports whether err says the database is damaged: SQLite's
// SQLITE_CORRUPT ("database disk image is malformed") or SQLITE_NOTADB,
// PostgreSQL's data_corrupted or index_corrupted, or a *CorruptError.
func IsCorrupt(err error) bool {
	if err == nil {
		return false
	}
	var ce *CorruptError
	if errors.As(err, &ce) {
		return true
	}
	switch sqliteCode(err) & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	switch pgCode(err) {
	case "XX001", "XX002":
		return true
	}
	// A driver error wrapped as text on the way (fmt.Errorf with %v).
	return strings.Contains(err.Error(), "database disk image is malformed")
}

// QuickCheck runs SQLite's PRAGMA quick_check: every page of every table
// and index is read and its structure checked (not that indexes agree
// with their tables: integrity_check, which does, takes several times as
// long). A damaged database is a *CorruptError; a check that ctx cut
// short is ctx's error. On PostgreSQL, which checks its own pages as it
// reads them, it does nothing.
func (s *Store) QuickCheck(ctx context.Context) error {
	if s.pg {
		return nil
	}
	rows, err := s.r.QueryContext(ctx, `PRAGMA quick_check(20)`)
	if err != nil {
		return s.quickCheckErr(ctx, err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return s.quickCheckErr(ctx, err)
		}
		if line != "ok" {
			found = append(found, line)
		}
	}
	if err := rows.Err(); err != nil {
		return s.quickCheckErr(ctx, err)
	}
	if len(found) > 0 {
		return &CorruptError{Detail: strings.Join(found, "; ")}
	}
	return nil
}

func (s *Store) quickCheckErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if IsCorrupt(err) {
		return &CorruptError{Detail: err.Error()}
	}
	return fmt.Errorf("store: quick_check: %w", err)
}

// corruption remembers the first damage the store met while running,
// for /healthz and the pages, and whom to tell.
type corruption struct {
	mu     sync.Mutex
	first  error
	notify func(error)
}

// OnCorrupt registers fn to run once, the first time a statement fails
// because the database is damaged (Check).
func (s *Store) OnCorrupt(fn func(error)) {
	s.damage.mu.Lock()
	s.damage.notify = fn
	s.damage.mu.Unlock()
}

// Check looks at an error a statement of this store returned: one that
// says the database is damaged is remembered (Corrupted) and reported
// once to OnCorrupt. It returns err unchanged. Every write transaction
// goes through it; callers that read (the publisher, the pages) pass
// their failures to it too.
func (s *Store) Check(err error) error {
	if !IsCorrupt(err) {
		return err
	}
	s.damage.mu.Lock()
	first := s.damage.first == nil
	if first {
		s.damage.first = err
	}
	notify := s.damage.notify
	s.damage.mu.Unlock()
	if first && notify != nil {
		notify(err)
	}
	return err
}

// Corrupted returns the first damage Check met, or nil.
func (s *Store) Corrupted() error {
	s.damage.mu.Lock()
	defer s.damage.mu.Unlock()
	return s.damage.first
}
