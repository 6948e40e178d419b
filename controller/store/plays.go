package store

import (
	"context"
	"fmt"
	"time"
)

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
