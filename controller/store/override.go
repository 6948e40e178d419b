package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"codong/playlists"
)

// Switch is one switch of boards to a playlist (lệnh chuyển): the boards
// of a unit (every one under it, one of its groups, or one board) play
// that playlist from Since until it is lifted or Until passes. Switches
// of different units, groups and boards stand side by side, each with
// its own end; a board reached by several plays the one Winner picks.
type Switch struct {
	ID     int64  `json:"id"`
	Unit   string `json:"unit"` // the slug of the unit whose switch it is
	UnitID int64  `json:"-"`
	playlists.Override
}

// MaxSwitches bounds the switches in force at once: one per unit and
// a few groups each, across a province's communes.
const MaxSwitches = 500

// FieldSwitches names the count of switches, for errors.
const FieldSwitches = "switches"

// switchesTable holds the switches; the one override of an installation
// from before units becomes the root's switch. Same text on both engines.
const switchesTable = `CREATE TABLE switches (
	id BIGINT PRIMARY KEY,
	unit_id BIGINT NOT NULL,
	playlist TEXT NOT NULL,
	grp TEXT NOT NULL DEFAULT '',
	board_id BIGINT NOT NULL DEFAULT 0,
	since TEXT NOT NULL,
	until TEXT
);
INSERT INTO switches (id, unit_id, playlist, grp, board_id, since, until) SELECT 1, 1, playlist, grp, board_id, since, until FROM override;
INSERT INTO meta (key, value) SELECT 'switch_seq', COUNT(*) FROM override;
DROP TABLE override;`

// Switches lists the switches in force of the units sc sees, oldest
// first.
func (s *Store) Switches(ctx context.Context, sc Scope) ([]Switch, error) {
	all, err := s.switches(ctx, s.r)
	if err != nil {
		return nil, err
	}
	out := []Switch{}
	for _, sw := range all {
		if sc.Has(sw.UnitID) {
			out = append(out, sw)
		}
	}
	return out, nil
}

// switches lists every switch in force by the store's clock, oldest
// first; one that ran out stays in its table but aims at nothing.
func (s *Store) switches(ctx context.Context, q querier) ([]Switch, error) {
	rows, err := q.QueryContext(ctx, `SELECT w.id, w.unit_id, u.slug, w.playlist, w.grp, w.board_id, w.since, w.until
FROM switches w JOIN units u ON u.id = w.unit_id WHERE `+overrideInForce+` ORDER BY w.since, w.id`, formatTime(s.now()))
	if err != nil {
		return nil, fmt.Errorf("store: switches: %w", err)
	}
	defer rows.Close()
	out := []Switch{}
	for rows.Next() {
		var sw Switch
		var since string
		var until sql.NullString
		if err := rows.Scan(&sw.ID, &sw.UnitID, &sw.Unit, &sw.Playlist, &sw.Group, &sw.Board, &since, &until); err != nil {
			return nil, fmt.Errorf("store: switches: %w", err)
		}
		sw.Since, sw.Until = parseTime(since), parseNullTime(until)
		out = append(out, sw)
	}
	return out, rows.Err()
}

// Winner is the switch a board of unit (with target) plays at t among
// sws, or nil: of those that reach it, the one of the widest unit (the
// province's switch for the national congress stands over a commune's
// own), and among those of one unit the latest. Unit, group and board
// must all reach the board: a unit's switch reaches its own boards and
// those of the units under it only.
func Winner(sws []Switch, t *Tree, unit int64, target playlists.Target, at time.Time) *Switch {
	var best *Switch
	bestDepth := 0
	for i := range sws {
		sw := &sws[i]
		if !sw.ActiveAt(at) || !sw.AppliesTo(target) || !t.Within(unit, sw.UnitID) {
			continue
		}
		u, _ := t.ByID(sw.UnitID)
		switch {
		case best == nil, u.Depth < bestDepth, u.Depth == bestDepth && !sw.Since.Before(best.Since):
			best, bestDepth = sw, u.Depth
		}
	}
	return best
}

// SetOverride switches the boards of the actor's unit (all of them, one
// group or one board) to a playlist, for minutes (0: until lifted). It
// replaces the unit's switch aimed at the same boards, and stands beside
// every other switch.
func (s *Store) SetOverride(ctx context.Context, a Actor, slug, group string, board int64, minutes int) (*Switch, error) {
	if minutes < 0 || minutes > 60*24*31 {
		return nil, fmt.Errorf("%w: số phút phải từ 0 đến %d", playlists.ErrInvalid, 60*24*31)
	}
	group = strings.TrimSpace(group)
	if group != "" && board != 0 {
		return nil, invalid(FieldSlotBoard, ProblemDuplicate, 0)
	}
	sw := &Switch{UnitID: a.OwnUnit(), Override: playlists.Override{Playlist: slug, Group: group, Board: board, Since: s.now()}}
	var untilAt any
	if minutes > 0 {
		sw.Until = sw.Since.Add(time.Duration(minutes) * time.Minute)
		untilAt = formatTime(sw.Until)
	}
	err := s.change(ctx, a, "override.set", func(tx *sql.Tx) (string, error) {
		// A group or a board of another unit is as unknown as one
		// that does not exist.
		if group != "" {
			if _, err := reach(ctx, tx, a, "groups", "slug", group); err != nil {
				return "", invalid(FieldGroup, ProblemUnknown, 0)
			}
		}
		if board != 0 {
			if _, err := reach(ctx, tx, a, "boards", "id", board); err != nil {
				return "", invalid(FieldSlotBoard, ProblemUnknown, 0)
			}
		}
		where, err := targetName(ctx, tx, group, board)
		if err != nil {
			return "", err
		}
		if err := tx.QueryRowContext(ctx, `SELECT slug FROM units WHERE id = ?`, sw.UnitID).Scan(&sw.Unit); err != nil {
			return "", err
		}
		// The unit's own playlists, or those shared from above: boards
		// of the unit get no other unit's (content_units.go).
		if _, err := usable(ctx, tx, sw.UnitID, "playlists", "slug", slug); err != nil {
			return "", err
		}
		var name string
		var approved, items, unapproved int
		err = tx.QueryRowContext(ctx, `SELECT p.name, p.approved,
	(SELECT COUNT(*) FROM playlist_items i WHERE i.playlist_id = p.id),
	(SELECT COUNT(*) FROM playlist_items i LEFT JOIN slogans s ON s.id = i.slogan_id LEFT JOIN photos ph ON ph.id = i.photo_id
		WHERE i.playlist_id = p.id AND COALESCE(s.approved, ph.approved) = 0)
FROM playlists p WHERE p.slug = ?`, slug).Scan(&name, &approved, &items, &unapproved)
		if err != nil {
			return "", notFound(err)
		}
		// Boards switched to a list with nothing approved in it would go
		// blank, or show something nobody approved: refuse.
		if approved == 0 || items == 0 || unapproved > 0 {
			return "", ErrNotApproved
		}
		// The unit's switch of the same boards is replaced, whatever
		// its state; switches that ran out are dropped on the way.
		if _, err := tx.ExecContext(ctx, `DELETE FROM switches WHERE (unit_id = ? AND grp = ? AND board_id = ?) OR NOT `+overrideInForce,
			sw.UnitID, group, board, formatTime(sw.Since)); err != nil {
			return "", err
		}
		if err := checkCount(ctx, tx, FieldSwitches, MaxSwitches, `SELECT COUNT(*) FROM switches`); err != nil {
			return "", err
		}
		if sw.ID, err = nextID(ctx, tx, "switch_seq"); err != nil {
			return "", err
		}
		until := "đến khi tắt"
		if minutes > 0 {
			until = fmt.Sprintf("trong %d phút", minutes)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO switches (id, unit_id, playlist, grp, board_id, since, until) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			sw.ID, sw.UnitID, slug, group, board, formatTime(sw.Since), untilAt)
		return fmt.Sprintf("“%s” trên %s, %s", name, where, until), err
	})
	if err != nil {
		return nil, err
	}
	return sw, nil
}

// Lift says which switches ClearOverride lifts: those of the actor's own
// unit; with Below, those of the units under it too; with ID, that one
// switch alone (the actor's unit's or one under it).
type Lift struct {
	Below bool
	ID    int64
}

// ClearOverride lifts switches (see Lift), returning their boards to
// their schedule, or to a switch that still stands over them; a
// province's return to the schedule does not lift a commune's own
// switch unless asked to. It answers the switches it lifted; a switch
// named by ID that the actor cannot reach is ErrNotFound.
func (s *Store) ClearOverride(ctx context.Context, a Actor, l Lift) ([]Switch, error) {
	var lifted []Switch
	err := s.change(ctx, a, "override.clear", func(tx *sql.Tx) (string, error) {
		all, err := s.switches(ctx, tx)
		if err != nil {
			return "", err
		}
		t, err := readTree(ctx, tx)
		if err != nil {
			return "", err
		}
		for _, sw := range all {
			switch {
			case l.ID != 0 && sw.ID == l.ID && t.Within(sw.UnitID, a.OwnUnit()),
				l.ID == 0 && sw.UnitID == a.OwnUnit(),
				l.ID == 0 && l.Below && t.Within(sw.UnitID, a.OwnUnit()):
				lifted = append(lifted, sw)
			}
		}
		if l.ID != 0 && len(lifted) == 0 {
			return "", ErrNotFound
		}
		for _, sw := range lifted {
			if _, err := tx.ExecContext(ctx, `DELETE FROM switches WHERE id = ?`, sw.ID); err != nil {
				return "", err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM switches WHERE NOT `+overrideInForce, formatTime(s.now())); err != nil {
			return "", err
		}
		u, _ := t.ByID(a.OwnUnit())
		switch {
		case l.ID != 0:
			return fmt.Sprintf("lệnh chuyển #%d thôi, các bảng của nó trở về lịch phát thường ngày", l.ID), nil
		case a.OwnUnit() == RootUnit && (l.Below || len(t.All()) == 1):
			return "mọi bảng trở về lịch phát thường ngày", nil
		case l.Below:
			return "các bảng của " + u.Name + " và các đơn vị cấp dưới trở về lịch phát thường ngày", nil
		}
		return "các lệnh chuyển của " + u.Name + " thôi; bảng trở về lịch phát thường ngày", nil
	})
	return lifted, err
}

// targetName checks that what a slot or an override aims at exists, and
// names it for the audit log.
func targetName(ctx context.Context, q querier, group string, board int64) (string, error) {
	switch {
	case board != 0:
		var name string
		if err := q.QueryRowContext(ctx, `SELECT name FROM boards WHERE id = ?`, board).Scan(&name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return "", invalid(FieldSlotBoard, ProblemUnknown, 0)
			}
			return "", err
		}
		return "bảng “" + name + "”", nil
	case group != "":
		if err := groupExists(ctx, q, group); err != nil {
			return "", err
		}
		// Named as people know it ("Chợ"), not by its code ("cho").
		name := group
		if err := q.QueryRowContext(ctx, `SELECT name FROM groups WHERE slug = ?`, group).Scan(&name); err != nil {
			return "", err
		}
		return "nhóm “" + name + "”", nil
	}
	return "mọi bảng", nil
}

// overrideInForce is the SQL condition (one argument: now) of a switch
// that has not run out: a lapsed one stays in its table but aims at
// nothing.
const overrideInForce = `(until IS NULL OR until > ?)`
