package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"codong/protocol"
)

// AddPlays stores a board's play records; a record sent twice (the
// confirmation was lost) is kept once. The board's name is copied so the
// report still reads right after the board is removed.
func (s *Store) AddPlays(ctx context.Context, b Board, recs []protocol.Play) (upTo int64, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO plays
(board_id, board_name, play_id, playlist, item_id, slogan_id, title, asset, started_at, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range recs {
			if _, err := stmt.ExecContext(ctx, b.ID, b.Name, r.ID, r.Playlist, r.ItemID, r.SloganID, r.Title, r.Asset, formatTime(r.Start), r.Seconds); err != nil {
				return err
			}
			upTo = max(upTo, r.ID)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: add plays: %w", err)
	}
	return upTo, nil
}

// ReportRow is one line of the report upward: how often a slogan was
// shown on a board in a period, and for how long in all.
type ReportRow struct {
	Board   string    `json:"board"`
	Title   string    `json:"title"`
	Plays   int       `json:"plays"`
	Seconds int       `json:"seconds"`
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
}

// Report sums the plays that started in [from, to).
func (s *Store) Report(ctx context.Context, from, to time.Time) ([]ReportRow, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT board_name, title, COUNT(*), SUM(seconds), MIN(started_at), MAX(started_at)
FROM plays WHERE started_at >= ? AND started_at < ?
GROUP BY board_id, board_name, title ORDER BY board_name, title`, formatTime(from), formatTime(to))
	if err != nil {
		return nil, fmt.Errorf("store: report: %w", err)
	}
	defer rows.Close()
	out := []ReportRow{}
	for rows.Next() {
		var r ReportRow
		var first, last string
		if err := rows.Scan(&r.Board, &r.Title, &r.Plays, &r.Seconds, &first, &last); err != nil {
			return nil, fmt.Errorf("store: report: %w", err)
		}
		r.First, r.Last = parseTime(first), parseTime(last)
		out = append(out, r)
	}
	return out, rows.Err()
}
