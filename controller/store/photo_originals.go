package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// On a shared PostgreSQL database, uploaded photo originals live in the
// database (photo_originals), so every controller can fit any photo to
// its boards whichever controller took the upload. On SQLite they are
// files in DATA/photos, beside the one controller (assets.Store).

// photoOriginalsTable is created by pgMigrations only.
const photoOriginalsTable = `CREATE TABLE photo_originals (sha256 TEXT PRIMARY KEY, data BYTEA NOT NULL);`

// PutPhotoOriginal keeps data once, by its sha256, and returns the sum.
func (s *Store) PutPhotoOriginal(ctx context.Context, data []byte) (string, error) {
	if !s.pg {
		return "", errors.New("store: photo originals are files on SQLite")
	}
	h := sha256.Sum256(data)
	sum := hex.EncodeToString(h[:])
	// Up to 20 MiB: kept off the shared write lock, which other
	// controllers' writes would wait behind (one statement, no rule read
	// before it writes).
	err := s.txLocked(ctx, false, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO photo_originals (sha256, data) VALUES (?, ?) ON CONFLICT DO NOTHING`, sum, data)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: photo original: %w", err)
	}
	return sum, nil
}

// PhotoOriginal returns the original named sum, verified against it.
func (s *Store) PhotoOriginal(ctx context.Context, sum string) ([]byte, error) {
	var data []byte
	err := s.r.QueryRowContext(ctx, `SELECT data FROM photo_originals WHERE sha256 = ?`, sum).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: photo original %s: %w", sum, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: photo original %s: %w", sum, err)
	}
	if h := sha256.Sum256(data); hex.EncodeToString(h[:]) != sum {
		return nil, fmt.Errorf("store: photo original %s is damaged", sum)
	}
	return data, nil
}

// PhotoOriginalBytes is the space the originals take in the database
// (PostgreSQL); 0 on SQLite, where they are files.
func (s *Store) PhotoOriginalBytes(ctx context.Context) (int64, error) {
	if !s.pg {
		return 0, nil
	}
	var n int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(SUM(octet_length(data)), 0) FROM photo_originals`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: photo originals' size: %w", err)
	}
	return n, nil
}

// HasPhotoOriginal reports whether the original named sum is kept: a
// file uploaded again need not be sent to the database again.
func (s *Store) HasPhotoOriginal(ctx context.Context, sum string) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM photo_originals WHERE sha256 = ?`, sum).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: photo original %s: %w", sum, err)
	}
	return n > 0, nil
}
