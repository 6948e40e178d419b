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
