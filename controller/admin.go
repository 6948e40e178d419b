package controller

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"codong/controller/respond"
	"codong/controller/secret"
	"codong/controller/staff"
	"codong/controller/store"
)

// These operations back both the web UI / API and the command line, so a
// board added either way is the same.

// AddBoard registers a board and returns its secret token, which is
// shown once and stored only as a hash.
func AddBoard(ctx context.Context, st *store.Store, a store.Actor, b store.Board) (store.Board, string, error) {
	return staff.AddBoard(ctx, st, a, b)
}

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
	t, err := st.CreateAPIToken(ctx, a, name, rs, hash, expires)
	if err != nil {
		return "", store.APIToken{}, err
	}
	return token, t, nil
}

// AddUser creates a person's account.
func AddUser(ctx context.Context, st *store.Store, a store.Actor, username, password, roles string) (store.User, error) {
	rs, err := ParseRoles(roles)
	if err != nil {
		return store.User{}, err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return store.User{}, err
	}
	u, err := st.CreateUser(ctx, a, username, hash, rs)
	if errors.Is(err, store.ErrConflict) {
		return u, respond.Err(http.StatusConflict, "conflict", "Đã có người dùng “"+username+"”.")
	}
	return u, err
}

// ResetPassword sets a user's password by name, for the command line: the
// way back for an administrator who forgot theirs. It ends the user's
// sessions. Besides the length every password needs, it refuses one
// built on the user's name or of a few repeated characters, since
// whoever runs it is usually in a hurry.
func ResetPassword(ctx context.Context, st *store.Store, a store.Actor, username, password string) error {
	u, err := st.UserByName(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("không có người dùng “%s”", username)
	}
	if err != nil {
		return err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	if weakPassword(u.Username, password) {
		return respond.BadRequest("weak_password", "Mật khẩu quá dễ đoán: đừng dựa vào tên đăng nhập hay vài ký tự lặp lại; hãy dùng một câu dài hay để trống cho máy tạo mật khẩu.")
	}
	return st.SetPassword(ctx, a, u.ID, hash)
}

// weakPassword: fewer than five different characters once the user's
// name is taken out ("aaaaaaaaaaaa", "abababababab", "lan-lan-lan-2026").
func weakPassword(username, password string) bool {
	rest := strings.ToLower(password)
	if username != "" {
		rest = strings.ReplaceAll(rest, strings.ToLower(username), "")
	}
	distinct := map[rune]bool{}
	for _, r := range rest {
		distinct[r] = true
	}
	return len(distinct) < 5
}

func hashPassword(password string) (string, error) {
	if utf8.RuneCountInString(password) < secret.MinPasswordLength {
		return "", respond.BadRequest("short_password", fmt.Sprintf("Mật khẩu phải dài ít nhất %d ký tự.", secret.MinPasswordLength))
	}
	if len(password) > 1024 {
		return "", respond.BadRequest("long_password", "Mật khẩu dài quá 1024 byte.")
	}
	return secret.HashPassword(password)
}

// OpenStore opens the database of a data directory, or the PostgreSQL
// database when one is named, for the command line.
func OpenStore(ctx context.Context, dataDir, database string) (*store.Store, error) {
	cfg := Config{DataDir: dataDir, Database: database}
	if err := cfg.checkDatabase(); err != nil {
		return nil, err
	}
	return cfg.openStore(ctx)
}
