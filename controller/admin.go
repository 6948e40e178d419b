package controller

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"codong/controller/secret"
	"codong/controller/store"
)

// These operations back both the web UI / API and the command line, so a
// board added either way is the same.

// ValidateBoard checks a board's name, size and group.
func ValidateBoard(b store.Board) error {
	name := strings.TrimSpace(b.Name)
	switch {
	case name == "" || utf8.RuneCountInString(name) > 100:
		return fmt.Errorf("tên bảng phải có từ 1 đến 100 ký tự")
	case b.Width < 16 || b.Height < 16 || b.Width > 8192 || b.Height > 8192:
		return fmt.Errorf("kích thước bảng %dx%d không hợp lệ: mỗi chiều từ 16 đến 8192 điểm ảnh", b.Width, b.Height)
	case utf8.RuneCountInString(b.Group) > 50:
		return fmt.Errorf("tên nhóm quá dài (tối đa 50 ký tự)")
	}
	return nil
}

// AddBoard registers a board and returns its secret token, which is
// shown once and stored only as a hash.
func AddBoard(ctx context.Context, st *store.Store, actor string, b store.Board) (store.Board, string, error) {
	b.Name, b.Group = strings.TrimSpace(b.Name), strings.TrimSpace(b.Group)
	if err := ValidateBoard(b); err != nil {
		return store.Board{}, "", err
	}
	token, hash := secret.NewToken(secret.PrefixBoard)
	created, err := st.CreateBoard(ctx, actor, b, hash)
	if err != nil {
		return store.Board{}, "", err
	}
	return created, token, nil
}

// CreateAPIToken makes a bearer token for scripts and returns it once.
func CreateAPIToken(ctx context.Context, st *store.Store, actor, name, role string) (string, error) {
	if !store.ValidRole(role) {
		return "", fmt.Errorf("vai trò “%s” không tồn tại (hiện có: %s)", role, store.RoleAdmin)
	}
	token, hash := secret.NewToken(secret.PrefixAPI)
	if err := st.CreateAPIToken(ctx, actor, name, role, hash); err != nil {
		return "", err
	}
	return token, nil
}

// AddUser creates a person's account.
func AddUser(ctx context.Context, st *store.Store, actor, username, password, role string) error {
	if !store.ValidRole(role) {
		return fmt.Errorf("vai trò “%s” không tồn tại (hiện có: %s)", role, store.RoleAdmin)
	}
	if username = strings.TrimSpace(username); username == "" || utf8.RuneCountInString(username) > 50 {
		return fmt.Errorf("tên đăng nhập phải có từ 1 đến 50 ký tự")
	}
	if utf8.RuneCountInString(password) < secret.MinPasswordLength {
		return fmt.Errorf("mật khẩu phải dài ít nhất %d ký tự", secret.MinPasswordLength)
	}
	hash, err := secret.HashPassword(password)
	if err != nil {
		return err
	}
	return st.CreateUser(ctx, actor, username, hash, role)
}

// OpenStore opens the database of a data directory for the command line.
func OpenStore(ctx context.Context, dataDir string) (*store.Store, error) {
	cfg := Config{DataDir: dataDir}
	return store.Open(ctx, cfg.dbPath())
}
