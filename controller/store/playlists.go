package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"codong/playlists"
)

// PlaylistItem is an item as stored: a slogan shown for some seconds.
type PlaylistItem struct {
	ID       int64  `json:"id"`
	SloganID int64  `json:"slogan_id"`
	Text     string `json:"text"`
	Style    string `json:"style"`
	Seconds  int    `json:"seconds"`
}

// Playlist is a playlist with its items in order.
type Playlist struct {
	ID    int64          `json:"id"`
	Slug  string         `json:"slug"`
	Name  string         `json:"name"`
	Items []PlaylistItem `json:"items"`
}

// Playlists lists every playlist with its items.
func (s *Store) Playlists(ctx context.Context) ([]Playlist, error) {
	return s.playlists(ctx, s.r)
}

func (s *Store) playlists(ctx context.Context, q querier) ([]Playlist, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, slug, name FROM playlists ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: playlists: %w", err)
	}
	var out []Playlist
	for rows.Next() {
		var p Playlist
		if err := rows.Scan(&p.ID, &p.Slug, &p.Name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: playlists: %w", err)
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: playlists: %w", err)
	}
	for i := range out {
		if out[i].Items, err = s.items(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Playlist returns one playlist by slug.
func (s *Store) Playlist(ctx context.Context, slug string) (Playlist, error) {
	var p Playlist
	err := s.r.QueryRowContext(ctx, `SELECT id, slug, name FROM playlists WHERE slug = ?`, slug).Scan(&p.ID, &p.Slug, &p.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: playlist %q: %w", slug, err)
	}
	p.Items, err = s.items(ctx, s.r, p.ID)
	return p, err
}

func (s *Store) items(ctx context.Context, q querier, playlistID int64) ([]PlaylistItem, error) {
	rows, err := q.QueryContext(ctx, `
SELECT i.id, i.slogan_id, s.text, s.style, i.seconds
FROM playlist_items i JOIN slogans s ON s.id = i.slogan_id
WHERE i.playlist_id = ? ORDER BY i.position, i.id`, playlistID)
	if err != nil {
		return nil, fmt.Errorf("store: playlist items: %w", err)
	}
	defer rows.Close()
	out := []PlaylistItem{} // an empty playlist is [] in JSON, not null
	for rows.Next() {
		var it PlaylistItem
		if err := rows.Scan(&it.ID, &it.SloganID, &it.Text, &it.Style, &it.Seconds); err != nil {
			return nil, fmt.Errorf("store: playlist items: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// CreatePlaylist adds an empty playlist.
func (s *Store) CreatePlaylist(ctx context.Context, actor, slug, name string) error {
	if !playlists.ValidSlug(slug) {
		return fmt.Errorf("%w: mã “%s” chỉ được gồm chữ thường không dấu, số và dấu gạch ngang", playlists.ErrInvalid, slug)
	}
	detail := slug + ": " + name
	return s.change(ctx, actor, "playlist.create", func(tx *sql.Tx) (string, error) {
		_, err := tx.ExecContext(ctx, `INSERT INTO playlists (slug, name) VALUES (?, ?)`, slug, name)
		if isUniqueViolation(err) {
			return detail, fmt.Errorf("%w: đã có danh sách phát mã “%s”", ErrConflict, slug)
		}
		return detail, err
	})
}

// AddItem appends a slogan to a playlist.
func (s *Store) AddItem(ctx context.Context, actor, slug string, sloganID int64, seconds int) error {
	if err := playlists.ValidateSeconds(seconds); err != nil {
		return err
	}
	return s.change(ctx, actor, "playlist.add_item", func(tx *sql.Tx) (string, error) {
		var pid int64
		var name, text string
		if err := tx.QueryRowContext(ctx, `SELECT id, name FROM playlists WHERE slug = ?`, slug).Scan(&pid, &name); err != nil {
			return "", notFound(err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT text FROM slogans WHERE id = ?`, sloganID).Scan(&text); err != nil {
			return "", notFound(err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO playlist_items (playlist_id, slogan_id, position, seconds)
VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM playlist_items WHERE playlist_id = ?), ?)`, pid, sloganID, pid, seconds)
		return fmt.Sprintf("“%s”: thêm “%s”, %d giây", name, text, seconds), err
	})
}

// UpdateItem changes an item's duration.
func (s *Store) UpdateItem(ctx context.Context, actor, slug string, itemID int64, seconds int) error {
	if err := playlists.ValidateSeconds(seconds); err != nil {
		return err
	}
	detail := fmt.Sprintf("%s mục #%d: %d giây", slug, itemID, seconds)
	return s.change(ctx, actor, "playlist.update_item", func(tx *sql.Tx) (string, error) {
		res, err := tx.ExecContext(ctx, `UPDATE playlist_items SET seconds = ? WHERE id = ? AND playlist_id = (SELECT id FROM playlists WHERE slug = ?)`, seconds, itemID, slug)
		if err != nil {
			return detail, err
		}
		return detail, mustAffect(res)
	})
}

// RemoveItem takes an item out of its playlist.
func (s *Store) RemoveItem(ctx context.Context, actor, slug string, itemID int64) error {
	detail := fmt.Sprintf("%s mục #%d", slug, itemID)
	return s.change(ctx, actor, "playlist.remove_item", func(tx *sql.Tx) (string, error) {
		res, err := tx.ExecContext(ctx, `DELETE FROM playlist_items WHERE id = ? AND playlist_id = (SELECT id FROM playlists WHERE slug = ?)`, itemID, slug)
		if err != nil {
			return detail, err
		}
		return detail, mustAffect(res)
	})
}

// MoveItem swaps an item with its neighbour (delta -1 up, +1 down).
func (s *Store) MoveItem(ctx context.Context, actor, slug string, itemID int64, delta int) error {
	detail := fmt.Sprintf("%s mục #%d %+d", slug, itemID, delta)
	return s.change(ctx, actor, "playlist.move_item", func(tx *sql.Tx) (string, error) {
		var pid, pos int64
		if err := tx.QueryRowContext(ctx, `SELECT playlist_id, position FROM playlist_items WHERE id = ? AND playlist_id = (SELECT id FROM playlists WHERE slug = ?)`, itemID, slug).Scan(&pid, &pos); err != nil {
			return detail, notFound(err)
		}
		cmp, order := ">", "ASC"
		if delta < 0 {
			cmp, order = "<", "DESC"
		}
		var otherID, otherPos int64
		err := tx.QueryRowContext(ctx, `SELECT id, position FROM playlist_items WHERE playlist_id = ? AND position `+cmp+` ? ORDER BY position `+order+` LIMIT 1`, pid, pos).Scan(&otherID, &otherPos)
		if errors.Is(err, sql.ErrNoRows) {
			return detail, nil // already first or last
		}
		if err != nil {
			return detail, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE playlist_items SET position = ? WHERE id = ?`, otherPos, itemID); err != nil {
			return detail, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE playlist_items SET position = ? WHERE id = ?`, pos, otherID)
		return detail, err
	})
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
