package staff

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"codong/controller/respond"
	"codong/controller/secret"
	"codong/controller/store"
)

// These operations back the API, the pages and the command line alike,
// so an account or a token made either way is the same.

// ParseRoles reads a list of role codes ("editor,approver") and says in
// Vietnamese what is wrong with it.
func ParseRoles(s string) (store.Roles, error) {
	r, err := store.ParseRoles(s)
	if err != nil {
		var codes []string
		for _, role := range store.AllRoles {
			codes = append(codes, role+" ("+respond.RoleNames[role]+")")
		}
		return nil, respond.BadRequest("bad_roles", fmt.Sprintf("Vai trò “%s” không hợp lệ; chọn một hay nhiều trong: %s, cách nhau bằng dấu phẩy.", s, strings.Join(codes, ", ")))
	}
	return r, nil
}

// Limits of names, checked at the edge.
const (
	maxTokenDays = 3650
)

// CreateAPIToken makes a bearer token for scripts and returns it once.
// days is how long it lives (0: until revoked).
func CreateAPIToken(ctx context.Context, st *store.Store, a store.Actor, name, roles string, days int) (string, store.APIToken, error) {
	return CreateAPITokenIn(ctx, st, a, "", name, roles, days)
}

// CreateAPITokenIn is CreateAPIToken for a token acting in the unit
// named by its slug ("": the maker's own).
func CreateAPITokenIn(ctx context.Context, st *store.Store, a store.Actor, unit, name, roles string, days int) (string, store.APIToken, error) {
	rs, err := ParseRoles(roles)
	if err != nil {
		return "", store.APIToken{}, err
	}
	if days < 0 || days > maxTokenDays {
		return "", store.APIToken{}, respond.BadRequest("bad_expiry", fmt.Sprintf("Thời hạn phải từ 0 (không hết hạn) đến %d ngày.", maxTokenDays))
	}
	var expires time.Time
	if days > 0 {
		expires = st.Now().Add(time.Duration(days) * 24 * time.Hour)
	}
	token, hash := secret.NewToken(secret.PrefixAPI)
	t, err := st.CreateAPITokenIn(ctx, a, unit, name, rs, hash, expires)
	if err != nil {
		return "", store.APIToken{}, err
	}
	return token, t, nil
}

// AddUser creates a person's account.
func AddUser(ctx context.Context, st *store.Store, a store.Actor, username, password, roles string) (store.User, error) {
	return AddUserIn(ctx, st, a, "", username, password, roles)
}

// AddUserIn is AddUser for a person of the unit named by its slug ("":
// the creator's own).
func AddUserIn(ctx context.Context, st *store.Store, a store.Actor, unit, username, password, roles string) (store.User, error) {
	return addUserIn(ctx, st, a, unit, username, password, roles, secret.PasswordIterations)
}

// AddUserIn is the package's AddUserIn at the Desk's work factor: the
// console's and the API's way to make an account.
func (d *Desk) AddUserIn(ctx context.Context, a store.Actor, unit, username, password, roles string) (store.User, error) {
	return addUserIn(ctx, d.store, a, unit, username, password, roles, d.iterations)
}

func addUserIn(ctx context.Context, st *store.Store, a store.Actor, unit, username, password, roles string, iterations int) (store.User, error) {
	rs, err := ParseRoles(roles)
	if err != nil {
		return store.User{}, err
	}
	hash, err := hashPassword(password, iterations, username)
	if err != nil {
		return store.User{}, err
	}
	u, err := st.CreateUserIn(ctx, a, unit, username, hash, rs)
	if errors.Is(err, store.ErrConflict) {
		return u, respond.Err(http.StatusConflict, "conflict", "Đã có người dùng “"+username+"”.")
	}
	return u, err
}

// ResetPassword sets a user's password by name, for the command line: the
// way back for an administrator who forgot theirs. It ends the user's
// sessions.
func ResetPassword(ctx context.Context, st *store.Store, a store.Actor, username, password string) error {
	u, err := st.UserByName(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("không có người dùng “%s”", username)
	}
	if err != nil {
		return err
	}
	hash, err := HashPassword(password, u.Username)
	if err != nil {
		return err
	}
	return st.SetPassword(ctx, a, u.ID, hash)
}

// HashPassword checks a new password by the one rule every path shares
// (secret.CheckNewPassword), with the account's own words as what a
// guesser knows, and hashes it at the standard work factor (the command
// line's; a controller's console and API use the Desk's).
func HashPassword(password string, accountWords ...string) (string, error) {
	return hashPassword(password, secret.PasswordIterations, accountWords...)
}

// HashPassword is the package's HashPassword at the Desk's work factor.
func (d *Desk) HashPassword(password string, accountWords ...string) (string, error) {
	return hashPassword(password, d.iterations, accountWords...)
}

func hashPassword(password string, iterations int, accountWords ...string) (string, error) {
	if err := secret.CheckNewPassword(password, accountWords...); err != nil {
		var pe *secret.PasswordError
		if errors.As(err, &pe) {
			return "", respond.BadRequest(pe.Code, pe.Message)
		}
		return "", err
	}
	return secret.HashPasswordIter(password, iterations)
}

// UserUpdate is a change of a user's roles or lock: one left out is
// kept as it is; Version is the user's the change was made from
// (request/version.go).
type UserUpdate struct {
	Roles    *[]string `json:"roles"`
	Disabled *bool     `json:"disabled"`
	Version  *int      `json:"version"`
}

// UpdateUser changes a user's roles or lock.
func (d *Desk) UpdateUser(ctx context.Context, a store.Actor, id int64, base int, in UserUpdate) (store.User, error) {
	var roles *store.Roles
	if in.Roles != nil {
		rs, err := ParseRoles(strings.Join(*in.Roles, ","))
		if err != nil {
			return store.User{}, err
		}
		roles = &rs
	}
	return d.store.UpdateUser(ctx, a, id, base, roles, in.Disabled)
}

// SetPassword sets a user's password, as an administrator does.
func (d *Desk) SetPassword(ctx context.Context, a store.Actor, id int64, password string) error {
	u, err := d.store.User(ctx, id)
	if err != nil {
		return err
	}
	hash, err := d.HashPassword(password, u.Username)
	if err != nil {
		return err
	}
	return d.store.SetPassword(ctx, a, id, hash)
}

// UserInput is an account as an admin submits it.
type UserInput struct {
	Username string   `json:"username" form:"username"`
	Password string   `json:"password" form:"password"`
	Roles    []string `json:"roles" form:"roles"`
	Disabled bool     `json:"disabled" form:"disabled"`
	// Unit is the slug of the unit the person holds their roles in:
	// the creator's own or one under it; "" for the creator's own.
	Unit string `json:"unit" form:"unit"`
}

// TokenInput is an API token as an admin asks for it.
type TokenInput struct {
	Name  string   `json:"name" form:"name"`
	Roles []string `json:"roles" form:"roles"`
	Days  int      `json:"days" form:"days"`
	Unit  string   `json:"unit" form:"unit"` // as UserInput's
}
