package store

import (
	"context"
	"fmt"
	"time"
)

// SentItem is a picture the controller sent to boards of one size: an
// item's asset, with the item's slogan, playlist and text when it was
// first sent. It is the controller's own record of what boards can have
// played.
type SentItem struct {
	ItemID   int64
	Asset    string
	Width    int
	Height   int
	SloganID int64
	Playlist string
	Title    string
	At       time.Time
}

// SentItems returns every picture ever sent to boards.
func (s *Store) SentItems(ctx context.Context) ([]SentItem, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT item_id, asset, width, height, slogan_id, playlist, title, first_sent_at FROM sent_items`)
	if err != nil {
		return nil, fmt.Errorf("store: sent items: %w", err)
	}
	defer rows.Close()
	var out []SentItem
	for rows.Next() {
		var it SentItem
		var at string
		if err := rows.Scan(&it.ItemID, &it.Asset, &it.Width, &it.Height, &it.SloganID, &it.Playlist, &it.Title, &at); err != nil {
			return nil, fmt.Errorf("store: sent items: %w", err)
		}
		it.At = parseTime(at)
		out = append(out, it)
	}
	return out, rows.Err()
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

// Report sums the plays that started in [from, to). Titles are the
// controller's text of what it sent (see SaveTelemetry), never a board's.
func (s *Store) Report(ctx context.Context, from, to time.Time) ([]ReportRow, error) {
	rows, err := s.r.QueryContext(ctx, `
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
