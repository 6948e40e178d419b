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
	// ParentID is the token that minted this one (0: made by a person
	// logged in, or on the command line). Revoking a token revokes the
	// tokens it minted, and theirs; a token never holds a role its
	// parent lacks.
	ParentID int64 `json:"parent_id,omitempty"`
	// UnitID is the unit the token acts in (Unit: its slug), as a
	// person's roles are held in one.
	UnitID int64  `json:"-"`
	Unit   string `json:"unit"`
}

// Key is the actor key of whoever uses the token: the user who made it,
// so a person cannot approve their own draft through a token of theirs.
func (t APIToken) Key() string {
	if t.CreatedBy != "" {
		return t.CreatedBy
	}
	return TokenKey(t.ID)
}

const tokenColumns = `id, name, roles, created_by, creator, created_at, last_used_at, expires_at, revoked_at, parent_id, unit_id, (SELECT slug FROM units WHERE units.id = api_tokens.unit_id)`

func scanToken(row interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	var roles, created string
	var used, expires, revoked sql.NullString
	var parent sql.NullInt64
	err := row.Scan(&t.ID, &t.Name, &roles, &t.CreatedBy, &t.Creator, &created, &used, &expires, &revoked, &parent, &t.UnitID, &t.Unit)
	t.ParentID = parent.Int64
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

// RolesNotHeldError refuses a token holding roles its maker lacks.
type RolesNotHeldError struct{ Missing Roles }

func (e *RolesNotHeldError) Error() string {
	return fmt.Sprintf("store: a token cannot hold roles its maker lacks: %s", e.Missing)
}

// CreateAPIToken stores the hash of a new API token; expires may be zero
// (no expiry). Its roles must all be held by whoever makes it (a token
// minting a token: that token's roles as they are now), refused, not
// quietly cut, so nobody believes a token can do what it cannot.
func (s *Store) CreateAPIToken(ctx context.Context, a Actor, name string, roles Roles, tokenHash string, expires time.Time) (APIToken, error) {
	return s.CreateAPITokenIn(ctx, a, "", name, roles, tokenHash, expires)
}

// CreateAPITokenIn is CreateAPIToken for a token acting in the unit named
// by slug ("": the maker's own), which must be the maker's or lie under
// it: a token never sees more than whoever made it.
func (s *Store) CreateAPITokenIn(ctx context.Context, a Actor, unit, name string, roles Roles, tokenHash string, expires time.Time) (APIToken, error) {
	name, err := CleanName(FieldTokenName, name, MaxNameRunes)
	if err != nil {
		return APIToken{}, err
	}
	if missing := slices.DeleteFunc(slices.Clone(roles), a.Roles.Has); len(missing) > 0 {
		return APIToken{}, &RolesNotHeldError{Missing: missing}
	}
	var parent any
	if a.Token != 0 {
		parent = a.Token
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
		in, err := unitFor(ctx, tx, a, unit)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO api_tokens (name, roles, token_hash, created_at, created_by, creator, expires_at, parent_id, unit_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, name, roles.String(), tokenHash, formatTime(s.now()), createdBy, a.Name, exp, parent, in).Scan(&id)
	})
	if err != nil {
		return APIToken{}, err
	}
	return scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ?`, id))
}

// APITokens lists the tokens of the units sc sees, revoked ones
// included, newest first.
func (s *Store) APITokens(ctx context.Context, sc Scope) ([]APIToken, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE `+sc.sql("unit_id")+` ORDER BY id DESC`)
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

// RevokeAPIToken stops a token working from its next request, and every
// token it minted, down the tree: a script's key taken away must not
// leave the keys it made working.
func (s *Store) RevokeAPIToken(ctx context.Context, a Actor, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := reach(ctx, tx, a, "api_tokens", "id", id); err != nil {
			return err
		}
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM api_tokens WHERE id = ? AND revoked_at IS NULL`, id).Scan(&one); err != nil {
			return notFound(err)
		}
		res, err := tx.ExecContext(ctx, `WITH RECURSIVE tree(id) AS (
	SELECT CAST(? AS BIGINT) UNION SELECT t.id FROM api_tokens t JOIN tree ON t.parent_id = tree.id
)
UPDATE api_tokens SET revoked_at = ? WHERE id IN (SELECT id FROM tree) AND revoked_at IS NULL`, id, formatTime(s.now()))
		if err != nil {
			return fmt.Errorf("store: revoke token: %w", err)
		}
		n, _ := res.RowsAffected()
		detail := fmt.Sprintf("#%d", id)
		if n > 1 {
			detail += fmt.Sprintf(" (+%d)", n-1)
		}
		return s.audit(ctx, tx, a, "token.revoke", detail)
	})
}

// maxTokenDepth bounds the walk up a token's parents; a chain is made
// by hand, one token at a time, and is never near this long.
const maxTokenDepth = 100

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
	// A token works only while every token above it does (one revoked or
	// expired before the revocation cascaded, or by an older program),
	// and never does more than the least of them may.
	for parent, depth := t.ParentID, 0; parent != 0; depth++ {
		p, err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens
WHERE id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`, parent, formatTime(now)))
		if err != nil {
			return t, notFound(err)
		}
		if depth >= maxTokenDepth {
			return t, ErrNotFound
		}
		t.Roles = slices.DeleteFunc(t.Roles, func(r string) bool { return !p.Roles.Has(r) })
		parent = p.ParentID
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
