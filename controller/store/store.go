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
	"os"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// ErrNotFound is returned when the thing asked for does not exist.
var ErrNotFound = errors.New("không tìm thấy")

// ErrConflict is returned when a change would break a rule of the data,
// e.g. a name already taken or a slogan still used by a playlist.
var ErrConflict = errors.New("xung đột dữ liệu")

// Store is the controller's database.
//
// It holds two pools on the same file: one writer connection, so writes
// queue in Go instead of failing on SQLite's single write lock ("database
// is locked"), and a few readers, which WAL lets run beside the writer.
// The process never has more SQLite connections than these.
type Store struct {
	path string // the SQLite file, or the PostgreSQL URL
	pg   bool   // on PostgreSQL (postgres.go)
	// instance tells this Store's change notices from other controllers'
	// on a shared database; channel carries them and writeLock
	// serialises writes, both for this schema (postgres.go).
	instance  string
	channel   string
	writeLock int64
	w         *sql.DB
	r         *readers
	now       func() time.Time
	onChange  func(Change)
	// onWatchError and watching are told of WatchChanges' connection
	// failing and listening (logs, tests).
	onWatchError func(error)
	watching     func()
	// damage is the first sign of a damaged database (corrupt.go).
	damage corruption
	// zone is the zone plays are summed by day in, and summed whether
	// play_days holds every stored play summed in it (play_days.go).
	zone   atomic.Value
	summed atomic.Bool
}

// Change tells what a committed change of desired state was.
type Change struct {
	Revision int64
	Action   string
}

// Boards reports whether the change added, changed or removed a board
// (rather than only what boards show), or may have: a resync after a
// lost watch stands for any change.
func (c Change) Boards() bool {
	return strings.HasPrefix(c.Action, "board.") || strings.HasPrefix(c.Action, "group.") || c.Action == ActionResync
}

// ActionResync is the action of a Change WatchChanges reports after it
// reconnects: the current revision, whatever changed meanwhile.
const ActionResync = "resync"

// Pool sizes. Reads are short (the boards, one playlist, a page), so a
// few connections serve every browser and the publisher at once.
const (
	writers     = 1
	readerConns = 4
)

// OnChange registers fn to run after every committed change of desired
// state (not telemetry), e.g. to publish the boards' new manifests: no
// caller can forget to.
func (s *Store) OnChange(fn func(Change)) { s.onChange = fn }

// ErrNewerSchema is returned by Open for a database a newer program has
// migrated: this one would misread it.
var ErrNewerSchema = errors.New("store: database schema is newer than this program")

func defaultNow() time.Time { return time.Now().UTC() }

// SetClock makes the store time what it stamps (overrides, sessions,
// audit entries, revisions) by the controller's clock, so the whole
// controller reads one time: an override stamped by another clock than
// the boards' would start days early or late.
func (s *Store) SetClock(now func() time.Time) {
	s.now = func() time.Time { return now().UTC() }
}

// Now is the store's time: what it stamps and checks expiries against.
func (s *Store) Now() time.Time { return s.now() }

// Open opens (creating and migrating as needed) the database: a SQLite
// file, or a PostgreSQL database named by a postgres:// URL.
func Open(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, true)
}

// OpenExisting is Open for a database that must already hold an
// installation: an empty one is left as it is and ErrEmpty returned,
// where Open would start a new installation in it.
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, false)
}

func open(ctx context.Context, path string, create bool) (*Store, error) {
	if IsPostgres(path) {
		return openPostgres(ctx, path, create)
	}
	if !create {
		// Opening would create the file, or write a header into an
		// empty one: leave both as they are.
		if fi, err := os.Stat(path); errors.Is(err, os.ErrNotExist) || (err == nil && fi.Size() == 0) {
			return nil, ErrEmpty
		}
	}
	w, err := openPool(path, writers, true, "busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", walCheckpointPragma)
	if err != nil {
		return nil, err
	}
	s := &Store{path: path, w: w, now: defaultNow}
	if err := s.migrate(ctx, create); err != nil {
		w.Close()
		return nil, err
	}
	// Readers open after the migration, once the file is in WAL mode;
	// query_only makes a write sent to them by mistake an error.
	r, err := openPool(path, readerConns, false, "busy_timeout(10000)", "foreign_keys(1)", "query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	s.r = newReaders(r, true)
	return s, nil
}

func openPool(path string, size int, immediate bool, pragmas ...string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if immediate {
		// Take the write lock when a transaction begins, not at its first
		// write, so a read-then-write transaction never fails half-way.
		q.Set("_txlock", "immediate")
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(size)
	db.SetMaxIdleConns(size)
	return db, nil
}

// Close closes the database.
func (s *Store) Close() error {
	if s.r != nil {
		s.r.Close()
	}
	return s.w.Close()
}

// tx runs fn in a write transaction, committing when it returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.txLocked(ctx, true, fn)
}

// txLocked is tx; without serial, on PostgreSQL the transaction does not
// queue behind every other controller's writes: for writes with no rule
// that reads before it writes (one controller's own rows of presence).
func (s *Store) txLocked(ctx context.Context, serial bool, fn func(*sql.Tx) error) error {
	return s.Check(s.txOnce(ctx, serial, fn))
}

func (s *Store) txOnce(ctx context.Context, serial bool, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if s.pg && serial {
		// One writer at a time across every controller, as on SQLite.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, s.writeLock); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: write lock: %w", err)
		}
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

// change is the one way to change desired state (what boards show): fn
// makes the change and returns the audit detail; the same transaction
// bumps the revision and records the audit entry, and once it is
// committed the OnChange listener learns of it. No change can skip any
// of the three.
func (s *Store) change(ctx context.Context, a Actor, action string, fn func(*sql.Tx) (detail string, err error)) error {
	var rev int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		detail, err := fn(tx)
		if err != nil {
			return err
		}
		// The revision follows the clock (microseconds) and never goes
		// back: boards refuse manifests older than one they have, so a
		// database restored from a backup must still issue higher
		// revisions.
		if err := tx.QueryRowContext(ctx, `UPDATE meta SET value = CASE WHEN value + 1 > ?1 THEN value + 1 ELSE ?1 END WHERE key = 'revision' RETURNING value`, s.now().UnixMicro()).Scan(&rev); err != nil {
			return fmt.Errorf("store: bump revision: %w", err)
		}
		if err := s.notify(ctx, tx, Change{Revision: rev, Action: action}); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, detail)
	})
	if err == nil && s.onChange != nil {
		s.onChange(Change{Revision: rev, Action: action})
	}
	return err
}

// audited runs a change that boards never see (users, tokens, logins)
// with its audit entry: no new revision, no publication.
func (s *Store) audited(ctx context.Context, a Actor, action, detail string, fn func(*sql.Tx) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, detail)
	})
}

// Revision is the current state revision.
func (s *Store) Revision(ctx context.Context) (int64, error) {
	var rev int64
	err := s.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'revision'`).Scan(&rev)
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

// walCheckpointPages is how many pages the write-ahead log grows to
// before the writer copies it back into the database (SQLite's default
// is 1,000, 4 MB). Telemetry rewrites the same rows (each board's status
// and last sign of life) over and over: a switch to 10,000 boards writes
// some 2,000 pages of boards, which at the default checkpointed (copied
// and fsynced) two or three times per switch, on the controller's write
// path; perf on a real controller put the checkpoints at half of
// storing telemetry. Checkpointing every 10,000 pages (40 MB of log at
// most) copies each page once for many rewrites.
const walCheckpointPages = 10000

var walCheckpointPragma = fmt.Sprintf("wal_autocheckpoint(%d)", walCheckpointPages)
