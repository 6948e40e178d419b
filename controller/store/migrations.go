package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// migrations run in order, each in its own transaction; the number of
// those applied is kept in PRAGMA user_version. Append, never edit.
var migrations = []func(context.Context, *sql.Tx) error{
	execAll(`
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta (key, value) VALUES ('revision', 1);
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	role TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	role TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	last_used_at TEXT
);
CREATE TABLE slogans (
	id INTEGER PRIMARY KEY,
	text TEXT NOT NULL,
	style TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE TABLE playlists (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
);
CREATE TABLE playlist_items (
	id INTEGER PRIMARY KEY,
	playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
	slogan_id INTEGER NOT NULL REFERENCES slogans(id) ON DELETE RESTRICT,
	position INTEGER NOT NULL,
	seconds INTEGER NOT NULL
);
CREATE INDEX playlist_items_by_playlist ON playlist_items (playlist_id, position);
CREATE TABLE boards (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	grp TEXT NOT NULL DEFAULT '',
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	last_seen_at TEXT,
	status TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE override (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	playlist TEXT NOT NULL,
	grp TEXT NOT NULL DEFAULT '',
	since TEXT NOT NULL,
	until TEXT
);
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	detail TEXT NOT NULL
);
`),
	execAll(`
CREATE TABLE pairings (
	code TEXT PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	address TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
`),
	execAll(`ALTER TABLE boards ADD COLUMN power TEXT NOT NULL DEFAULT '[]';`),
	execAll(`
CREATE TABLE plays (
	board_id INTEGER NOT NULL,
	board_name TEXT NOT NULL,
	play_id INTEGER NOT NULL,
	playlist TEXT NOT NULL,
	item_id INTEGER NOT NULL,
	slogan_id INTEGER NOT NULL,
	title TEXT NOT NULL,
	asset TEXT NOT NULL,
	started_at TEXT NOT NULL,
	seconds INTEGER NOT NULL,
	PRIMARY KEY (board_id, play_id)
);
CREATE INDEX plays_by_time ON plays (started_at);
`),
	execAll(`
CREATE TABLE schedule (
	id INTEGER PRIMARY KEY,
	playlist TEXT NOT NULL REFERENCES playlists(slug) ON DELETE CASCADE,
	start TEXT NOT NULL,
	end TEXT NOT NULL,
	days TEXT NOT NULL DEFAULT '[]',
	grp TEXT NOT NULL DEFAULT ''
);
`),
	execAll(`
ALTER TABLE users RENAME COLUMN role TO roles;
UPDATE users SET roles = 'admin,approver,editor,operator' WHERE roles = 'admin';
ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE api_tokens RENAME COLUMN role TO roles;
UPDATE api_tokens SET roles = 'admin,approver,editor,operator' WHERE roles = 'admin';
ALTER TABLE api_tokens ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN creator TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
ALTER TABLE audit ADD COLUMN actor_key TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN roles TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_by_time ON audit (at);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TABLE versions (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	subject INTEGER NOT NULL,
	number INTEGER NOT NULL,
	body TEXT NOT NULL,
	state TEXT NOT NULL,
	author TEXT NOT NULL,
	author_name TEXT NOT NULL,
	created_at TEXT NOT NULL,
	reviewer TEXT NOT NULL DEFAULT '',
	reviewer_name TEXT NOT NULL DEFAULT '',
	reviewed_at TEXT,
	comment TEXT NOT NULL DEFAULT '',
	contributors TEXT NOT NULL DEFAULT '',
	UNIQUE (kind, subject, number)
);
CREATE INDEX versions_by_state ON versions (state, id);
ALTER TABLE slogans ADD COLUMN approved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE playlists ADD COLUMN approved INTEGER NOT NULL DEFAULT 0;
INSERT INTO meta (key, value) VALUES ('item_seq', max((SELECT COALESCE(MAX(id), 0) FROM playlist_items), (SELECT COALESCE(MAX(item_id), 0) FROM plays)));
INSERT INTO meta (key, value) VALUES ('slogan_seq', (SELECT COALESCE(MAX(id), 0) FROM slogans));
INSERT INTO meta (key, value) VALUES ('slot_seq', (SELECT COALESCE(MAX(id), 0) FROM schedule));
`),
	approveExistingContent,
	// What the controller sent boards (an item's picture at a size, with
	// its text then): plays are kept only of a sent item, with this text,
	// never the text a board reports. Rows are never deleted: a board
	// offline for weeks still reports plays of a picture replaced since.
	execAll(`
CREATE TABLE sent_items (
	item_id INTEGER NOT NULL,
	asset TEXT NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	slogan_id INTEGER NOT NULL,
	playlist TEXT NOT NULL,
	title TEXT NOT NULL,
	first_sent_at TEXT NOT NULL,
	PRIMARY KEY (item_id, asset, width, height)
);
`),
	// Groups become named things a board may be several of. Every group
	// a board, a slot (approved or drafted) or the override named keeps
	// its old text as its name and gets a slug made of it (see
	// migrateGroups), so nothing that refers to one changes meaning.
	migrateGroups,
	// Photos for exhibitions: the original is kept once, by its sha256,
	// in DATA/photos; caption, fit and style here are the approved ones
	// (as slogans.text), drafts live in versions. An item shows a slogan
	// or a photo, never both: playlist_items is rebuilt because SQLite
	// cannot drop the NOT NULL of slogan_id in place.
	execAll(`
CREATE TABLE photos (
	id INTEGER PRIMARY KEY,
	sha256 TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	bytes INTEGER NOT NULL,
	caption TEXT NOT NULL DEFAULT '',
	fit TEXT NOT NULL DEFAULT 'letterbox',
	style TEXT NOT NULL DEFAULT 'classic',
	approved INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('photo_seq', 0);
CREATE TABLE playlist_items_new (
	id INTEGER PRIMARY KEY,
	playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
	slogan_id INTEGER REFERENCES slogans(id) ON DELETE RESTRICT,
	photo_id INTEGER REFERENCES photos(id) ON DELETE RESTRICT,
	position INTEGER NOT NULL,
	seconds INTEGER NOT NULL,
	CHECK ((slogan_id IS NULL) <> (photo_id IS NULL))
);
INSERT INTO playlist_items_new (id, playlist_id, slogan_id, position, seconds)
	SELECT id, playlist_id, slogan_id, position, seconds FROM playlist_items;
DROP TABLE playlist_items;
ALTER TABLE playlist_items_new RENAME TO playlist_items;
CREATE INDEX playlist_items_by_playlist ON playlist_items (playlist_id, position);
`),
	// Countdown slogans (approved): the day they count to and the
	// message of that day; empty for a plain slogan.
	execAll(`
ALTER TABLE slogans ADD COLUMN countdown_date TEXT NOT NULL DEFAULT '';
ALTER TABLE slogans ADD COLUMN countdown_after TEXT NOT NULL DEFAULT '';
`),
	// Board IDs come from a sequence, never reused: slots, the override
	// and play records name boards by ID, and SQLite hands a deleted
	// board's ID to the next one created.
	execAll(`
INSERT INTO meta (key, value) VALUES ('board_seq', max(
	(SELECT COALESCE(MAX(id), 0) FROM boards),
	(SELECT COALESCE(MAX(board_id), 0) FROM plays),
	(SELECT COALESCE(MAX(board_id), 0) FROM schedule),
	(SELECT COALESCE(MAX(board_id), 0) FROM override)));
`),
	// A board's scroll speed in pixels per second; 0: the default for
	// its height (playlists.ScrollSpeed).
	execAll(`ALTER TABLE boards ADD COLUMN scroll_speed INTEGER NOT NULL DEFAULT 0;`),
	// Settings of the installation every controller must agree on, e.g.
	// the public key that signs manifests (AgreeSigningKey). Also in
	// pgMigrations.
	execAll(settingsTable),
	// The installation's random ID, made with the database (or on
	// upgrading one that predates it): players pin it with the key.
	// Also in pgMigrations.
	execAll(`INSERT INTO settings (key, value) VALUES ('` + installationSetting + `', lower(hex(randomblob(16))));`),
	// Versions of rows replaced whole (row_versions.go). Also in
	// pgMigrations.
	execAll(rowVersionColumns),
	// Who controls which account (four eyes against one person with two
	// accounts), the tree of API tokens, and one-time passwords
	// (control.go). Also in pgMigrations.
	execAll(controlMigration),
	// Form keys: a creating form sent twice creates once (form_keys.go).
	// Also in pgMigrations.
	execAll(formKeysTable),
	// A slot's phase: the name of the plan's phase it belongs to, shared
	// by its sessions (schedule.go). Also in pgMigrations.
	execAll(phaseColumn),
	// Units: the tree of levels (units.go), and the unit of every row
	// that belongs to one; everything already there is the root's. Also
	// in pgMigrations.
	execAll(unitsTable + "\n" + unitColumns + "\n" + groupNamesPerUnitSQLite),
	// Switches side by side: one per unit and target (override.go).
	// Also in pgMigrations.
	execAll(switchesTable),
	// A play keeps the unit of its board when it was stored, so a
	// unit's report still counts a board it removed. Also in
	// pgMigrations.
	execAll(playsUnitColumn),
	// A unit's rename names the version it was made from. Also in
	// pgMigrations.
	execAll(unitVersionColumns),
	// A unit's report reads its own plays (report.go). Also in
	// pgMigrations.
	execAll(playsByUnit),
	// Board names unique per unit (units.go). Also in pgMigrations.
	execAll(boardNamesPerUnitSQLite),
	// Content belongs to units (content_units.go). Also in
	// pgMigrations.
	execAll(contentUnitColumns),
	// Photos belong to units, deduplicated per unit (content_units.go).
	// Also in pgMigrations.
	execAll(photosPerUnitSQLite),
	// Plays summed by day, board and item (play_days.go). Also in
	// pgMigrations.
	execAll(playDaysTable),
	// Alerts: their targets, events, deliveries and thresholds
	// (alerts.go). Also in pgMigrations.
	execAll(alertsTables),
	// Player releases, rollouts and boards' update reports
	// (releases.go). Also in pgMigrations.
	execAll(releasesTables),
	// Receivers told once a day, a digest (alerts.go). Also in
	// pgMigrations.
	execAll(alertDigestColumn),
}

// phaseColumn is the same text on both engines.
const phaseColumn = `ALTER TABLE schedule ADD COLUMN phase TEXT NOT NULL DEFAULT '';`

// settingsTable is the same text on both engines.
const settingsTable = `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`

func execAll(stmts string) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, stmts)
		return err
	}
}

// migrate brings the schema up to date; a database with no schema yet
// is ErrEmpty unless create.
func (s *Store) migrate(ctx context.Context, create bool) error {
	var applied int
	var err error
	// A new file being switched to WAL by another process answers "busy"
	// without waiting; give it a moment.
	for range 100 {
		if err = s.w.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&applied); err == nil || !isBusy(err) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if applied > len(migrations) {
		return fmt.Errorf("%w: database at schema %d, this program knows %d", ErrNewerSchema, applied, len(migrations))
	}
	if applied == 0 && !create {
		return ErrEmpty
	}
	for i := applied; i < len(migrations); i++ {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			// Another process (the CLI beside a starting server) may have
			// applied it meanwhile: transactions here take the write lock
			// first (_txlock=immediate), so this check is reliable.
			var now int
			if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&now); err != nil {
				return err
			}
			if now > i {
				return nil
			}
			if err := migrations[i](ctx, tx); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %d: %w", i+1, err)
		}
	}
	return nil
}

// migrateGroups turns the free-text group of boards, slots and the
// override into named groups: each distinct text becomes a group named
// by it, with a slug made of it as for a new group (ASCII, so it reads in
// URLs), and every reference is rewritten to the slug, drafted schedule
// versions included.
func migrateGroups(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `
CREATE TABLE groups (
	slug TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);
CREATE TABLE board_groups (
	board_id INTEGER NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
	grp TEXT NOT NULL REFERENCES groups(slug) ON DELETE CASCADE,
	PRIMARY KEY (board_id, grp)
);
CREATE INDEX board_groups_by_group ON board_groups (grp);
ALTER TABLE schedule ADD COLUMN from_day TEXT NOT NULL DEFAULT '';
ALTER TABLE schedule ADD COLUMN to_day TEXT NOT NULL DEFAULT '';
ALTER TABLE schedule ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedule ADD COLUMN board_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedule ADD COLUMN overnight INTEGER NOT NULL DEFAULT 0;
ALTER TABLE override ADD COLUMN board_id INTEGER NOT NULL DEFAULT 0;
`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT g FROM (
	SELECT grp AS g FROM boards
	UNION SELECT grp FROM schedule
	UNION SELECT grp FROM override
	UNION SELECT json_extract(j.value, '$.group') FROM versions v, json_each(v.body, '$.slots') j WHERE v.kind = 'schedule'
) WHERE g IS NOT NULL AND g <> '' ORDER BY g`)
	if err != nil {
		return err
	}
	var olds []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			rows.Close()
			return err
		}
		olds = append(olds, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// A group already written as a slug keeps it (scripts may name it):
	// those go first, so a marked twin ("Chợ" beside "cho") gets "cho-2".
	slices.SortStableFunc(olds, func(a, b string) int {
		return cmp.Compare(b2i(GroupSlug(a) != a), b2i(GroupSlug(b) != b))
	})
	slugs := make(map[string]string, len(olds))
	now := formatTime(time.Now())
	for _, old := range olds {
		slug, err := freeSlug(ctx, tx, "groups", GroupSlug(old))
		if err != nil {
			return err
		}
		slugs[old] = slug
		if _, err := tx.ExecContext(ctx, `INSERT INTO groups (slug, name, created_at) VALUES (?, ?, ?)`, slug, old, now); err != nil {
			return err
		}
		for _, q := range []string{
			`INSERT INTO board_groups (board_id, grp) SELECT id, ? FROM boards WHERE grp = ?`,
			`UPDATE schedule SET grp = ? WHERE grp = ?`,
			`UPDATE override SET grp = ? WHERE grp = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, slug, old); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `ALTER TABLE boards DROP COLUMN grp`); err != nil {
		return err
	}
	return rewriteDraftGroups(ctx, tx, slugs)
}

// rewriteDraftGroups points the slots of every schedule version at the
// groups' slugs. Versions are otherwise never rewritten; this keeps
// their meaning, which is the point of keeping them.
func rewriteDraftGroups(ctx context.Context, tx *sql.Tx, slugs map[string]string) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, body FROM versions WHERE kind = 'schedule'`)
	if err != nil {
		return err
	}
	type version struct {
		id   int64
		body string
	}
	var vs []version
	for rows.Next() {
		var v version
		if err := rows.Scan(&v.id, &v.body); err != nil {
			rows.Close()
			return err
		}
		vs = append(vs, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, v := range vs {
		var body struct {
			Slots []map[string]any `json:"slots"`
		}
		if err := json.Unmarshal([]byte(v.body), &body); err != nil {
			return fmt.Errorf("schedule version %d: %w", v.id, err)
		}
		changed := false
		for _, sl := range body.Slots {
			if g, ok := sl["group"].(string); ok && slugs[g] != "" && slugs[g] != g {
				sl["group"], changed = slugs[g], true
			}
		}
		if !changed {
			continue
		}
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE versions SET body = ? WHERE id = ?`, string(data), v.id); err != nil {
			return err
		}
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
