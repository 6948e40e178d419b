package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"codong/protocol"
)

// Telemetry is what boards reported since the last batch. It is not a
// change of desired state: no audit entry, no new revision.
type Telemetry struct {
	// Seen is, per board, when it was last heard from and its newest
	// status (nil: none since the last batch).
	Seen []Seen
	// Plays are play records, kept once per (board, record ID).
	Plays []BoardPlays
}

// Seen is one board's last sign of life.
type Seen struct {
	Board  int64
	At     time.Time
	Status []byte
}

// BoardPlays are play records from one board.
type BoardPlays struct {
	Board   int64
	Records []protocol.Play
}

// SaveTelemetry writes a batch in one transaction: one commit (and one
// fsync at most) for what thousands of boards said in the interval. A
// record sent twice (its confirmation was lost) is kept once. The board's
// name is copied into each play so the report still reads right after
// the board is removed; plays of a board removed meanwhile are dropped.
func (s *Store) SaveTelemetry(ctx context.Context, t Telemetry) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		seen, err := tx.PrepareContext(ctx, `UPDATE boards SET last_seen_at = ?, status = coalesce(?, status) WHERE id = ?`)
		if err != nil {
			return err
		}
		defer seen.Close()
		for _, b := range t.Seen {
			var status any
			if b.Status != nil {
				status = string(b.Status)
			}
			if _, err := seen.ExecContext(ctx, formatTime(b.At), status, b.Board); err != nil {
				return err
			}
		}
		play, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO plays
(board_id, board_name, play_id, playlist, item_id, slogan_id, title, asset, started_at, seconds)
SELECT id, name, ?, ?, ?, ?, ?, ?, ?, ? FROM boards WHERE id = ?`)
		if err != nil {
			return err
		}
		defer play.Close()
		for _, bp := range t.Plays {
			for _, r := range bp.Records {
				if _, err := play.ExecContext(ctx, r.ID, r.Playlist, r.ItemID, r.SloganID, r.Title, r.Asset, formatTime(r.Start), r.Seconds, bp.Board); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: save telemetry: %w", err)
	}
	return nil
}
