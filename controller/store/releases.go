package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"codong/protocol"
)

// releasesTables hold the player builds the controller offers, the
// rollouts that offer them, and what each board last said of an update.
// The same text on both engines. A rollout names one group, one unit
// (with the units under it), one board, or none (every board); the
// newest rollout that reaches a board for its platform is what the board
// is offered, so going back to an older build is rolling it out again.
const releasesTables = `CREATE TABLE player_releases (
	id BIGINT PRIMARY KEY,
	platform TEXT NOT NULL,
	version TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	size BIGINT NOT NULL,
	installation TEXT NOT NULL,
	signature TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (platform, sha256)
);
CREATE TABLE player_rollouts (
	id BIGINT PRIMARY KEY,
	release_id BIGINT NOT NULL,
	grp TEXT NOT NULL DEFAULT '',
	board_id BIGINT NOT NULL DEFAULT 0,
	unit_id BIGINT NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);
CREATE INDEX player_rollouts_by_release ON player_rollouts (release_id);
CREATE TABLE board_updates (
	board_id BIGINT PRIMARY KEY,
	release_id BIGINT NOT NULL,
	from_version TEXT NOT NULL,
	to_version TEXT NOT NULL,
	outcome TEXT NOT NULL,
	reason TEXT NOT NULL,
	at TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('player_release_seq', 0), ('player_rollout_seq', 0);`

// Fields of releases, as InvalidError names them.
const (
	FieldReleases      = "player_releases"
	FieldRolloutTarget = "rollout.target"
)

// MaxReleases bounds the stored releases: each is a file of up to
// protocol.MaxReleaseBytes in the data folder.
const MaxReleases = 100

// ErrReleaseExists: the same build for the same platform is stored.
var ErrReleaseExists = errors.New("store: release exists")

// PlayerRelease is a stored release with where it is rolled out.
type PlayerRelease struct {
	protocol.Release
	CreatedAt time.Time `json:"created_at"`
	Rollouts  []Rollout `json:"rollouts"`
}

// Rollout is one offer of a release: to a group, a unit and the units
// under it, a board, or (all empty) every board.
type Rollout struct {
	ID        int64     `json:"id"`
	Group     string    `json:"group,omitempty"`
	Unit      string    `json:"unit,omitempty"`
	Board     int64     `json:"board,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// AddRelease records a checked, signed release; the caller has stored
// its file.
func (s *Store) AddRelease(ctx context.Context, a Actor, r protocol.Release) (protocol.Release, error) {
	detail := fmt.Sprintf("%s %s sha256 %s (%d byte)", r.Platform, r.Version, r.SHA256, r.Size)
	err := s.audited(ctx, a, "player_release.add", detail, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM player_releases`).Scan(&n); err != nil {
			return err
		}
		if n >= MaxReleases {
			return &InvalidError{Field: FieldReleases, Problem: ProblemTooMany, Limit: MaxReleases}
		}
		id, err := nextID(ctx, tx, "player_release_seq")
		if err != nil {
			return err
		}
		r.ID = id
		_, err = tx.ExecContext(ctx, `INSERT INTO player_releases (id, platform, version, sha256, size, installation, signature, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.Platform, r.Version, r.SHA256, r.Size, r.Installation, r.Signature, formatTime(s.now()))
		if isUniqueViolation(err) {
			return ErrReleaseExists
		}
		return err
	})
	return r, err
}

const releaseColumns = `id, platform, version, sha256, size, installation, signature, created_at`

func scanRelease(row interface{ Scan(...any) error }) (PlayerRelease, error) {
	var r PlayerRelease
	var created string
	err := row.Scan(&r.ID, &r.Platform, &r.Version, &r.SHA256, &r.Size, &r.Installation, &r.Signature, &created)
	r.CreatedAt, r.Rollouts = parseTime(created), []Rollout{}
	return r, err
}

// Releases lists the stored releases, newest first, with their rollouts.
func (s *Store) Releases(ctx context.Context) ([]PlayerRelease, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+releaseColumns+` FROM player_releases ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: releases: %w", err)
	}
	out := []PlayerRelease{}
	at := map[int64]int{}
	for rows.Next() {
		r, err := scanRelease(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: releases: %w", err)
		}
		at[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.r.QueryContext(ctx, `SELECT id, release_id, grp, board_id, COALESCE((SELECT slug FROM units WHERE units.id = player_rollouts.unit_id), ''), created_at FROM player_rollouts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: rollouts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ro Rollout
		var rel int64
		var created string
		if err := rows.Scan(&ro.ID, &rel, &ro.Group, &ro.Board, &ro.Unit, &created); err != nil {
			return nil, fmt.Errorf("store: rollouts: %w", err)
		}
		ro.CreatedAt = parseTime(created)
		if i, ok := at[rel]; ok {
			out[i].Rollouts = append(out[i].Rollouts, ro)
		}
	}
	return out, rows.Err()
}

// Release returns one stored release.
func (s *Store) Release(ctx context.Context, id int64) (protocol.Release, error) {
	r, err := scanRelease(s.r.QueryRowContext(ctx, `SELECT `+releaseColumns+` FROM player_releases WHERE id = ?`, id))
	return r.Release, notFound(err)
}

// RollOut offers release id to the boards of to.Group (a slug), of
// to.Unit (a slug) and the units under it, or to board to.Board; with
// none of them, to every board. It is audited; boards learn of it when
// they next ask (protocol.ReleasePath).
func (s *Store) RollOut(ctx context.Context, a Actor, id int64, to Rollout) (Rollout, error) {
	r, err := s.Release(ctx, id)
	if err != nil {
		return Rollout{}, err
	}
	target, named := "mọi bảng", 0
	if to.Group != "" {
		target, named = "nhóm "+to.Group, named+1
	}
	if to.Unit != "" {
		target, named = "đơn vị "+to.Unit, named+1
	}
	if to.Board != 0 {
		target, named = fmt.Sprintf("bảng %d", to.Board), named+1
	}
	if named > 1 {
		return Rollout{}, &InvalidError{Field: FieldRolloutTarget, Problem: ProblemUnknown}
	}
	ro := Rollout{Group: to.Group, Unit: to.Unit, Board: to.Board, CreatedAt: s.now()}
	detail := fmt.Sprintf("%s %s → %s", r.Platform, r.Version, target)
	err = s.audited(ctx, a, "player_release.rollout", detail, func(tx *sql.Tx) error {
		n, unit := 1, int64(0)
		var err error
		switch {
		case to.Group != "":
			err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM groups WHERE slug = ?`, to.Group).Scan(&n)
		case to.Unit != "":
			err = tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM units WHERE slug = ?`, to.Unit).Scan(&n, &unit)
		case to.Board != 0:
			err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM boards WHERE id = ?`, to.Board).Scan(&n)
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		if ro.ID, err = nextID(ctx, tx, "player_rollout_seq"); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO player_rollouts (id, release_id, grp, board_id, unit_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			ro.ID, id, to.Group, to.Board, unit, formatTime(ro.CreatedAt))
		return err
	})
	return ro, err
}

// OfferFor is the release offered to board for platform: that of the
// newest rollout reaching it, which it names. ErrNotFound when none
// does.
func (s *Store) OfferFor(ctx context.Context, board int64, platform string) (protocol.Release, error) {
	var r PlayerRelease
	var created string
	err := s.r.QueryRowContext(ctx, `SELECT r.id, r.platform, r.version, r.sha256, r.size, r.installation, r.signature, r.created_at, o.id
		FROM player_rollouts o JOIN player_releases r ON r.id = o.release_id
		WHERE r.platform = ? AND ((o.grp = '' AND o.board_id = 0 AND o.unit_id = 0) OR o.board_id = ?
			OR o.grp IN (SELECT grp FROM board_groups WHERE board_id = ?)
			OR o.unit_id IN (WITH RECURSIVE up(id) AS (
				SELECT unit_id FROM boards WHERE id = ?
				UNION SELECT u.parent_id FROM units u JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL)
				SELECT id FROM up))
		ORDER BY o.id DESC LIMIT 1`, platform, board, board, board).
		Scan(&r.ID, &r.Platform, &r.Version, &r.SHA256, &r.Size, &r.Installation, &r.Signature, &created, &r.Rollout)
	return r.Release, notFound(err)
}

// BoardUpdate is what a board last said of an update.
type BoardUpdate struct {
	Release int64     `json:"release"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	Outcome string    `json:"outcome"`
	Reason  string    `json:"reason,omitempty"`
	At      time.Time `json:"at"`
}

// RecordUpdate keeps a board's report of an update, checked by the
// caller, and audits it under the board's name.
func (s *Store) RecordUpdate(ctx context.Context, board Target, u protocol.UpdateReport) error {
	a := Actor{Key: fmt.Sprintf("board:%d", board.ID), Name: "bảng " + board.Name, Unit: board.Unit}
	detail := fmt.Sprintf("%s → %s", u.From, u.To)
	if u.Reason != "" {
		detail += ": " + u.Reason
	}
	// A board says the same thing once: a report like the last one kept
	// (a board that resends after a lost answer, or a token that floods)
	// adds nothing to the audit log.
	var same int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM board_updates WHERE board_id = ? AND release_id = ? AND from_version = ? AND to_version = ? AND outcome = ?`,
		board.ID, u.Release, u.From, u.To, u.Outcome).Scan(&same)
	if err != nil || same > 0 {
		return err
	}
	return s.audited(ctx, a, "player_update."+u.Outcome, detail, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO board_updates (board_id, release_id, from_version, to_version, outcome, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (board_id) DO UPDATE SET release_id = excluded.release_id, from_version = excluded.from_version,
			to_version = excluded.to_version, outcome = excluded.outcome, reason = excluded.reason, at = excluded.at`,
			board.ID, u.Release, u.From, u.To, u.Outcome, u.Reason, formatTime(s.now()))
		return err
	})
}

// BoardUpdates are the boards' last update reports, by board ID.
func (s *Store) BoardUpdates(ctx context.Context) (map[int64]BoardUpdate, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT board_id, release_id, from_version, to_version, outcome, reason, at FROM board_updates`)
	if err != nil {
		return nil, fmt.Errorf("store: board updates: %w", err)
	}
	defer rows.Close()
	out := map[int64]BoardUpdate{}
	for rows.Next() {
		var id int64
		var u BoardUpdate
		var at string
		if err := rows.Scan(&id, &u.Release, &u.From, &u.To, &u.Outcome, &u.Reason, &at); err != nil {
			return nil, fmt.Errorf("store: board updates: %w", err)
		}
		u.At = parseTime(at)
		out[id] = u
	}
	return out, rows.Err()
}
