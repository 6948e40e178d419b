package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"codong/playlists"
)

// Unit is a level of the campaign (đơn vị): the installation's root (a
// province or a commune) and the units under it (communes; hamlets,
// agencies, schools). Boards, groups, people and tokens belong to one; a
// role held in a unit applies to it and to everything under it, and
// nothing of a unit is seen from a sibling. Its Slug is given once, from
// its first name, and never changes: scripts name units by it.
type Unit struct {
	ID     int64  `json:"-"`
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Parent string `json:"parent"` // the parent's slug; "" for the root
	// Depth is 1 for the root, 2 for a unit right under it, and so on,
	// up to MaxUnitDepth.
	Depth     int       `json:"depth"`
	CreatedAt time.Time `json:"created_at"`
	// Version counts renames: a rename names the version it was made
	// from (row_versions.go).
	Version int `json:"version"`

	parentID int64
}

const (
	// RootUnit is the root's ID; every row made before units existed
	// belongs to it, and so does whatever the command line makes
	// without --unit.
	RootUnit int64 = 1
	// RootUnitSlug is the root's slug, fixed so that scripts can name it
	// on any installation.
	RootUnitSlug = "goc"
	// MaxUnitDepth bounds the tree: province, commune, hamlet and one
	// more (a Party cell, a school's class).
	MaxUnitDepth = playlists.MaxLevels
	// MaxUnits bounds the units of one installation: a province's ~100
	// communes with their hamlets and agencies, with room.
	MaxUnits = 5000
	// MaxUnitRunes bounds a unit's name ("Đảng bộ xã Liên Minh").
	MaxUnitRunes = 120
)

// Fields of units, for errors.
const (
	FieldUnit       = "unit"
	FieldUnitName   = "unit.name"
	FieldUnitParent = "unit.parent"
	FieldUnits      = "units"
)

// unitsTable is the same text on both engines: the root is made with it,
// named for what it is until the first run names the commune.
const unitsTable = `CREATE TABLE units (
	id BIGINT PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	parent_id BIGINT REFERENCES units(id),
	created_at TEXT NOT NULL
);
INSERT INTO units (id, slug, name, parent_id, created_at) VALUES (1, 'goc', 'Đơn vị gốc', NULL, '1970-01-01T00:00:00Z');
INSERT INTO meta (key, value) VALUES ('unit_seq', 1);`

// unitVersionColumns let a rename name the version it was made from
// (row_versions.go). Same text on both engines.
const unitVersionColumns = `ALTER TABLE units ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE units ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';`

// unitColumns give every owned row its unit: the root, for every row
// already there. SQLite cannot add a column that references another
// table with a default other than NULL, so the tie is kept by the store
// (a unit with anything in it is never removed).
const unitColumns = `ALTER TABLE boards ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE groups ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE api_tokens ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE pairings ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;
CREATE INDEX boards_by_unit ON boards (unit_id);
CREATE INDEX audit_by_unit ON audit (unit_id, id);`

// groupNamesPerUnit lets sibling units each have their "Chợ": a group's
// name is unique within its unit (checked by the store, groupNameFree),
// no longer in the whole installation. SQLite cannot drop a UNIQUE in
// place, so groups is rebuilt; board_groups, whose rows would go with
// the old table's implicit DELETE, is set aside and put back.
const groupNamesPerUnitSQLite = setBoardGroupsAside + `
CREATE TABLE groups_new (
	slug TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	created_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	changed_by TEXT NOT NULL DEFAULT '',
	changed_at TEXT NOT NULL DEFAULT '',
	unit_id BIGINT NOT NULL DEFAULT 1
);
INSERT INTO groups_new (slug, name, created_at, version, changed_by, changed_at, unit_id)
	SELECT slug, name, created_at, version, changed_by, changed_at, unit_id FROM groups;
DROP TABLE groups;
ALTER TABLE groups_new RENAME TO groups;
CREATE UNIQUE INDEX groups_name_per_unit ON groups (unit_id, name);
` + putBoardGroupsBack

// setBoardGroupsAside and putBoardGroupsBack surround a rebuild of
// groups or boards on SQLite: board_groups refers to both, and dropping
// either would take its rows with it (the implicit DELETE of DROP TABLE
// runs the cascade).
const (
	setBoardGroupsAside = `CREATE TABLE board_groups_keep AS SELECT board_id, grp FROM board_groups;
DROP TABLE board_groups;`
	putBoardGroupsBack = `
CREATE TABLE board_groups (
	board_id INTEGER NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
	grp TEXT NOT NULL REFERENCES groups(slug) ON DELETE CASCADE,
	PRIMARY KEY (board_id, grp)
);
INSERT INTO board_groups (board_id, grp) SELECT board_id, grp FROM board_groups_keep;
DROP TABLE board_groups_keep;
CREATE INDEX board_groups_by_group ON board_groups (grp);`
)

// boardNamesPerUnitSQLite lets sibling units each name a board "Bảng LED
// chợ": a board's name is unique within its unit, no longer in the whole
// installation (a name taken by another unit told that it exists there).
// boards is rebuilt as groups was, board_groups set aside and put back.
const boardNamesPerUnitSQLite = setBoardGroupsAside + `
CREATE TABLE boards_new (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	last_seen_at TEXT,
	status TEXT NOT NULL DEFAULT '{}',
	power TEXT NOT NULL DEFAULT '[]',
	scroll_speed INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	changed_by TEXT NOT NULL DEFAULT '',
	changed_at TEXT NOT NULL DEFAULT '',
	unit_id BIGINT NOT NULL DEFAULT 1
);
INSERT INTO boards_new (id, name, width, height, token_hash, created_at, last_seen_at, status, power, scroll_speed, version, changed_by, changed_at, unit_id)
	SELECT id, name, width, height, token_hash, created_at, last_seen_at, status, power, scroll_speed, version, changed_by, changed_at, unit_id FROM boards;
DROP TABLE boards;
ALTER TABLE boards_new RENAME TO boards;
CREATE INDEX boards_by_unit ON boards (unit_id);
CREATE UNIQUE INDEX boards_name_per_unit ON boards (unit_id, name);
` + putBoardGroupsBack

// boardNamesPerUnitPostgres is the same change in PostgreSQL's words.
const boardNamesPerUnitPostgres = `ALTER TABLE boards DROP CONSTRAINT boards_name_key;
CREATE UNIQUE INDEX boards_name_per_unit ON boards (unit_id, name);`

// groupNamesPerUnitPostgres is the same change in PostgreSQL's words.
const groupNamesPerUnitPostgres = `ALTER TABLE groups DROP CONSTRAINT groups_name_key;
CREATE UNIQUE INDEX groups_name_per_unit ON groups (unit_id, name);`

// Tree is the units of the installation, read at once: small (at most
// MaxUnits), and every question about who sees what is answered from it.
type Tree struct {
	units  []Unit
	byID   map[int64]int
	bySlug map[string]int
}

// Units reads the whole tree, parents before children, siblings by name.
func (s *Store) Units(ctx context.Context) (*Tree, error) {
	return readTree(ctx, s.r)
}

func readTree(ctx context.Context, q querier) (*Tree, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, slug, name, COALESCE(parent_id, 0), created_at, version FROM units`)
	if err != nil {
		return nil, fmt.Errorf("store: units: %w", err)
	}
	defer rows.Close()
	var all []Unit
	for rows.Next() {
		var u Unit
		var created string
		if err := rows.Scan(&u.ID, &u.Slug, &u.Name, &u.parentID, &created, &u.Version); err != nil {
			return nil, fmt.Errorf("store: units: %w", err)
		}
		u.CreatedAt = parseTime(created)
		all = append(all, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: units: %w", err)
	}
	return newTree(all), nil
}

// newTree orders units depth first (parents before children, siblings
// by name) and fills in their parents' slugs and depths.
func newTree(all []Unit) *Tree {
	children := map[int64][]Unit{}
	for _, u := range all {
		children[u.parentID] = append(children[u.parentID], u)
	}
	t := &Tree{byID: map[int64]int{}, bySlug: map[string]int{}}
	var walk func(parent int64, parentSlug string, depth int)
	walk = func(parent int64, parentSlug string, depth int) {
		kids := children[parent]
		slices.SortFunc(kids, func(a, b Unit) int {
			if c := compareNames(a.Name, b.Name); c != 0 {
				return c
			}
			return int(a.ID - b.ID)
		})
		for _, u := range kids {
			u.Parent, u.Depth = parentSlug, depth
			t.byID[u.ID], t.bySlug[u.Slug] = len(t.units), len(t.units)
			t.units = append(t.units, u)
			walk(u.ID, u.Slug, depth+1)
		}
	}
	walk(0, "", 1)
	return t
}

// String lists the units as slug<parent, for logs and tests.
func (t *Tree) String() string {
	if t == nil {
		return "[" + RootUnitSlug + "]"
	}
	parts := make([]string, len(t.units))
	for i, u := range t.units {
		parts[i] = u.Slug + "<" + u.Parent
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// All lists every unit, parents before children.
func (t *Tree) All() []Unit { return t.units }

// ByID finds a unit.
func (t *Tree) ByID(id int64) (Unit, bool) {
	if t == nil {
		return Unit{ID: id, Slug: RootUnitSlug, Depth: 1}, id == RootUnit
	}
	i, ok := t.byID[id]
	if !ok {
		return Unit{}, false
	}
	return t.units[i], true
}

// BySlug finds a unit by its slug.
func (t *Tree) BySlug(slug string) (Unit, bool) {
	i, ok := t.bySlug[slug]
	if !ok {
		return Unit{}, false
	}
	return t.units[i], true
}

// Within reports whether unit is top or lies under it.
//
// A nil tree is an installation of the root alone (a desired state made
// by hand, in tests).
func (t *Tree) Within(unit, top int64) bool {
	if t == nil {
		return top == RootUnit || unit == top
	}
	for unit != 0 {
		if unit == top {
			return true
		}
		i, ok := t.byID[unit]
		if !ok {
			return false
		}
		unit = t.units[i].parentID
	}
	return false
}

// Path lists the units from the root down to unit: the breadcrumbs.
func (t *Tree) Path(unit int64) []Unit {
	var out []Unit
	for unit != 0 {
		i, ok := t.byID[unit]
		if !ok {
			break
		}
		out = append(out, t.units[i])
		unit = t.units[i].parentID
	}
	slices.Reverse(out)
	return out
}

// Children lists the units right under unit, by name.
func (t *Tree) Children(unit int64) []Unit {
	var out []Unit
	for _, u := range t.units {
		if u.parentID == unit {
			out = append(out, u)
		}
	}
	return out
}

// Scope is what one unit sees: itself and every unit under it, and
// what the units above it shared down.
func (t *Tree) Scope(unit int64) Scope {
	sc := Scope{units: map[int64]bool{}, above: map[int64]bool{}}
	for _, u := range t.units {
		switch {
		case t.Within(u.ID, unit):
			sc.units[u.ID] = true
		case t.Within(unit, u.ID):
			sc.above[u.ID] = true
		}
	}
	return sc
}

// Scope is the set of units a person or a token may see: the unit they
// hold their roles in and the units under it. Its zero value sees
// nothing, so a read that forgot to ask whose it is shows nothing rather
// than everything; Everything is for the controller itself (the fleet,
// the command line).
type Scope struct {
	units map[int64]bool
	// above are the units over the scope's own: of their content, what
	// they shared down is seen, read-only (content_units.go).
	above map[int64]bool
	all   bool
}

// Everything sees every unit: the controller's own work, the command
// line on the server.
var Everything = Scope{all: true}

// Has reports whether the scope sees unit.
func (sc Scope) Has(unit int64) bool { return sc.all || sc.units[unit] }

// Sees reports whether the scope sees content of unit, shared down or
// not: its own units' all, the units above its shared content.
func (sc Scope) Sees(unit int64, shared bool) bool {
	return sc.Has(unit) || (shared && sc.above[unit])
}

// IDs lists the units seen, for queries; nil when the scope sees all.
func (sc Scope) IDs() []int64 {
	if sc.all {
		return nil
	}
	out := make([]int64, 0, len(sc.units))
	for id := range sc.units {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// sql is a condition on col that holds for rows of the units seen. The
// IDs come from the store's own tree, never from a request, so they are
// written in as numbers.
func (sc Scope) sql(col string) string {
	if sc.all {
		return "1 = 1"
	}
	if len(sc.units) == 0 {
		return "1 = 0"
	}
	var b strings.Builder
	b.WriteString(col + " IN (")
	for i, id := range sc.IDs() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(')')
	return b.String()
}

// sqlContent is a condition on a content table (alias's unit_id and
// from_above) that holds for rows the scope sees: its units' content and
// what the units above it shared down.
func (sc Scope) sqlContent(alias string) string {
	own := sc.sql(alias + ".unit_id")
	if sc.all || len(sc.above) == 0 {
		return own
	}
	above := Scope{units: sc.above}
	return "(" + own + " OR (" + alias + ".from_above != 0 AND " + above.sql(alias+".unit_id") + "))"
}

// reach finds the unit of the row of table whose column key equals
// value, and answers ErrNotFound unless the actor's unit holds it: a row
// of another unit is as absent as one that does not exist.
func reach(ctx context.Context, q querier, a Actor, table, key string, value any) (int64, error) {
	unit, err := unitOfRow(ctx, q, table, key, value)
	if err != nil {
		return 0, err
	}
	return unit, within(ctx, q, unit, a.OwnUnit())
}

// unitOfRow is the unit of the row of table whose column key equals
// value (ErrNotFound when there is none).
func unitOfRow(ctx context.Context, q querier, table, key string, value any) (int64, error) {
	var unit int64
	err := q.QueryRowContext(ctx, `SELECT unit_id FROM `+table+` WHERE `+key+` = ?`, value).Scan(&unit)
	return unit, notFound(err)
}

// within answers ErrNotFound unless unit is top or lies under it.
func within(ctx context.Context, q querier, unit, top int64) error {
	if top == RootUnit {
		return nil
	}
	t, err := readTree(ctx, q)
	if err != nil {
		return err
	}
	if !t.Within(unit, top) {
		return ErrNotFound
	}
	return nil
}

// Below reports whether the actor holds its roles in a unit under the
// root: what only the root's people do is closed to it.
func (a Actor) Below() bool { return a.OwnUnit() != RootUnit }

// UnitSlug is the slug a new unit gets from its name.
func UnitSlug(name string) string { return slugOf(name, "don-vi") }

// AddUnit makes a unit under parent (a slug). The actor must hold its
// roles in parent or above it; a sibling's or a child's admin cannot add
// beside or above themselves.
func (s *Store) AddUnit(ctx context.Context, a Actor, name, parent string) (Unit, error) {
	name, err := CleanName(FieldUnitName, name, MaxUnitRunes)
	if err != nil {
		return Unit{}, err
	}
	var u Unit
	err = s.change(ctx, a, "unit.create", func(tx *sql.Tx) (string, error) {
		t, err := readTree(ctx, tx)
		if err != nil {
			return "", err
		}
		p, ok := t.BySlug(parent)
		if !ok || !t.Within(p.ID, a.OwnUnit()) {
			return "", invalid(FieldUnitParent, ProblemUnknown, 0)
		}
		if p.Depth >= MaxUnitDepth {
			return "", invalid(FieldUnitParent, ProblemRange, MaxUnitDepth)
		}
		if len(t.units) >= MaxUnits {
			return "", invalid(FieldUnits, ProblemTooMany, MaxUnits)
		}
		for _, sib := range t.Children(p.ID) {
			if sameName(sib.Name, name) {
				return "", invalid(FieldUnitName, ProblemDuplicate, 0)
			}
		}
		slug, err := freeSlug(ctx, tx, "units", UnitSlug(name))
		if err != nil {
			return "", err
		}
		id, err := nextID(ctx, tx, "unit_seq")
		if err != nil {
			return "", err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO units (id, slug, name, parent_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, slug, name, p.ID, formatTime(now)); err != nil {
			return "", err
		}
		u = Unit{ID: id, Slug: slug, Name: name, Parent: p.Slug, Depth: p.Depth + 1, CreatedAt: now.UTC(), Version: 1, parentID: p.ID}
		return fmt.Sprintf("%s: %s, thuộc %s", slug, name, p.Name), nil
	})
	return u, err
}

// RenameUnit gives a unit a new name, from the unit's version base (a
// rename from an older one is refused with ChangedError); its slug stays.
func (s *Store) RenameUnit(ctx context.Context, a Actor, slug string, base int, name string) (Unit, error) {
	name, err := CleanName(FieldUnitName, name, MaxUnitRunes)
	if err != nil {
		return Unit{}, err
	}
	var u Unit
	err = s.change(ctx, a, "unit.rename", func(tx *sql.Tx) (string, error) {
		t, err := readTree(ctx, tx)
		if err != nil {
			return "", err
		}
		var ok bool
		if u, ok = t.BySlug(slug); !ok || !t.Within(u.ID, a.OwnUnit()) {
			return "", ErrNotFound
		}
		for _, sib := range t.Children(u.parentID) {
			if sib.ID != u.ID && sameName(sib.Name, name) {
				return "", invalid(FieldUnitName, ProblemDuplicate, 0)
			}
		}
		if err := unitRow.claim(ctx, tx, a, s.now(), u.ID, base); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE units SET name = ? WHERE id = ?`, name, u.ID); err != nil {
			return "", err
		}
		old := u.Name
		u.Name, u.Version = name, u.Version+1
		return fmt.Sprintf("%s: %s → %s", slug, old, name), nil
	})
	return u, err
}

// OwnUnit is the unit the actor holds its roles in; the command line and
// the controller itself act at the root.
func (a Actor) OwnUnit() int64 {
	if a.Unit == 0 {
		return RootUnit
	}
	return a.Unit
}

// sameName: two names a person would read as one.
func sameName(a, b string) bool {
	return strings.EqualFold(norm.NFC.String(a), norm.NFC.String(b))
}

// compareNames orders names as a list on a page does, case aside.
func compareNames(a, b string) int {
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

// unitFor is the unit a new row of the actor's goes to: the one slug
// names, which must be the actor's or under it, or the actor's own for
// "". A unit outside the actor's reach is as unknown as one that does
// not exist, so its slug leaks nothing.
func unitFor(ctx context.Context, q querier, a Actor, slug string) (int64, error) {
	if slug == "" {
		return a.OwnUnit(), nil
	}
	t, err := readTree(ctx, q)
	if err != nil {
		return 0, err
	}
	u, ok := t.BySlug(slug)
	if !ok || !t.Within(u.ID, a.OwnUnit()) {
		return 0, invalid(FieldUnit, ProblemUnknown, 0)
	}
	return u.ID, nil
}
