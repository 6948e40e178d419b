package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Pairing is a player waiting to be adopted: it registered the hash of
// its own secret and shows Code on its display.
type Pairing struct {
	Code      string    `json:"code"`
	Width     int       `json:"width"`
	Height    int       `json:"height"`
	Address   string    `json:"address"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// CreatePairing records a waiting player. Expired pairings are swept
// first; a code already in use is a conflict (the caller draws again).
func (s *Store) CreatePairing(ctx context.Context, p Pairing, tokenHash string) error {
	now := formatTime(s.now())
	if _, err := s.w.ExecContext(ctx, `DELETE FROM pairings WHERE expires_at < ?`, now); err != nil {
		return fmt.Errorf("store: sweep pairings: %w", err)
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO pairings (code, token_hash, width, height, address, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		p.Code, tokenHash, p.Width, p.Height, p.Address, now, formatTime(p.ExpiresAt))
	if isUniqueViolation(err) {
		return ErrConflict
	}
	return err
}

// CountPairings counts live pairings, in all and from one address.
func (s *Store) CountPairings(ctx context.Context, address string) (all, fromAddress int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN address = ? THEN 1 END) FROM pairings WHERE expires_at >= ?`,
		address, formatTime(s.now())).Scan(&all, &fromAddress)
	return all, fromAddress, err
}

// PairingByToken finds a live pairing by its player's token hash.
func (s *Store) PairingByToken(ctx context.Context, tokenHash string) (Pairing, error) {
	var p Pairing
	var created, expires string
	err := s.r.QueryRowContext(ctx, `SELECT code, width, height, address, created_at, expires_at FROM pairings WHERE token_hash = ? AND expires_at >= ?`,
		tokenHash, formatTime(s.now())).Scan(&p.Code, &p.Width, &p.Height, &p.Address, &created, &expires)
	p.CreatedAt, p.ExpiresAt = parseTime(created), parseTime(expires)
	return p, notFound(err)
}

// Pairings lists the live pairings, for the Boards page.
func (s *Store) Pairings(ctx context.Context) ([]Pairing, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, width, height, address, created_at, expires_at FROM pairings WHERE expires_at >= ? ORDER BY created_at`, formatTime(s.now()))
	if err != nil {
		return nil, fmt.Errorf("store: pairings: %w", err)
	}
	defer rows.Close()
	var out []Pairing
	for rows.Next() {
		var p Pairing
		var created, expires string
		if err := rows.Scan(&p.Code, &p.Width, &p.Height, &p.Address, &created, &expires); err != nil {
			return nil, err
		}
		p.CreatedAt, p.ExpiresAt = parseTime(created), parseTime(expires)
		out = append(out, p)
	}
	return out, rows.Err()
}

// AdoptPairing turns a live pairing into a board: the player's token
// becomes the board's, and the code is used up.
func (s *Store) AdoptPairing(ctx context.Context, a Actor, code string, b Board) (Board, error) {
	if err := cleanBoard(&b); err != nil {
		return Board{}, err
	}
	detail := fmt.Sprintf("mã %s → %s %dx%d%s", code, b.Name, b.Width, b.Height, s.groupNote(ctx, b.Groups))
	err := s.change(ctx, a, "board.adopt", func(tx *sql.Tx) (string, error) {
		var tokenHash string
		err := tx.QueryRowContext(ctx, `SELECT token_hash FROM pairings WHERE code = ? AND expires_at >= ?`, code, formatTime(s.now())).Scan(&tokenHash)
		if errors.Is(err, sql.ErrNoRows) {
			return detail, fmt.Errorf("%w: mã ghép nối “%s” không đúng hoặc đã hết hạn", ErrNotFound, code)
		}
		if err != nil {
			return detail, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pairings WHERE code = ?`, code); err != nil {
			return detail, err
		}
		if err := checkCount(ctx, tx, FieldBoards, MaxBoards, `SELECT COUNT(*) FROM boards`); err != nil {
			return detail, err
		}
		b.ID, err = insertBoard(ctx, tx, a, b, tokenHash, s.now())
		return detail, err
	})
	if err != nil {
		return Board{}, err
	}
	return s.Board(ctx, Everything, b.ID)
}
