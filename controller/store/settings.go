package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// KeyMismatchError means the database was first served with another
// signing key: boards pinned that one and would refuse this controller's
// manifests.
type KeyMismatchError struct {
	Recorded string // the key the database holds
}

func (e *KeyMismatchError) Error() string {
	return "store: signing key differs from the installation's " + e.Recorded
}

// signingKeySetting names the installation's public signing key.
const signingKeySetting = "signing_key"

// AgreeSigningKey records public as the installation's signing key the
// first time a controller serves the database, and afterwards refuses a
// controller whose key is another (*KeyMismatchError): every controller of
// an installation signs with one key, so a board accepts manifests from
// any of them.
func (s *Store) AgreeSigningKey(ctx context.Context, public string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var recorded string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, signingKeySetting).Scan(&recorded)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, signingKeySetting, public)
			if err != nil {
				return fmt.Errorf("store: record signing key: %w", err)
			}
			return nil
		case err != nil:
			return fmt.Errorf("store: signing key: %w", err)
		case recorded != public:
			return &KeyMismatchError{Recorded: recorded}
		}
		return nil
	})
}

// ReplaceSigningKey makes public the installation's signing key, when the
// recorded one is lost for good: every board pinned the old one and must
// be paired again. Audited; boards see no change (it bumps no revision).
func (s *Store) ReplaceSigningKey(ctx context.Context, a Actor, public string) error {
	return s.audited(ctx, a, "key.replace", public, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, signingKeySetting, public)
		return err
	})
}

// PutSetting keeps value under key: state of the installation every
// controller reads the same (e.g. the latest switch, for its progress).
func (s *Store) PutSetting(ctx context.Context, key, value string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		if err != nil {
			return fmt.Errorf("store: setting %s: %w", key, err)
		}
		return nil
	})
}

// Setting returns the value kept under key, or ErrNotFound.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: setting %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("store: setting %s: %w", key, err)
	}
	return v, nil
}

// SettingsPrefixed returns every value kept under a key that begins
// with prefix, by key.
func (s *Store) SettingsPrefixed(ctx context.Context, prefix string) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?`, len(prefix), prefix)
	if err != nil {
		return nil, fmt.Errorf("store: settings %s: %w", prefix, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("store: settings %s: %w", prefix, err)
		}
		out[k] = v
	}
	return out, rows.Err()
}
