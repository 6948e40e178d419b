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

// Override returns the override in force, or nil.
func (s *Store) Override(ctx context.Context) (*playlists.Override, error) {
	return s.override(ctx, s.r)
}

func (s *Store) override(ctx context.Context, q querier) (*playlists.Override, error) {
	var o playlists.Override
	var since string
	var until sql.NullString
	err := q.QueryRowContext(ctx, `SELECT playlist, grp, board_id, since, until FROM override WHERE id = 1`).Scan(&o.Playlist, &o.Group, &o.Board, &since, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: override: %w", err)
	}
	o.Since, o.Until = parseTime(since), parseNullTime(until)
	if !o.Until.IsZero() && !s.now().Before(o.Until) {
		return nil, nil // ran out: boards are back on their schedule
	}
	return &o, nil
}

// SetOverride switches boards (all, one group or one board) to a
// playlist, for minutes (0: until lifted). It replaces any override
// already on.
func (s *Store) SetOverride(ctx context.Context, a Actor, slug, group string, board int64, minutes int) (*playlists.Override, error) {
	if minutes < 0 || minutes > 60*24*31 {
		return nil, fmt.Errorf("%w: số phút phải từ 0 đến %d", playlists.ErrInvalid, 60*24*31)
	}
	group = strings.TrimSpace(group)
	if group != "" && board != 0 {
		return nil, invalid(FieldSlotBoard, ProblemDuplicate, 0)
	}
	o := &playlists.Override{Playlist: slug, Group: group, Board: board, Since: s.now()}
	var untilAt any
	if minutes > 0 {
		o.Until = o.Since.Add(time.Duration(minutes) * time.Minute)
		untilAt = formatTime(o.Until)
	}
	err := s.change(ctx, a, "override.set", func(tx *sql.Tx) (string, error) {
		where, err := targetName(ctx, tx, group, board)
		if err != nil {
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
		until := "đến khi tắt"
		if minutes > 0 {
			until = fmt.Sprintf("trong %d phút", minutes)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO override (id, playlist, grp, board_id, since, until) VALUES (1, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET playlist = excluded.playlist, grp = excluded.grp, board_id = excluded.board_id, since = excluded.since, until = excluded.until`,
			slug, group, board, formatTime(o.Since), untilAt)
		return fmt.Sprintf("“%s” trên %s, %s", name, where, until), err
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// ClearOverride returns every board to its schedule.
func (s *Store) ClearOverride(ctx context.Context, a Actor) error {
	detail := "mọi bảng trở về lịch phát thường ngày"
	return s.change(ctx, a, "override.clear", func(tx *sql.Tx) (string, error) {
		_, err := tx.ExecContext(ctx, `DELETE FROM override`)
		return detail, err
	})
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

// overrideInForce is the SQL condition (one argument: now) of an
// override row that has not run out: a lapsed one stays in its table
// but aims at nothing.
const overrideInForce = `(until IS NULL OR until > ?)`
