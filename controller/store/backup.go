package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrBackupExists is returned by Backup when its target already exists:
// a backup never replaces a file by itself.
var ErrBackupExists = errors.New("store: backup target exists")

// BadCopyError is a copy that failed its check: it was never renamed
// into place.
type BadCopyError struct {
	Path    string
	Problem string // integrity_check's first line, or the schema versions
}

func (e *BadCopyError) Error() string {
	return fmt.Sprintf("store: backup copy %s failed its check: %s", e.Path, e.Problem)
}

// Backup writes a consistent copy of the database to path while others
// keep reading and writing it. VACUUM INTO reads one snapshot in a single
// read transaction, which WAL lets writers go on beside, and writes a
// whole, compact file with no -wal of its own. The copy is made under a
// temporary name beside path, checked (checkCopy) and synced, and only
// ErrBackupPostgres: a PostgreSQL store is backed up with the database's
// own tools (pg_dump), which copy it consistently while controllers run.
var ErrBackupPostgres = errors.New("store: backup: a PostgreSQL database is backed up with pg_dump")

// then renamed to path: path is either absent or a checked database.
func (s *Store) Backup(ctx context.Context, path string) (err error) {
	if s.pg {
		return ErrBackupPostgres
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%w: %s", ErrBackupExists, path)
	}
	// VACUUM INTO writes into an empty existing file, so a unique
	// temporary name is taken by creating it.
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if err = s.vacuumInto(ctx, tmp); err != nil {
		return err
	}
	if err = checkCopy(ctx, tmp); err != nil {
		return err
	}
	if err = syncFile(tmp); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// vacuumInto copies the database through a connection of its own: the
// readers are query_only, which SQLite applies to VACUUM INTO's output
// too, and the writer would hold up every edit for the whole copy. Its
// snapshot is a read transaction, which WAL lets writers go on beside.
func (s *Store) vacuumInto(ctx context.Context, tmp string) error {
	db, err := openPool(s.path, 1, false, "busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("store: backup: vacuum into %s: %w", tmp, err)
	}
	return nil
}

// checkCopy opens a database copy read-only and accepts it only when
// SQLite finds it whole and its schema is this program's: a copy a
// restore could start from without surprise.
func checkCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return fmt.Errorf("store: backup check: open %s: %w", path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return &BadCopyError{Path: path, Problem: err.Error()}
	}
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return &BadCopyError{Path: path, Problem: err.Error()}
		}
		lines = append(lines, line)
	}
	if err := rows.Err(); err != nil {
		return &BadCopyError{Path: path, Problem: err.Error()}
	}
	rows.Close()
	if len(lines) != 1 || lines[0] != "ok" {
		return &BadCopyError{Path: path, Problem: "integrity_check: " + strings.Join(lines, "; ")}
	}
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return &BadCopyError{Path: path, Problem: err.Error()}
	}
	if version != len(migrations) {
		return &BadCopyError{Path: path, Problem: fmt.Sprintf("schema version %d, want %d", version, len(migrations))}
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename durable. Some platforms (Windows) cannot open a
// directory for syncing; the rename is still atomic there.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	d.Sync()
	return d.Close()
}
