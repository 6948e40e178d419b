package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// User is a person who logs in to the web UI.
type User struct {
	ID           int64      `json:"id"`
	Username     string     `json:"username"`
	PasswordHash string     `json:"-"`
	Roles        Roles      `json:"roles"`
	CreatedAt    time.Time  `json:"created_at"`
	DisabledAt   *time.Time `json:"disabled_at,omitempty"`
	// Version counts changes of roles and of being disabled: a change
	// names the version it was made from (row_versions.go).
	Version int `json:"version"`
	// MustChangePassword: the password was set by someone else (an
	// admin creating the account or resetting it, or the command line),
	// who knows it; it serves one login, which can only change it.
	MustChangePassword bool `json:"must_change_password"`
	// UnitID is the unit the user holds their roles in (Unit: its slug);
	// they apply to it and to every unit under it.
	UnitID int64  `json:"-"`
	Unit   string `json:"unit"`
}

// Session is a logged-in browser.
type Session struct {
	User      User
	CSRF      string
	ExpiresAt time.Time
}

// ErrLastAdmin refuses to leave the installation without an active admin.
var ErrLastAdmin = errors.New("store: the last active admin")

const userColumns = `id, username, password_hash, roles, created_at, disabled_at, version, must_change_password, unit_id, (SELECT slug FROM units WHERE units.id = users.unit_id)`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (User, error) {
	var u User
	var roles, created string
	var disabled sql.NullString
	var mustChange int
	err := row.Scan(append([]any{&u.ID, &u.Username, &u.PasswordHash, &roles, &created, &disabled, &u.Version, &mustChange, &u.UnitID, &u.Unit}, extra...)...)
	u.MustChangePassword = mustChange != 0
	u.Roles, u.CreatedAt = splitRoles(roles), parseTime(created)
	if disabled.Valid {
		t := parseTime(disabled.String)
		u.DisabledAt = &t
	}
	return u, err
}

// splitRoles reads roles as stored; they were checked when written.
func splitRoles(s string) Roles {
	if s == "" {
		return Roles{}
	}
	return Roles(strings.Split(s, ","))
}

// CountUsers tells whether the first administrator still has to be made.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// Users lists the people of the units sc sees, by name.
func (s *Store) Users(ctx context.Context, sc Scope) ([]User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+sc.sql("unit_id")+` ORDER BY username`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// User returns one user.
func (s *Store) User(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	return u, notFound(err)
}

// CreateUser adds a user with an already hashed password. Its creator
// knows that password: it must be changed at the first login (but for
// the first administrator, whom the controller makes), and the creator
// controls the account for the four-eyes rule (control.go).
func (s *Store) CreateUser(ctx context.Context, a Actor, username, passwordHash string, roles Roles) (User, error) {
	return s.CreateUserIn(ctx, a, "", username, passwordHash, roles)
}

// CreateUserIn is CreateUser for a person of the unit named by slug ("":
// the creator's own unit), which must be the creator's or lie under it.
func (s *Store) CreateUserIn(ctx context.Context, a Actor, unit, username, passwordHash string, roles Roles) (User, error) {
	username, err := CleanName(FieldUsername, username, MaxUsernameRunes)
	if err != nil {
		return User{}, err
	}
	var id int64
	err = s.audited(ctx, a, "user.create", username+" ("+roles.String()+")", func(tx *sql.Tx) error {
		if err := checkCount(ctx, tx, FieldUsers, MaxUsers, `SELECT COUNT(*) FROM users`); err != nil {
			return err
		}
		in, err := unitFor(ctx, tx, a, unit)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO users (username, password_hash, roles, created_at, must_change_password, unit_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			username, passwordHash, roles.String(), formatTime(s.now()), b2i(a.Key != SystemKey), in).Scan(&id)
		if isUniqueViolation(err) {
			return fmt.Errorf("%w: user %q", ErrConflict, username)
		}
		if err != nil {
			return err
		}
		return s.controls(ctx, tx, a, id, ControlCreated)
	})
	if err != nil {
		return User{}, err
	}
	return s.User(ctx, id)
}

// UpdateUser changes a user's roles and whether they may log in, from
// the user's version base (a change from an older one is refused with
// ChangedError); nil leaves either as it is. A disabled user's sessions
// end at once. The last active admin keeps both.
func (s *Store) UpdateUser(ctx context.Context, a Actor, id int64, base int, roles *Roles, disabled *bool) (User, error) {
	action, detail := "user.update", fmt.Sprintf("#%d", id)
	if roles != nil {
		detail += " (" + roles.String() + ")"
	}
	switch {
	case disabled != nil && *disabled:
		action = "user.disable"
	case disabled != nil:
		detail += ", mở khoá"
	}
	err := s.audited(ctx, a, action, detail, func(tx *sql.Tx) error {
		if _, err := reach(ctx, tx, a, "users", "id", id); err != nil {
			return err
		}
		if err := userRow.claim(ctx, tx, a, s.now(), id, base); err != nil {
			return err
		}
		if roles != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET roles = ? WHERE id = ?`, roles.String(), id); err != nil {
				return err
			}
		}
		// Plain statements, not a CASE on a parameter: PostgreSQL cannot
		// type a bare "? IS NULL" (SQLSTATE 42P18).
		switch {
		case disabled != nil && *disabled:
			// Disabling again keeps the moment it was first disabled.
			if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?`, formatTime(s.now()), id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
		case disabled != nil:
			if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = NULL WHERE id = ?`, id); err != nil {
				return err
			}
		}
		return checkAdminLeft(ctx, tx)
	})
	if err != nil {
		return User{}, err
	}
	return s.User(ctx, id)
}

func checkAdminLeft(ctx context.Context, tx *sql.Tx) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE disabled_at IS NULL AND (',' || roles || ',') LIKE '%,admin,%'`).Scan(&n)
	if err == nil && n == 0 {
		return ErrLastAdmin
	}
	return err
}

// SetPassword replaces a user's password hash, as an admin or the
// command line does for someone, and ends their sessions. Whoever sets
// it knows it: it serves one login, which must change it, and the setter
// controls the account for the four-eyes rule from now on (control.go).
// Setting one's own is ChangeOwnPassword.
func (s *Store) SetPassword(ctx context.Context, a Actor, id int64, passwordHash string) error {
	return s.audited(ctx, a, "user.password", fmt.Sprintf("#%d", id), func(tx *sql.Tx) error {
		if _, err := reach(ctx, tx, a, "users", "id", id); err != nil {
			return err
		}
		self := a.Key == UserKey(id)
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?`, passwordHash, b2i(!self), id)
		if err != nil {
			return err
		}
		if err := mustAffect(res); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return err
		}
		return s.controls(ctx, tx, a, id, ControlPassword)
	})
}

// ChangeOwnPassword sets a user's password by the user, who proved the
// old one: it ends the need to change it, and every other session of
// theirs (keep: the hash of the session to keep, "" for none). Who
// controlled the account stays recorded: a one-time password may have
// been used, and changed, by whoever set it.
func (s *Store) ChangeOwnPassword(ctx context.Context, a Actor, id int64, passwordHash, keep string) error {
	if a.Key != UserKey(id) {
		return ErrNotAllowed
	}
	return s.audited(ctx, a, "user.password_change", fmt.Sprintf("#%d", id), func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?`, passwordHash, id)
		if err != nil {
			return err
		}
		if err := mustAffect(res); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash != ?`, id, keep)
		return err
	})
}

// UserByName returns a user for logging in.
func (s *Store) UserByName(ctx context.Context, username string) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, username))
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

// SessionByToken returns a live session of an active user.
func (s *Store) SessionByToken(ctx context.Context, tokenHash string) (Session, error) {
	var ss Session
	var expires string
	u, err := scanUser(s.r.QueryRowContext(ctx, `
SELECT u.id, u.username, u.password_hash, u.roles, u.created_at, u.disabled_at, u.version, u.must_change_password, u.unit_id, n.slug, s.csrf, s.expires_at
FROM sessions s JOIN users u ON u.id = s.user_id JOIN units n ON n.id = u.unit_id WHERE s.token_hash = ? AND u.disabled_at IS NULL`, tokenHash), &ss.CSRF, &expires)
	if err != nil {
		return ss, notFound(err)
	}
	ss.User, ss.ExpiresAt = u, parseTime(expires)
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
