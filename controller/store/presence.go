package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Presence is a board's live state as the controller it is linked to
// sees it, shared through a PostgreSQL database so that every
// controller's dashboard shows every board, wherever it is linked. On
// SQLite one controller serves every board and keeps it in memory.
type Presence struct {
	BoardID    int64
	Controller string // the instance the board is linked to
	Online     bool
	Since      time.Time // when its link began
	Left       time.Time // when its last link ended (zero: none)
	Sent       int64     // revisions sent and acknowledged
	Acked      int64
	// Digest names the manifest last sent apart from its revision: a
	// controller judges a board linked elsewhere up to date by comparing
	// it with its own cut for the board (a vouched flag goes stale the
	// moment a change is published).
	Digest    string
	UpToDate  bool
	Status    string // the board's last status, JSON ("" none)
	Thumbnail []byte // PNG, nil none
}

// presenceTable is created by pgMigrations only. A board's row changes
// when its state does; a controller vouches for all its boards at once
// by its one row in controllers, so ten thousand boards cost one update
// a second, not ten thousand.
const presenceTable = `CREATE TABLE board_presence (
	board_id BIGINT PRIMARY KEY,
	controller TEXT NOT NULL,
	online BIGINT NOT NULL,
	since TEXT NOT NULL,
	left_at TEXT NOT NULL,
	sent BIGINT NOT NULL,
	acked BIGINT NOT NULL,
	digest TEXT NOT NULL,
	status TEXT NOT NULL,
	thumbnail BYTEA
);
CREATE INDEX board_presence_by_controller ON board_presence (controller, online);
CREATE TABLE controllers (instance TEXT PRIMARY KEY, seen_at TIMESTAMPTZ NOT NULL);`

// errNoPresence: presence is shared only on PostgreSQL.
var errNoPresence = errors.New("store: board presence is shared on PostgreSQL only")

// Instance names this Store among the controllers of a shared database.
func (s *Store) Instance() string { return s.instance }

// SavePresence writes the boards this controller changed since its last
// write, and vouches for every board it has online as of now. A board
// that moved to another controller is left to that one: this
// controller's word that it went offline does not overwrite it.
func (s *Store) SavePresence(ctx context.Context, rows []Presence) error {
	if !s.pg {
		return errNoPresence
	}
	// Presence is each controller's own rows, upserted whole: it need not
	// wait for the write lock behind a burst of telemetry, and must not,
	// or a busy controller's word would go stale.
	return s.txLocked(ctx, false, func(tx *sql.Tx) error {
		for _, p := range rows {
			_, err := tx.ExecContext(ctx, `INSERT INTO board_presence
				(board_id, controller, online, since, left_at, sent, acked, digest, status, thumbnail)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (board_id) DO UPDATE SET controller = excluded.controller, online = excluded.online,
					since = excluded.since, left_at = excluded.left_at, sent = excluded.sent, acked = excluded.acked,
					digest = excluded.digest, status = excluded.status, thumbnail = excluded.thumbnail
				WHERE excluded.online = 1 OR board_presence.controller = excluded.controller`,
				p.BoardID, s.instance, p.Online, formatTime(p.Since), formatTime(p.Left), p.Sent, p.Acked, p.Digest, p.Status, p.Thumbnail)
			if err != nil {
				return fmt.Errorf("store: presence of board %d: %w", p.BoardID, err)
			}
		}
		// The database's clock, not this controller's: readers on other
		// machines judge freshness by the same clock.
		_, err := tx.ExecContext(ctx, `INSERT INTO controllers (instance, seen_at) VALUES (?, now())
			ON CONFLICT (instance) DO UPDATE SET seen_at = excluded.seen_at`, s.instance)
		return err
	})
}

// OthersPresence is the boards other controllers have online and have
// vouched for within stale, by the database's clock: a controller that
// died stops vouching, and its boards drop out once stale has passed.
func (s *Store) OthersPresence(ctx context.Context, stale time.Duration) ([]Presence, error) {
	if !s.pg {
		return nil, errNoPresence
	}
	rows, err := s.r.QueryContext(ctx, `SELECT p.board_id, p.controller, p.since, p.left_at, p.sent, p.acked, p.digest, p.status, p.thumbnail
		FROM board_presence p JOIN controllers c ON c.instance = p.controller
		WHERE p.controller <> ? AND p.online = 1 AND c.seen_at >= now() - make_interval(secs => ?)`, s.instance, stale.Seconds())
	if err != nil {
		return nil, fmt.Errorf("store: presence: %w", err)
	}
	defer rows.Close()
	var out []Presence
	for rows.Next() {
		p := Presence{Online: true}
		var since, left string
		if err := rows.Scan(&p.BoardID, &p.Controller, &since, &left, &p.Sent, &p.Acked, &p.Digest, &p.Status, &p.Thumbnail); err != nil {
			return nil, fmt.Errorf("store: presence: %w", err)
		}
		p.Since, p.Left = parseTime(since), parseTime(left)
		out = append(out, p)
	}
	return out, rows.Err()
}
