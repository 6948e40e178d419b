package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// APIToken is a bearer token for scripts. Only its hash is stored.
type APIToken struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Roles     Roles      `json:"roles"`
	CreatedBy string     `json:"-"` // actor key of the user who made it, "" from the command line
	Creator   string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used_at,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Key is the actor key of whoever uses the token: the user who made it,
// so a person cannot approve their own draft through a token of theirs.
func (t APIToken) Key() string {
	if t.CreatedBy != "" {
		return t.CreatedBy
	}
	return TokenKey(t.ID)
}

const tokenColumns = `id, name, roles, created_by, creator, created_at, last_used_at, expires_at, revoked_at`

func scanToken(row interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	var roles, created string
	var used, expires, revoked sql.NullString
	err := row.Scan(&t.ID, &t.Name, &roles, &t.CreatedBy, &t.Creator, &created, &used, &expires, &revoked)
	t.Roles, t.CreatedAt = splitRoles(roles), parseTime(created)
	t.LastUsed, t.ExpiresAt, t.RevokedAt = nullTime(used), nullTime(expires), nullTime(revoked)
	return t, err
}

func nullTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := parseTime(s.String)
	return &t
}

// CreateAPIToken stores the hash of a new API token; expires may be zero
// (no expiry).
func (s *Store) CreateAPIToken(ctx context.Context, a Actor, name string, roles Roles, tokenHash string, expires time.Time) (APIToken, error) {
	name, err := CleanName(FieldTokenName, name, MaxNameRunes)
	if err != nil {
		return APIToken{}, err
	}
	var exp any
	if !expires.IsZero() {
		exp = formatTime(expires)
	}
	// A token acts for whoever made it (a user, or the person behind a
	// token that makes tokens), so nobody becomes "a second person" by
	// minting tokens. Only the command line, which owns the data folder
	// anyway, makes tokens that stand for themselves.
	createdBy := a.Key
	if a.Key == CommandLineKey || a.Key == "" {
		createdBy = ""
	}
	var id int64
	err = s.audited(ctx, a, "token.create", name+" ("+roles.String()+")", func(tx *sql.Tx) error {
		// Revoked tokens do not count: they only stay listed for the audit.
		if err := checkCount(ctx, tx, FieldTokens, MaxTokens, `SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL`); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO api_tokens (name, roles, token_hash, created_at, created_by, creator, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, name, roles.String(), tokenHash, formatTime(s.now()), createdBy, a.Name, exp).Scan(&id)
	})
	if err != nil {
		return APIToken{}, err
	}
	return scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ?`, id))
}

// APITokens lists every token, revoked ones included, newest first.
func (s *Store) APITokens(ctx context.Context) ([]APIToken, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken stops a token working from its next request.
func (s *Store) RevokeAPIToken(ctx context.Context, a Actor, id int64) error {
	return s.audited(ctx, a, "token.revoke", fmt.Sprintf("#%d", id), func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, formatTime(s.now()), id)
		if err != nil {
			return err
		}
		return mustAffect(res)
	})
}

// tokenUseResolution is how precisely a token's last use is recorded.
const tokenUseResolution = time.Minute

// APITokenByHash finds a live token (not revoked, not expired, not made
// by a user since disabled) and records its use.
func (s *Store) APITokenByHash(ctx context.Context, tokenHash string) (APIToken, error) {
	now := s.now()
	t, err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens
WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
	AND NOT EXISTS (SELECT 1 FROM users u WHERE 'user:' || u.id = created_by AND u.disabled_at IS NOT NULL)`, tokenHash, formatTime(now)))
	if err != nil {
		return t, notFound(err)
	}
	// A token never does more than the user who made it may do now.
	if strings.HasPrefix(t.CreatedBy, "user:") {
		var roles string
		err := s.r.QueryRowContext(ctx, `SELECT roles FROM users WHERE 'user:' || id = ?`, t.CreatedBy).Scan(&roles)
		if err != nil {
			return t, notFound(err)
		}
		holds := splitRoles(roles)
		t.Roles = slices.DeleteFunc(t.Roles, func(r string) bool { return !holds.Has(r) })
	}
	// A script polling every few milliseconds must not make a write of
	// each request: the time of use is kept to the minute.
	if t.LastUsed == nil || now.Sub(*t.LastUsed) >= tokenUseResolution {
		_, err = s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, formatTime(now), t.ID)
	}
	return t, err
}
