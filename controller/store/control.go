package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Who controls which account. Four eyes means two people, but one
// person with the admin role can make a second account (or set the
// password of an existing one) and log in as it. So whoever creates an
// account or sets its password is recorded as controlling it, and the
// four-eyes rule (reviewable) treats an account and everyone who
// controls it, directly or down a chain (A made B, B made C), as one
// person, both ways: C approves none of A's drafts, A none of C's.
//
// API tokens need no entry: a token acts under the key of the person who
// minted it (APIToken.Key), so their tokens, and tokens those tokens
// mint, are already that person. The command line and the system are
// not recorded as controllers: whoever runs codong on the server owns
// the data folder anyway (docs/security.md says so).

// Reasons an account is controlled by someone, as stored.
const (
	ControlCreated  = "create"   // they created the account
	ControlPassword = "password" // they set its password
)

// controlMigration adds the facts of who controls an account (filled
// from the audit log for accounts made before), the tree of API tokens
// and the one-time password flag. SQLite's words; pgControlMigration is
// PostgreSQL's.
const controlMigration = `
ALTER TABLE api_tokens ADD COLUMN parent_id INTEGER;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
` + controlTable

const pgControlMigration = `
ALTER TABLE api_tokens ADD COLUMN parent_id BIGINT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
` + controlTable

const controlTable = `
CREATE TABLE account_controls (
	account TEXT NOT NULL,
	controller TEXT NOT NULL,
	reason TEXT NOT NULL,
	since TEXT NOT NULL,
	PRIMARY KEY (account, controller)
);
CREATE INDEX account_controls_by_controller ON account_controls (controller);
` + controlBackfill

// controlBackfill records who created each account made before, or set
// its password, as the audit log tells it.
const controlBackfill = `
INSERT INTO account_controls (account, controller, reason, since)
SELECT 'user:' || u.id, a.actor_key, CASE MIN(a.action) WHEN 'user.create' THEN 'create' ELSE 'password' END, MIN(a.at) FROM audit a JOIN users u
	ON (a.action = 'user.create' AND substr(a.detail, 1, length(u.username) + 2) = u.username || ' (')
	OR (a.action = 'user.password' AND a.detail = '#' || u.id)
WHERE a.actor_key NOT IN ('', 'system', 'cli') AND a.actor_key != 'user:' || u.id
GROUP BY u.id, a.actor_key;
`

// recordControl notes, in a change's transaction, that controller now
// controls account (a user's key).
func (s *Store) recordControl(ctx context.Context, tx *sql.Tx, controller, account, reason string) error {
	if !isPerson(controller) || controller == account {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO account_controls (account, controller, reason, since) VALUES (?, ?, ?, ?)
ON CONFLICT (account, controller) DO NOTHING`, account, controller, reason, formatTime(s.now()))
	if err != nil {
		return fmt.Errorf("store: account control: %w", err)
	}
	return nil
}

// controls records, in a change's transaction, that the actor now
// controls user id's account, and says so in the audit log.
func (s *Store) controls(ctx context.Context, tx *sql.Tx, a Actor, id int64, reason string) error {
	account := UserKey(id)
	if !isPerson(a.Key) || a.Key == account {
		return nil
	}
	if err := s.recordControl(ctx, tx, a.Key, account, reason); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, "account.control", fmt.Sprintf("#%d %s %s", id, reason, a.Key))
}

// isPerson tells the keys the four-eyes rule follows: users and tokens
// made on the command line, not the system nor the command line itself.
func isPerson(key string) bool {
	return key != "" && key != SystemKey && key != CommandLineKey
}

// sameHands lists the keys the four-eyes rule takes for the same person
// as key: those who control it, down any chain, and those it controls.
func sameHands(ctx context.Context, q querier, key string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `
WITH RECURSIVE up(k) AS (
	SELECT CAST(? AS TEXT) UNION SELECT c.controller FROM account_controls c JOIN up ON c.account = up.k
), down(k) AS (
	SELECT CAST(? AS TEXT) UNION SELECT c.account FROM account_controls c JOIN down ON c.controller = down.k
)
SELECT k FROM up UNION SELECT k FROM down`, key, key)
	if err != nil {
		return nil, fmt.Errorf("store: account controls: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		if k != key {
			out = append(out, k)
		}
	}
	return out, rows.Err()
}

// SameHands lists the actor keys the four-eyes rule takes for the same
// person as key (see reviewable), for pages to say so before refusing.
func (s *Store) SameHands(ctx context.Context, key string) ([]string, error) {
	return sameHands(ctx, s.r, key)
}

// Controllers lists who controls an account directly, and why ("user:1
// create"), for the users page.
func (s *Store) Controllers(ctx context.Context) (map[string][]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT account, controller, reason FROM account_controls ORDER BY since, controller`)
	if err != nil {
		return nil, fmt.Errorf("store: account controls: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var account, controller, reason string
		if err := rows.Scan(&account, &controller, &reason); err != nil {
			return nil, err
		}
		out[account] = append(out[account], controller+" "+reason)
	}
	return out, rows.Err()
}

// FourEyesError refuses an approval by the author, or by an account in
// the same hands as the author.
type FourEyesError struct {
	// Version is the version refused.
	Version int64
	// Author is the key of the author or contributor in question, and
	// AuthorName their name.
	Author, AuthorName string
	// SameHands is true when the approver is not the author but one of
	// the same person's accounts (one controls the other).
	SameHands bool
}

func (e *FourEyesError) Error() string {
	if e.SameHands {
		return fmt.Sprintf("%s: the approver and %s are accounts of one person (one created or set the password of the other)", ErrFourEyes, e.Author)
	}
	return ErrFourEyes.Error()
}

func (e *FourEyesError) Unwrap() error { return ErrFourEyes }
