package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Boards, groups, users and playlists' names are settings an officer
// replaces whole from a form or a script. Like slogans and photos (whose
// versions are kept, versions.go), each change names the version it was
// made from: a second operator's save from an older form is refused with
// who changed the thing meanwhile, never silently written over theirs.
// Each such row counts its changes (version) and keeps who made the last
// one; rowVersionColumns adds them on both engines.
const rowVersionColumns = `
ALTER TABLE boards ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE boards ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE boards ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE groups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE groups ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE groups ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE playlists ADD COLUMN name_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE playlists ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE playlists ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';
`

// ChangedError refuses a change made from an older version of a row
// than the one stored: somebody else saved it meanwhile.
type ChangedError struct {
	What    string // "board", "group", "user", "playlist"
	Version int    // the version stored now
	By      string // who saved it; "" when nobody has since it was made
	At      time.Time
}

func (e *ChangedError) Error() string {
	return fmt.Sprintf("store: %s changed by %q: now version %d", e.What, e.By, e.Version)
}

// rowVersion names one kind of versioned row: its table, the column
// that identifies it and the one that counts its changes.
type rowVersion struct {
	what, table, key, column string
}

var (
	boardRow    = rowVersion{"board", "boards", "id", "version"}
	groupRow    = rowVersion{"group", "groups", "slug", "version"}
	userRow     = rowVersion{"user", "users", "id", "version"}
	playlistRow = rowVersion{"playlist", "playlists", "slug", "name_version"}
	unitRow     = rowVersion{"unit", "units", "id", "version"}
)

// claim checks, inside the change's transaction, that the row is still
// at base and counts the change as a's. Writes run one at a time (one
// SQLite writer; the PostgreSQL write lock), so nothing can slip in
// between the check and the change.
func (r rowVersion) claim(ctx context.Context, tx *sql.Tx, a Actor, now time.Time, id any, base int) error {
	var version int
	var by, at string
	err := tx.QueryRowContext(ctx, `SELECT `+r.column+`, changed_by, changed_at FROM `+r.table+` WHERE `+r.key+` = ?`, id).Scan(&version, &by, &at)
	if err != nil {
		return notFound(err)
	}
	if version != base {
		e := &ChangedError{What: r.what, Version: version, By: by}
		if at != "" {
			e.At = parseTime(at)
		}
		return e
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+r.table+` SET `+r.column+` = `+r.column+` + 1, changed_by = ?, changed_at = ? WHERE `+r.key+` = ?`,
		a.Name, formatTime(now), id)
	return err
}
