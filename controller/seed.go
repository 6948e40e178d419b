package controller

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
//go:embed seed/slogans-official.txt
var officialSlogans string

// systemActor is the controller itself: it seeds the content every
// controller starts with, and approves that seed (recorded as such in the
// audit log): the only content nobody else approves.
var systemActor = store.Actor{Key: store.SystemKey, Name: "hệ thống (khởi tạo)", Roles: store.Roles{store.RoleApprover, store.RoleEditor}}

const (
	seedSeconds       = 10
	defaultName       = "Chào mừng Đại hội"
	congressName      = "Mừng Đại hội thành công"
	congressSloganKey = "Chào mừng thành công"
)

// seed fills an empty database: the two playlists every controller has,
// the official slogans in them, and the first administrator.
func (s *Server) seed(ctx context.Context) error {
	if err := s.seedContent(ctx); err != nil {
		return fmt.Errorf("khởi tạo nội dung mẫu: %w", err)
	}
	if err := s.seedAdmin(ctx); err != nil {
		return fmt.Errorf("tạo tài khoản quản trị: %w", err)
	}
	if s.cfg.Demo {
		return s.seedDemoBoards(ctx)
	}
	return nil
}

func (s *Server) seedContent(ctx context.Context) error {
	pls, err := s.store.Playlists(ctx)
	if err != nil || len(pls) > 0 {
		return err
	}
	if err := s.store.CreatePlaylist(ctx, systemActor, playlists.DefaultSlug, defaultName); err != nil {
		return err
	}
	if err := s.store.CreatePlaylist(ctx, systemActor, playlists.CongressSuccessSlug, congressName); err != nil {
		return err
	}
	for _, line := range strings.Split(officialSlogans, "\n") {
		text := strings.TrimSpace(line)
		if text == "" {
			continue
		}
		sl, err := s.store.CreateSlogan(ctx, systemActor, text, "classic")
		if err != nil {
			return err
		}
		slug := playlists.DefaultSlug
		if strings.HasPrefix(text, congressSloganKey) {
			slug = playlists.CongressSuccessSlug
		}
		if err := s.store.AddItem(ctx, systemActor, slug, sl.ID, seedSeconds); err != nil {
			return err
		}
	}
	seeded, err := s.store.Versions(ctx, store.VersionFilter{State: store.StatePending, Author: store.SystemKey})
	if err != nil {
		return err
	}
	for _, v := range seeded {
		if _, err := s.store.Approve(ctx, systemActor, v.ID, "nội dung khởi tạo"); err != nil {
			return err
		}
	}
	return nil
}

// firstAdminRoles are the first administrator's roles: all but approver.
var firstAdminRoles = store.Roles{store.RoleAdmin, store.RoleEditor, store.RoleOperator}

// seedAdmin creates the first administrator. There is no default
// password: it comes from CODONG_ADMIN_PASSWORD or is generated and shown
// once.
func (s *Server) seedAdmin(ctx context.Context) error {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	pw, generated := s.cfg.AdminPassword, false
	if pw == "" {
		pw, generated = secret.NewPassword(), true
	} else if len([]rune(pw)) < secret.MinPasswordLength {
		return fmt.Errorf("CODONG_ADMIN_PASSWORD phải dài ít nhất %d ký tự", secret.MinPasswordLength)
	}
	hash, err := secret.HashPasswordIter(pw, s.cfg.PasswordIterations)
	if err != nil {
		return err
	}
	// The first person can set the system up and draft, but not approve:
	// approving is for the standing committee, in accounts of their own.
	// Accounts this admin creates (or whose password they set) never
	// approve this admin's drafts (control.go), so a second person must
	// be made on the command line, or by another admin.
	if _, err := s.store.CreateUser(ctx, systemActor, "admin", hash, firstAdminRoles); err != nil {
		return err
	}
	if generated {
		s.cfg.Announce("Đã tạo tài khoản quản trị “admin” với mật khẩu: " + pw + " (chỉ hiện một lần; hãy ghi lại)")
	} else {
		s.cfg.Announce("Đã tạo tài khoản quản trị “admin” với mật khẩu từ CODONG_ADMIN_PASSWORD")
	}
	return nil
}
