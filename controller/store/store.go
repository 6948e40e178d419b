// Package store keeps the controller's state in SQLite: plain SQL,
// migrations in transactions, one method per question or change. Every
// change is written together with its audit record and bumps the state
// revision that manifests carry.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// ErrNotFound is returned when the thing asked for does not exist.
var ErrNotFound = errors.New("không tìm thấy")

// ErrConflict is returned when a change would break a rule of the data,
// e.g. a name already taken or a slogan still used by a playlist.
var ErrConflict = errors.New("xung đột dữ liệu")

// Store is the controller's database.
type Store struct {
	db       *sql.DB
	now      func() time.Time
	onChange func()
}

// OnChange registers fn to run after every committed change of desired
// state (not telemetry), e.g. to publish the boards' new manifests: no
// caller can forget to.
func (s *Store) OnChange(fn func()) { s.onChange = fn }

// Open opens (creating and migrating as needed) the database file.
func Open(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, now: func() time.Time { return time.Now().UTC() }}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// tx runs fn in a transaction, committing when it returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// change runs fn in a transaction that also records an audit entry and
// bumps the revision, so no change can skip either.
func (s *Store) change(ctx context.Context, actor, action, detail string, fn func(*sql.Tx) error) error {
	return s.changing(ctx, func(tx *sql.Tx) error {
		return s.changeTx(ctx, tx, actor, action, detail, func() error { return fn(tx) })
	})
}

// changing runs a transaction that makes a change (through changeTx) and
// tells the OnChange listener once it is committed.
func (s *Store) changing(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.tx(ctx, fn); err != nil {
		return err
	}
	if s.onChange != nil {
		s.onChange()
	}
	return nil
}

// changeTx is change inside a transaction the caller already holds, for
// changes whose audit detail needs what the transaction reads.
func (s *Store) changeTx(ctx context.Context, tx *sql.Tx, actor, action, detail string, fn func() error) error {
	if err := fn(); err != nil {
		return err
	}
	// The revision follows the clock (microseconds) and never goes back:
	// boards refuse manifests older than one they have, so a database
	// restored from a backup must still issue higher revisions.
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = max(value + 1, ?) WHERE key = 'revision'`, s.now().UnixMicro()); err != nil {
		return fmt.Errorf("store: bump revision: %w", err)
	}
	return s.audit(ctx, tx, actor, action, detail)
}

// Revision is the current state revision.
func (s *Store) Revision(ctx context.Context) (int64, error) {
	var rev int64
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'revision'`).Scan(&rev)
	if err != nil {
		return 0, fmt.Errorf("store: revision: %w", err)
	}
	return rev, nil
}

// timeLayout has a fixed width, so stored times compare correctly as
// text in SQL (RFC3339Nano drops trailing zeros and would not).
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func parseNullTime(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	return parseTime(s.String)
}
