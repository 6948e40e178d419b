package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Slogan is a text that boards show, typeset in a style.
type Slogan struct {
	ID        int64     `json:"id"`
	Text      string    `json:"text"`
	Style     string    `json:"style"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

const sloganColumns = `id, text, style, created_at, updated_at`

func scanSlogan(row interface{ Scan(...any) error }) (Slogan, error) {
	var sl Slogan
	var created, updated string
	err := row.Scan(&sl.ID, &sl.Text, &sl.Style, &created, &updated)
	sl.CreatedAt, sl.UpdatedAt = parseTime(created), parseTime(updated)
	return sl, err
}

// Slogans lists every slogan, newest first.
func (s *Store) Slogans(ctx context.Context) ([]Slogan, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sloganColumns+` FROM slogans ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: slogans: %w", err)
	}
	defer rows.Close()
	var out []Slogan
	for rows.Next() {
		sl, err := scanSlogan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: slogans: %w", err)
		}
		out = append(out, sl)
	}
	return out, rows.Err()
}

// Slogan returns one slogan.
func (s *Store) Slogan(ctx context.Context, id int64) (Slogan, error) {
	sl, err := scanSlogan(s.r.QueryRowContext(ctx, `SELECT `+sloganColumns+` FROM slogans WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return sl, ErrNotFound
	}
	if err != nil {
		return sl, fmt.Errorf("store: slogan %d: %w", id, err)
	}
	return sl, nil
}

// CreateSlogan stores a new slogan; the caller has validated it.
func (s *Store) CreateSlogan(ctx context.Context, actor, text, style string) (Slogan, error) {
	now := formatTime(s.now())
	var id int64
	detail := text
	err := s.change(ctx, actor, "slogan.create", func(tx *sql.Tx) (string, error) {
		res, err := tx.ExecContext(ctx, `INSERT INTO slogans (text, style, created_at, updated_at) VALUES (?, ?, ?, ?)`, text, style, now, now)
		if err != nil {
			return detail, fmt.Errorf("store: create slogan: %w", err)
		}
		id, err = res.LastInsertId()
		return detail, err
	})
	if err != nil {
		return Slogan{}, err
	}
	return s.Slogan(ctx, id)
}

// UpdateSlogan changes a slogan's text and style.
func (s *Store) UpdateSlogan(ctx context.Context, actor string, id int64, text, style string) (Slogan, error) {
	detail := fmt.Sprintf("#%d: %s", id, text)
	err := s.change(ctx, actor, "slogan.update", func(tx *sql.Tx) (string, error) {
		res, err := tx.ExecContext(ctx, `UPDATE slogans SET text = ?, style = ?, updated_at = ? WHERE id = ?`, text, style, formatTime(s.now()), id)
		if err != nil {
			return detail, fmt.Errorf("store: update slogan %d: %w", id, err)
		}
		return detail, mustAffect(res)
	})
	if err != nil {
		return Slogan{}, err
	}
	return s.Slogan(ctx, id)
}

// DeleteSlogan removes a slogan that no playlist uses.
func (s *Store) DeleteSlogan(ctx context.Context, actor string, id int64) error {
	detail := fmt.Sprintf("#%d", id)
	return s.change(ctx, actor, "slogan.delete", func(tx *sql.Tx) (string, error) {
		var used string
		err := tx.QueryRowContext(ctx, `SELECT p.name FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id WHERE i.slogan_id = ? LIMIT 1`, id).Scan(&used)
		if err == nil {
			return detail, fmt.Errorf("%w: khẩu hiệu đang nằm trong danh sách phát “%s”; hãy bỏ nó khỏi danh sách trước", ErrConflict, used)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return detail, fmt.Errorf("store: delete slogan %d: %w", id, err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM slogans WHERE id = ?`, id)
		if err != nil {
			return detail, fmt.Errorf("store: delete slogan %d: %w", id, err)
		}
		return detail, mustAffect(res)
	})
}

func mustAffect(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
