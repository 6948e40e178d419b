package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"codong/playlists"
)

// Content belongs to units as boards do: a slogan, photo, playlist or
// schedule slot is its unit's, edited by that unit's editors and
// approved by an approver of that unit or above it (four eyes per
// level). A unit may mark a slogan, photo or playlist "from above"
// (from_above): every unit under it then finds it, read-only, in its own
// library, to put in its own playlists and slots. A slot can be
// mandatory for the units below: it then outranks every slot they make
// (playlists.Slot.Above).

// contentUnitColumns give content its unit; everything already there is
// the root's, as it was before units. The two playlists the controller
// relies on (the default and "Mừng Đại hội thành công") are the root's
// and given to every unit below: every board plays the one and can be
// switched to the other. Photos are deduplicated per unit
// from now on (see photosPerUnitSQLite). Same text on both engines.
const contentUnitColumns = `ALTER TABLE slogans ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE slogans ADD COLUMN from_above BIGINT NOT NULL DEFAULT 0;
ALTER TABLE playlists ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE playlists ADD COLUMN from_above BIGINT NOT NULL DEFAULT 0;
ALTER TABLE schedule ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE schedule ADD COLUMN mandatory BIGINT NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
UPDATE playlists SET from_above = 1 WHERE slug IN ('default', 'congress-success');
CREATE INDEX slogans_by_unit ON slogans (unit_id);
CREATE INDEX playlists_by_unit ON playlists (unit_id);
CREATE INDEX versions_by_unit ON versions (unit_id, state);`

// photosPerUnitSQLite gives photos their unit and lets two units each
// upload the same file: a photo is one unit's, and finding the file
// already stored by a sibling would tell that the sibling has it.
// SQLite cannot drop a UNIQUE in place, so photos is rebuilt;
// playlist_items, which refers to it, is set aside and put back.
const photosPerUnitSQLite = `CREATE TABLE playlist_items_keep AS SELECT id, playlist_id, slogan_id, photo_id, position, seconds FROM playlist_items;
DROP TABLE playlist_items;
CREATE TABLE photos_new (
	id INTEGER PRIMARY KEY,
	sha256 TEXT NOT NULL,
	name TEXT NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	bytes INTEGER NOT NULL,
	caption TEXT NOT NULL DEFAULT '',
	fit TEXT NOT NULL DEFAULT 'letterbox',
	style TEXT NOT NULL DEFAULT 'classic',
	approved INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	unit_id BIGINT NOT NULL DEFAULT 1,
	from_above BIGINT NOT NULL DEFAULT 0
);
INSERT INTO photos_new (id, sha256, name, width, height, bytes, caption, fit, style, approved, created_at, updated_at)
	SELECT id, sha256, name, width, height, bytes, caption, fit, style, approved, created_at, updated_at FROM photos;
DROP TABLE photos;
ALTER TABLE photos_new RENAME TO photos;
CREATE UNIQUE INDEX photos_per_unit ON photos (unit_id, sha256);
CREATE TABLE playlist_items (
	id INTEGER PRIMARY KEY,
	playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
	slogan_id INTEGER REFERENCES slogans(id) ON DELETE RESTRICT,
	photo_id INTEGER REFERENCES photos(id) ON DELETE RESTRICT,
	position INTEGER NOT NULL,
	seconds INTEGER NOT NULL,
	CHECK ((slogan_id IS NULL) <> (photo_id IS NULL))
);
INSERT INTO playlist_items (id, playlist_id, slogan_id, photo_id, position, seconds)
	SELECT id, playlist_id, slogan_id, photo_id, position, seconds FROM playlist_items_keep;
DROP TABLE playlist_items_keep;
CREATE INDEX playlist_items_by_playlist ON playlist_items (playlist_id, position);`

// photosPerUnitPostgres is the same change in PostgreSQL's words.
const photosPerUnitPostgres = `ALTER TABLE photos ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE photos ADD COLUMN from_above BIGINT NOT NULL DEFAULT 0;
ALTER TABLE photos DROP CONSTRAINT photos_sha256_key;
CREATE UNIQUE INDEX photos_per_unit ON photos (unit_id, sha256);`

// ErrFromAbove refuses a change to content a unit above made and shared
// down: the units below may use it, not change it.
var ErrFromAbove = errors.New("store: content from a unit above is read-only here")

// reachContent finds the unit of a slogan, photo or playlist (table's
// row whose key equals value) for a change by a: its own unit's or one
// below it. Content shared from above is ErrFromAbove; any other unit's
// is as absent as content that does not exist.
func reachContent(ctx context.Context, q querier, a Actor, table, key string, value any) (int64, error) {
	unit, shared, err := contentOfRow(ctx, q, table, key, value)
	if err != nil {
		return 0, err
	}
	if a.OwnUnit() == RootUnit {
		return unit, nil
	}
	t, err := readTree(ctx, q)
	if err != nil {
		return 0, err
	}
	switch {
	case t.Within(unit, a.OwnUnit()):
		return unit, nil
	case shared && t.Within(a.OwnUnit(), unit):
		return 0, ErrFromAbove
	}
	return 0, ErrNotFound
}

// contentOfRow is the unit of a slogan, photo or playlist (table's row
// whose key equals value) and whether it is shared down.
func contentOfRow(ctx context.Context, q querier, table, key string, value any) (unit int64, shared bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT unit_id, from_above != 0 FROM `+table+` WHERE `+key+` = ?`, value).Scan(&unit, &shared)
	return unit, shared, notFound(err)
}

// usable finds the unit of a slogan, photo or playlist that content of
// unit may use (an item of its playlist, a slot of its schedule, its
// switch): its own, one under it (the actor already sees those), or one
// shared down from a unit above it. Anything else is ErrNotFound.
func usable(ctx context.Context, q querier, unit int64, table, key string, value any) (int64, error) {
	owner, shared, err := contentOfRow(ctx, q, table, key, value)
	if err != nil {
		return 0, err
	}
	t, err := readTree(ctx, q)
	if err != nil {
		return 0, err
	}
	if t.Within(owner, unit) || (shared && t.Within(unit, owner)) {
		return owner, nil
	}
	return 0, ErrNotFound
}

// Place is where new content goes: its unit (a slug; "": the actor's
// own) and whether that unit gives it to the units below at once.
type Place struct {
	Unit      string
	FromAbove bool
}

// flag is FromAbove as stored.
func (p Place) flag() int {
	if p.FromAbove {
		return 1
	}
	return 0
}

// ShareDown marks a slogan, photo or playlist of the actor's units as
// given to the units below (from above), or takes that back; what units
// below already put in their playlists stays there.
func (s *Store) ShareDown(ctx context.Context, a Actor, kind string, id int64, on bool) error {
	table, ok := map[string]string{KindSlogan: "slogans", KindPhoto: "photos", KindPlaylist: "playlists"}[kind]
	if !ok {
		return fmt.Errorf("store: share %q", kind)
	}
	action := kind + ".share"
	if !on {
		action = kind + ".unshare"
	}
	return s.change(ctx, a, action, func(tx *sql.Tx) (string, error) {
		detail := fmt.Sprintf("#%d", id)
		if _, err := reachContent(ctx, tx, a, table, "id", id); err != nil {
			return detail, err
		}
		if kind == KindPlaylist && !on {
			var slug string
			if err := tx.QueryRowContext(ctx, `SELECT slug FROM playlists WHERE id = ?`, id).Scan(&slug); err != nil {
				return detail, err
			}
			if builtIn(slug) {
				return detail, &PlaylistInUseError{Why: UseBuiltIn}
			}
		}
		flag := 0
		if on {
			flag = 1
		}
		_, err := tx.ExecContext(ctx, `UPDATE `+table+` SET from_above = ? WHERE id = ?`, flag, id)
		return detail, err
	})
}

// inUnit answers ErrNotFound unless the row of table whose key equals
// value belongs to unit or a unit under it.
func inUnit(ctx context.Context, q querier, unit int64, table, key string, value any) error {
	owner, err := unitOfRow(ctx, q, table, key, value)
	if err != nil {
		return err
	}
	return within(ctx, q, owner, unit)
}

// subjectUnit is the unit a version of kind's subject belongs to.
func subjectUnit(ctx context.Context, q querier, kind string, subject int64) (int64, error) {
	table, ok := map[string]string{KindSlogan: "slogans", KindPhoto: "photos", KindPlaylist: "playlists"}[kind]
	if !ok {
		return scheduleUnit(subject), nil
	}
	var unit int64
	err := q.QueryRowContext(ctx, `SELECT unit_id FROM `+table+` WHERE id = ?`, subject).Scan(&unit)
	if errors.Is(err, sql.ErrNoRows) {
		// Deleted since: its versions stay its unit's (approving one
		// then fails with ErrGone).
		err = q.QueryRowContext(ctx, `SELECT unit_id FROM versions WHERE kind = ? AND subject = ? ORDER BY number DESC LIMIT 1`, kind, subject).Scan(&unit)
	}
	return unit, notFound(err)
}

// actorReaches answers ErrNotFound unless unit is the actor's own or
// lies under it.
func actorReaches(ctx context.Context, q querier, a Actor, unit int64) error {
	return within(ctx, q, unit, a.OwnUnit())
}

// BoardSlots are the slots of schedules that reach a board of unit aimed
// at target: its own unit's and those of the units above it, a slot made
// mandatory carrying the rank of its unit's level (playlists.Slot.Above).
// The fleet cuts manifests with it and the calendar shows plans with it,
// so what a board plays and what the calendar shows agree.
func BoardSlots(slots []ScheduleSlot, t *Tree, unit int64, target playlists.Target) []ScheduleSlot {
	var out []ScheduleSlot
	for _, sl := range slots {
		owner := sl.UnitID
		if owner == 0 {
			owner = RootUnit
		}
		if !sl.AppliesTo(target) || !t.Within(unit, owner) {
			continue
		}
		if sl.Mandatory {
			u, _ := t.ByID(owner)
			sl.Above = max(1, MaxUnitDepth+1-u.Depth)
		}
		out = append(out, sl)
	}
	return out
}

// builtIn reports whether slug is one of the playlists the controller
// relies on: the root's, always given to the units below.
func builtIn(slug string) bool {
	return slug == playlists.DefaultSlug || slug == playlists.CongressSuccessSlug
}

// checkUnitCount refuses a new row of table in unit once the unit holds
// limit of them (one unit cannot use up another's room, nor learn how
// much another holds), or the installation all of them.
func checkUnitCount(ctx context.Context, tx *sql.Tx, field string, limit, all int, table string, unit int64) error {
	if err := checkCount(ctx, tx, field, limit, `SELECT COUNT(*) FROM `+table+` WHERE unit_id = ?`, unit); err != nil {
		return err
	}
	return checkCount(ctx, tx, field, all, `SELECT COUNT(*) FROM `+table)
}
