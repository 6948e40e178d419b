package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// A form that creates something carries a key made when the page was
// drawn. The first POST with that key claims it and, once it succeeds,
// leaves where it led; a second POST with the same key (Back then save,
// a double click, a reloaded POST) creates nothing and is sent to the
// same place. Keys are the person's own: one person's key never answers
// another's POST.

// Limits of form keys, checked here whatever the door.
const (
	// MaxFormKeyBytes bounds a form key (the pages make 26 characters).
	MaxFormKeyBytes = 64
	// MaxFormResultBytes bounds where a submission led (a path on this
	// site).
	MaxFormResultBytes = 1000
	// FormKeyLife is how long a submission is remembered: a page left
	// open over a night and saved again the next day creates anew.
	FormKeyLife = 24 * time.Hour
	// FormKeyStall is how long a claim with no result yet (its request
	// still running, or cut off by a restart) holds back a second
	// POST with the key; after it, the second POST goes ahead.
	FormKeyStall = 2 * time.Minute
	// MaxFormKeysPerActor bounds the submissions remembered for one
	// person; beyond it the oldest are forgotten.
	MaxFormKeysPerActor = 1000
)

// formKeysTable is the same text on both engines.
const formKeysTable = `CREATE TABLE form_keys (
	actor TEXT NOT NULL,
	form_key TEXT NOT NULL,
	path TEXT NOT NULL,
	result TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	PRIMARY KEY (actor, form_key, path)
);
CREATE INDEX form_keys_by_age ON form_keys (created_at);`

// FormClaim is what a POST with a form key found.
type FormClaim struct {
	// First: this request is the first with the key; it goes ahead
	// and ends with FinishFormKey or ReleaseFormKey.
	First bool
	// Result is where the earlier submission led ("" while it runs).
	Result string
}

// ErrBadFormKey refuses a key longer than MaxFormKeyBytes or with
// characters other than letters, digits, '-' and '_'.
var ErrBadFormKey = errors.New("store: bad form key")

// ClaimFormKey claims key for actor's POST to path, or tells what an
// earlier POST with it did.
func (s *Store) ClaimFormKey(ctx context.Context, actor, key, path string) (FormClaim, error) {
	if !goodFormKey(key) || len(path) > MaxFormResultBytes {
		return FormClaim{}, ErrBadFormKey
	}
	var claim FormClaim
	now := s.now()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := forgetFormKeys(ctx, tx, actor, now); err != nil {
			return err
		}
		var result, created string
		err := tx.QueryRowContext(ctx, `SELECT result, created_at FROM form_keys WHERE actor = ? AND form_key = ? AND path = ?`,
			actor, key, path).Scan(&result, &created)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			claim.First = true
			_, err = tx.ExecContext(ctx, `INSERT INTO form_keys (actor, form_key, path, result, created_at) VALUES (?, ?, ?, '', ?)`,
				actor, key, path, formatTime(now))
			return err
		case err != nil:
			return err
		case result == "" && now.Sub(parseTime(created)) > FormKeyStall:
			// The first request never finished: this one takes over.
			claim.First = true
			_, err = tx.ExecContext(ctx, `UPDATE form_keys SET created_at = ? WHERE actor = ? AND form_key = ? AND path = ?`,
				formatTime(now), actor, key, path)
			return err
		}
		claim.Result = result
		return nil
	})
	if err != nil {
		return FormClaim{}, fmt.Errorf("store: claim form key: %w", err)
	}
	return claim, nil
}

// forgetFormKeys drops what is older than FormKeyLife, and the actor's
// oldest beyond MaxFormKeysPerActor.
func forgetFormKeys(ctx context.Context, tx *sql.Tx, actor string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM form_keys WHERE created_at < ?`, formatTime(now.Add(-FormKeyLife))); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM form_keys WHERE actor = ? AND created_at <= (
		SELECT created_at FROM form_keys WHERE actor = ? ORDER BY created_at DESC LIMIT 1 OFFSET ?)`,
		actor, actor, MaxFormKeysPerActor-1)
	return err
}

// FinishFormKey records where the claimed submission led.
func (s *Store) FinishFormKey(ctx context.Context, actor, key, path, result string) error {
	if len(result) > MaxFormResultBytes {
		result = "/"
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE form_keys SET result = ? WHERE actor = ? AND form_key = ? AND path = ?`, result, actor, key, path)
		return err
	})
}

// ReleaseFormKey forgets a claim whose submission was refused, so the
// corrected form can be sent again with its key.
func (s *Store) ReleaseFormKey(ctx context.Context, actor, key, path string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM form_keys WHERE actor = ? AND form_key = ? AND path = ? AND result = ''`, actor, key, path)
		return err
	})
}

func goodFormKey(k string) bool {
	if k == "" || len(k) > MaxFormKeyBytes {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
