package controller

import (
	"context"
	"fmt"

	"codong/controller/demo"
	"codong/controller/seed"
)

// seed fills an empty database: the two playlists every controller has,
// the official slogans in them, and the first administrator.
func (s *Server) seed(ctx context.Context) error {
	if err := seed.Content(ctx, s.store); err != nil {
		return fmt.Errorf("khởi tạo nội dung mẫu: %w", err)
	}
	if err := seed.Admin(ctx, s.store, s.cfg.AdminPassword, s.cfg.PasswordIterations, s.cfg.Announce); err != nil {
		return fmt.Errorf("tạo tài khoản quản trị: %w", err)
	}
	if s.cfg.Demo {
		return demo.Seed(ctx, s.store, s.cfg.DataDir, s.cfg.Announce)
	}
	return nil
}
