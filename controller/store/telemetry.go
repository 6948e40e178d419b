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
	// Sent are pictures sent to boards for the first time, written
	// before the plays of the same batch.
	Sent []SentItem
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
//
// A play is kept only if its (item, asset) was sent to boards of the
// board's size (sent_items), and its playlist, slogan and title are the
// controller's record of what it sent, never the board's: a board cannot
// write text into the report.
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
		if err := insertSent(ctx, tx, t.Sent); err != nil {
			return err
		}
		play, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO plays
(board_id, board_name, play_id, playlist, item_id, slogan_id, title, asset, started_at, seconds)
SELECT b.id, b.name, ?, s.playlist, s.item_id, s.slogan_id, s.title, s.asset, ?, ?
FROM boards b JOIN sent_items s ON s.item_id = ? AND s.asset = ? AND s.width = b.width AND s.height = b.height
WHERE b.id = ?`)
		if err != nil {
			return err
		}
		defer play.Close()
		for _, bp := range t.Plays {
			for _, r := range bp.Records {
				if _, err := play.ExecContext(ctx, r.ID, formatTime(r.Start), r.Seconds, r.ItemID, r.Asset, bp.Board); err != nil {
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

func insertSent(ctx context.Context, tx *sql.Tx, sent []SentItem) error {
	if len(sent) == 0 {
		return nil
	}
	ins, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO sent_items
(item_id, asset, width, height, slogan_id, playlist, title, first_sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, it := range sent {
		if _, err := ins.ExecContext(ctx, it.ItemID, it.Asset, it.Width, it.Height, it.SloganID, it.Playlist, it.Title, formatTime(it.At)); err != nil {
			return err
		}
	}
	return nil
}
