package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Roles a user or API token can have. Only admin exists so far; the
// approval workflow adds the others.
const RoleAdmin = "admin"

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool { return r == RoleAdmin }

// User is a person who logs in to the web UI.
type User struct {
	ID           int64
	Username     string
	PasswordHash string
	Role         string
	CreatedAt    time.Time
}

// Session is a logged-in browser.
type Session struct {
	User      User
	CSRF      string
	ExpiresAt time.Time
}

// APIToken is a bearer token for scripts.
type APIToken struct {
	ID   int64
	Name string
	Role string
}

// CountUsers tells whether the first administrator still has to be made.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// CreateUser adds a user with an already hashed password.
func (s *Store) CreateUser(ctx context.Context, actor, username, passwordHash, role string) error {
	return s.audited(ctx, actor, "user.create", username+" ("+role+")", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)`,
			username, passwordHash, role, formatTime(s.now()))
		if isUniqueViolation(err) {
			return fmt.Errorf("%w: đã có người dùng “%s”", ErrConflict, username)
		}
		return err
	})
}

// UserByName returns a user for logging in.
func (s *Store) UserByName(ctx context.Context, username string) (User, error) {
	var u User
	var created string
	err := s.r.QueryRowContext(ctx, `SELECT id, username, password_hash, role, created_at FROM users WHERE username = ?`, username).
		Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &created)
	u.CreatedAt = parseTime(created)
	return u, notFound(err)
}

// CreateSession stores a session by the hash of its cookie value.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID int64, csrf string, expires time.Time) error {
	// Logging in is audited by the caller; sessions are not desired state.
	_, err := s.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)`,
		tokenHash, userID, csrf, formatTime(expires))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	_, err = s.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, formatTime(s.now()))
	return err
}

// SessionByToken returns a live session.
func (s *Store) SessionByToken(ctx context.Context, tokenHash string) (Session, error) {
	var ss Session
	var expires, created string
	err := s.r.QueryRowContext(ctx, `
SELECT u.id, u.username, u.password_hash, u.role, u.created_at, s.csrf, s.expires_at
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash).
		Scan(&ss.User.ID, &ss.User.Username, &ss.User.PasswordHash, &ss.User.Role, &created, &ss.CSRF, &expires)
	if err != nil {
		return ss, notFound(err)
	}
	ss.User.CreatedAt, ss.ExpiresAt = parseTime(created), parseTime(expires)
	if !s.now().Before(ss.ExpiresAt) {
		return ss, ErrNotFound
	}
	return ss, nil
}

// DeleteSession logs a browser out.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// CreateAPIToken stores the hash of a new API token.
func (s *Store) CreateAPIToken(ctx context.Context, actor, name, role, tokenHash string) error {
	return s.audited(ctx, actor, "token.create", name+" ("+role+")", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			name, role, tokenHash, formatTime(s.now()))
		return err
	})
}

// tokenUseResolution is how precisely a token's last use is recorded.
const tokenUseResolution = time.Minute

// APITokenByHash finds a token and records its use.
func (s *Store) APITokenByHash(ctx context.Context, tokenHash string) (APIToken, error) {
	var t APIToken
	var used sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT id, name, role, last_used_at FROM api_tokens WHERE token_hash = ?`, tokenHash).Scan(&t.ID, &t.Name, &t.Role, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("store: api token: %w", err)
	}
	// A script polling every few milliseconds must not make a write of
	// each request: the time of use is kept to the minute.
	now := s.now()
	if now.Sub(parseNullTime(used)) >= tokenUseResolution {
		_, err = s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, formatTime(now), t.ID)
	}
	return t, err
}
