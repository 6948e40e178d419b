package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ErrGroupInUse refuses to delete a group the schedule or the override
// aims at.
var ErrGroupInUse = fmt.Errorf("%w: group aimed at by the schedule or the override", ErrInUse)

// Group is a named set of boards ("Trụ sở Đảng ủy", "Chợ trung tâm",
// "Thôn Pả Pẻn"): schedules, overrides and reports aim at one. Its Slug
// is given once, from its first name, and never changes, so renaming a
// group touches nothing that refers to it. A board may be in several.
type Group struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Boards int    `json:"boards"` // how many boards are in it
	// Version counts renames: a rename names the version it was made
	// from (row_versions.go).
	Version int `json:"version"`
	// UnitID is the unit the group belongs to (Unit: its slug): its
	// boards are that unit's or of units under it.
	UnitID int64  `json:"-"`
	Unit   string `json:"unit"`
}

const groupColumns = `g.slug, g.name, (SELECT COUNT(*) FROM board_groups b WHERE b.grp = g.slug), g.version, g.unit_id, (SELECT slug FROM units WHERE units.id = g.unit_id)`

// Groups lists the groups of the units sc sees by name, with their
// numbers of boards.
func (s *Store) Groups(ctx context.Context, sc Scope) ([]Group, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+groupColumns+`
FROM groups g WHERE `+sc.sql("g.unit_id")+` ORDER BY g.name, g.slug`)
	if err != nil {
		return nil, fmt.Errorf("store: groups: %w", err)
	}
	defer rows.Close()
	out := []Group{}
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.Slug, &g.Name, &g.Boards, &g.Version, &g.UnitID, &g.Unit); err != nil {
			return nil, fmt.Errorf("store: groups: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// Group returns one group of the units sc sees, by slug.
func (s *Store) Group(ctx context.Context, sc Scope, slug string) (Group, error) {
	var g Group
	err := s.r.QueryRowContext(ctx, `SELECT `+groupColumns+` FROM groups g WHERE g.slug = ? AND `+sc.sql("g.unit_id"), slug).
		Scan(&g.Slug, &g.Name, &g.Boards, &g.Version, &g.UnitID, &g.Unit)
	return g, notFound(err)
}

// CreateGroup adds a group of the actor's unit; its slug is made from
// the name.
func (s *Store) CreateGroup(ctx context.Context, a Actor, name string) (Group, error) {
	return s.CreateGroupIn(ctx, a, "", name)
}

// CreateGroupIn adds a group of the unit named by slug ("": the actor's
// own), which must be the actor's or under it.
func (s *Store) CreateGroupIn(ctx context.Context, a Actor, unit, name string) (Group, error) {
	name, err := CleanName(FieldGroup, name, MaxGroupRunes)
	if err != nil {
		return Group{}, err
	}
	g := Group{Name: name, Version: 1}
	err = s.change(ctx, a, "group.create", func(tx *sql.Tx) (string, error) {
		if err := checkCount(ctx, tx, FieldGroups, MaxGroups, `SELECT COUNT(*) FROM groups`); err != nil {
			return "", err
		}
		in, err := unitFor(ctx, tx, a, unit)
		if err != nil {
			return "", err
		}
		if err := groupNameFree(ctx, tx, in, name, ""); err != nil {
			return "", err
		}
		if g.Slug, err = freeSlug(ctx, tx, "groups", GroupSlug(name)); err != nil {
			return "", err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO groups (slug, name, created_at, unit_id) VALUES (?, ?, ?, ?)`, g.Slug, name, formatTime(s.now()), in)
		g.UnitID = in
		return g.Slug + ": " + name, err
	})
	if err != nil {
		return Group{}, err
	}
	return s.Group(ctx, Everything, g.Slug)
}

// RenameGroup gives a group a new name; its slug stays.
func (s *Store) RenameGroup(ctx context.Context, a Actor, slug string, base int, name string) (Group, error) {
	name, err := CleanName(FieldGroup, name, MaxGroupRunes)
	if err != nil {
		return Group{}, err
	}
	err = s.change(ctx, a, "group.rename", func(tx *sql.Tx) (string, error) {
		unit, err := reach(ctx, tx, a, "groups", "slug", slug)
		if err != nil {
			return "", err
		}
		var old string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM groups WHERE slug = ?`, slug).Scan(&old); err != nil {
			return "", notFound(err)
		}
		if err := groupNameFree(ctx, tx, unit, name, slug); err != nil {
			return "", err
		}
		if err := groupRow.claim(ctx, tx, a, s.now(), slug, base); err != nil {
			return "", err
		}
		_, err = tx.ExecContext(ctx, `UPDATE groups SET name = ? WHERE slug = ?`, name, slug)
		return slug + ": " + old + " → " + name, err
	})
	if err != nil {
		return Group{}, err
	}
	return s.Group(ctx, Everything, slug)
}

// DeleteGroup removes a group and its boards' membership of it. It is
// refused while the schedule (approved or drafted) or the override aims
// at it: deleting it would silently widen or drop what they do.
func (s *Store) DeleteGroup(ctx context.Context, a Actor, slug string) error {
	return s.change(ctx, a, "group.delete", func(tx *sql.Tx) (string, error) {
		if _, err := reach(ctx, tx, a, "groups", "slug", slug); err != nil {
			return "", err
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM groups WHERE slug = ?`, slug).Scan(&name); err != nil {
			return "", notFound(err)
		}
		used, err := groupInUse(ctx, tx, slug, s.now())
		if err != nil {
			return "", err
		}
		if used {
			return "", ErrGroupInUse
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM board_groups WHERE grp = ?`, slug); err != nil {
			return "", err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM groups WHERE slug = ?`, slug)
		return slug + ": " + name, err
	})
}

// groupInUse reports whether the override in force, the approved
// schedule or its newest draft aims at the group.
func groupInUse(ctx context.Context, tx *sql.Tx, slug string, now time.Time) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT
	(SELECT COUNT(*) FROM schedule WHERE grp = ?) +
	(SELECT COUNT(*) FROM switches WHERE grp = ? AND `+overrideInForce+`)`, slug, slug, formatTime(now)).Scan(&n)
	if err != nil || n > 0 {
		return n > 0, err
	}
	slots, err := draftSlots(ctx, tx)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(slots, func(sl ScheduleSlot) bool { return sl.Group == slug }), nil
}

// groupNameFree: no other group of the unit has the name. Sibling units
// each have their own "Chợ".
func groupNameFree(ctx context.Context, tx *sql.Tx, unit int64, name, except string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM groups WHERE unit_id = ? AND name = ? AND slug <> ?`, unit, name, except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return invalid(FieldGroup, ProblemDuplicate, 0)
	}
	return nil
}

// freeSlug returns base, or base-2, base-3 … whichever no row of table
// (groups or playlists) has.
func freeSlug(ctx context.Context, tx *sql.Tx, table, base string) (string, error) {
	slug := base
	for i := 2; ; i++ {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE slug = ?`, slug).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return slug, nil
		}
		slug = base + "-" + strconv.Itoa(i)
	}
}

// maxSlugBytes bounds a group's slug; names are bounded in runes, and a
// slug carries one ASCII letter per letter of the name at most.
const maxSlugBytes = 40

// GroupSlug makes a group's slug from its name: the letters without
// their marks ("Thôn Pả Pẻn" → "thon-pa-pen"), so it reads in URLs,
// scripts and manifests.
func GroupSlug(name string) string { return slugOf(name, "nhom") }

// slugOf is name's letters and digits without their marks, joined by
// dashes, or fallback when it has none.
func slugOf(name, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		}
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
		if b.Len() >= maxSlugBytes {
			break
		}
	}
	if b.Len() == 0 {
		return fallback
	}
	return strings.TrimRight(b.String(), "-")
}

// boardGroups reads every board's groups (slugs, sorted).
func boardGroups(ctx context.Context, q querier, where string, args ...any) (map[int64][]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT board_id, grp FROM board_groups `+where+` ORDER BY board_id, grp`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: board groups: %w", err)
	}
	defer rows.Close()
	out := make(map[int64][]string)
	for rows.Next() {
		var id int64
		var g string
		if err := rows.Scan(&id, &g); err != nil {
			return nil, fmt.Errorf("store: board groups: %w", err)
		}
		out[id] = append(out[id], g)
	}
	return out, rows.Err()
}

// setBoardGroups replaces a board's groups (the board of unit): every
// one must exist, be seen by the actor, and hold the board's unit (a
// group gathers boards of its unit and of units under it).
func setBoardGroups(ctx context.Context, tx *sql.Tx, a Actor, id, unit int64, groups []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM board_groups WHERE board_id = ?`, id); err != nil {
		return err
	}
	for _, g := range groups {
		if err := groupTakes(ctx, tx, a, g, unit); err != nil {
			return invalid(FieldBoardGroups, ProblemUnknown, 0)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO board_groups (board_id, grp) VALUES (?, ?)`, id, g); err != nil {
			return err
		}
	}
	return nil
}

// cleanGroups checks a board's list of groups: each once, in order.
func cleanGroups(groups []string) ([]string, error) {
	if len(groups) > MaxBoardGroups {
		return nil, invalid(FieldBoardGroups, ProblemTooMany, MaxBoardGroups)
	}
	out := make([]string, 0, len(groups))
	for _, g := range groups {
		g = strings.TrimSpace(g)
		if g == "" {
			continue
		}
		out = append(out, g)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// groupTakes checks that the actor sees group slug and that it may hold
// a board of unit; ErrNotFound if not.
func groupTakes(ctx context.Context, tx *sql.Tx, a Actor, slug string, unit int64) error {
	gu, err := reach(ctx, tx, a, "groups", "slug", slug)
	if err != nil {
		return err
	}
	t, err := readTree(ctx, tx)
	if err != nil {
		return err
	}
	if !t.Within(unit, gu) {
		return ErrNotFound
	}
	return nil
}

// groupExists checks that a slot or an override aims at a real group.
func groupExists(ctx context.Context, q querier, slug string) error {
	if slug == "" {
		return nil
	}
	var one int
	if err := q.QueryRowContext(ctx, `SELECT 1 FROM groups WHERE slug = ?`, slug).Scan(&one); err != nil {
		if notFound(err) == ErrNotFound {
			return invalid(FieldGroup, ProblemUnknown, 0)
		}
		return err
	}
	return nil
}

// EnsureGroup returns the slug of the group named name (or whose slug it
// is), creating the group if there is none: for the command line and the
// demo, where a group is named in passing.
func (s *Store) EnsureGroup(ctx context.Context, a Actor, name string) (string, error) {
	clean, err := CleanName(FieldGroup, name, MaxGroupRunes)
	if err != nil {
		return "", err
	}
	var slug string
	err = s.r.QueryRowContext(ctx, `SELECT slug FROM groups WHERE (slug = ? OR (name = ? AND unit_id = ?)) ORDER BY slug = ? DESC LIMIT 1`, clean, clean, a.OwnUnit(), clean).Scan(&slug)
	if err == nil {
		return slug, nil
	}
	if notFound(err) != ErrNotFound {
		return "", err
	}
	g, err := s.CreateGroup(ctx, a, clean)
	return g.Slug, err
}

// AddToGroup puts a board in a group, from the groups page: a change of
// the board's groups that adds one and keeps the rest, so it names no
// version (nothing of the board is written over). A board already in
// the group is left as it is; one at MaxBoardGroups is refused.
func (s *Store) AddToGroup(ctx context.Context, a Actor, slug string, board int64) error {
	var name string
	if err := s.r.QueryRowContext(ctx, `SELECT name FROM groups WHERE slug = ?`, slug).Scan(&name); err != nil {
		if notFound(err) == ErrNotFound {
			return invalid(FieldGroup, ProblemUnknown, 0)
		}
		return err
	}
	return s.change(ctx, a, "board.update", func(tx *sql.Tx) (string, error) {
		detail := fmt.Sprintf("#%d: thêm vào nhóm “%s”", board, name)
		unit, err := reach(ctx, tx, a, "boards", "id", board)
		if err != nil {
			return detail, err
		}
		if err := groupTakes(ctx, tx, a, slug, unit); err != nil {
			return detail, invalid(FieldGroup, ProblemUnknown, 0)
		}
		var version, in, all int
		if err := tx.QueryRowContext(ctx, `SELECT version FROM boards WHERE id = ?`, board).Scan(&version); err != nil {
			return detail, notFound(err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(CASE WHEN grp = ? THEN 1 END), COUNT(*) FROM board_groups WHERE board_id = ?`, slug, board).Scan(&in, &all); err != nil {
			return detail, err
		}
		switch {
		case in > 0:
			return detail, nil
		case all >= MaxBoardGroups:
			return detail, invalid(FieldBoardGroups, ProblemTooMany, MaxBoardGroups)
		}
		if err := boardRow.claim(ctx, tx, a, s.now(), board, version); err != nil {
			return detail, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO board_groups (board_id, grp) VALUES (?, ?)`, board, slug)
		return detail, err
	})
}
