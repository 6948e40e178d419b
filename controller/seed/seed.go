// Package seed fills an empty database with what every controller starts
// with: the two playlists, the official slogans in them, and the first
// administrator.
package seed

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"codong/controller/secret"
	"codong/controller/store"
	"codong/playlists"
)

// The official congress slogans, one per line, seeded into a new database
// so that a newcomer sees real content.
//
//go:embed slogans-official.txt
var officialSlogans string

// SystemActor is the controller itself: it seeds the content every
// controller starts with, and approves that seed (recorded as such in the
// audit log): the only content nobody else approves.
var SystemActor = store.Actor{Key: store.SystemKey, Name: "hệ thống (khởi tạo)", Roles: store.Roles{store.RoleApprover, store.RoleEditor}}

const (
	seedSeconds       = 10
	defaultName       = "Chào mừng Đại hội"
	congressName      = "Mừng Đại hội thành công"
	congressSloganKey = "Chào mừng thành công"
)

// Content seeds an empty database's playlists and slogans, approved by
// the controller itself; a database with playlists is left as it is.
func Content(ctx context.Context, st *store.Store) error {
	pls, err := st.Playlists(ctx)
	if err != nil || len(pls) > 0 {
		return err
	}
	if err := st.CreatePlaylist(ctx, SystemActor, playlists.DefaultSlug, defaultName); err != nil {
		return err
	}
	if err := st.CreatePlaylist(ctx, SystemActor, playlists.CongressSuccessSlug, congressName); err != nil {
		return err
	}
	for _, line := range strings.Split(officialSlogans, "\n") {
		text := strings.TrimSpace(line)
		if text == "" {
			continue
		}
		sl, err := st.CreateSlogan(ctx, SystemActor, text, "classic")
		if err != nil {
			return err
		}
		slug := playlists.DefaultSlug
		if strings.HasPrefix(text, congressSloganKey) {
			slug = playlists.CongressSuccessSlug
		}
		if err := st.AddItem(ctx, SystemActor, slug, sl.ID, seedSeconds); err != nil {
			return err
		}
	}
	seeded, err := st.Versions(ctx, store.VersionFilter{State: store.StatePending, Author: store.SystemKey})
	if err != nil {
		return err
	}
	for _, v := range seeded {
		if _, err := st.Approve(ctx, SystemActor, v.ID, "nội dung khởi tạo"); err != nil {
			return err
		}
	}
	return nil
}

// firstAdminRoles are the first administrator's roles: all but approver.
var firstAdminRoles = store.Roles{store.RoleAdmin, store.RoleEditor, store.RoleOperator}

// Admin creates the first administrator. There is no default
// password: it comes from CODONG_ADMIN_PASSWORD or is generated and shown
// once.
func Admin(ctx context.Context, st *store.Store, password string, iterations int, announce func(string)) error {
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	pw, generated := password, false
	if pw == "" {
		pw, generated = secret.NewPassword(), true
	} else if err := secret.CheckNewPassword(pw, "admin"); err != nil {
		return fmt.Errorf("CODONG_ADMIN_PASSWORD không dùng được: %w", err)
	}
	hash, err := secret.HashPasswordIter(pw, iterations)
	if err != nil {
		return err
	}
	// The first person can set the system up and draft, but not approve:
	// approving is for the standing committee, in accounts of their own.
	// Accounts this admin creates (or whose password they set) never
	// approve this admin's drafts (control.go), so a second person must
	// be made on the command line, or by another admin.
	if _, err := st.CreateUser(ctx, SystemActor, "admin", hash, firstAdminRoles); err != nil {
		return err
	}
	if generated {
		announce("Đã tạo tài khoản quản trị “admin” với mật khẩu: " + pw + " (chỉ hiện một lần; hãy ghi lại)")
	} else {
		announce("Đã tạo tài khoản quản trị “admin” với mật khẩu từ CODONG_ADMIN_PASSWORD")
	}
	return nil
}
