package controller

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"codong/atomicfile"
	"codong/controller/seed"
	"codong/controller/store"
	"codong/player"
	"codong/player/display/memory"
)

// demoBoard is one of the virtual boards codong --demo runs inside the
// process: real players over the real protocol, drawing in memory, so
// the wall, the rotation and the switch can be tried with one command.
type demoBoard struct {
	key    string // its folder under the data directory's demo folder
	name   string
	w, h   int
	groups []string
}

var demoBoards = []demoBoard{
	{"hall", "Màn hình hội trường (mẫu)", 1920, 1080, []string{"Hội trường", "Trụ sở Đảng ủy"}},
	{"market", "Bảng LED chợ (mẫu)", 384, 128, []string{"Chợ trung tâm"}},
}

// demoDir keeps a demo board's token and its player's cache.
func (c *Config) demoDir(key string) string { return filepath.Join(c.DataDir, "demo", key) }

const demoTokenFile = "token"

// seedDemoBoards adds the demo boards a data directory does not have
// yet, keeping each one's token beside its cache for RunDemoBoards.
func (s *Server) seedDemoBoards(ctx context.Context) error {
	for _, d := range demoBoards {
		dir := s.cfg.demoDir(d.key)
		if _, err := os.Stat(filepath.Join(dir, demoTokenFile)); err == nil {
			continue // made at an earlier start
		}
		b := store.Board{Name: d.name, Width: d.w, Height: d.h}
		for _, name := range d.groups {
			slug, err := s.store.EnsureGroup(ctx, seed.SystemActor, name)
			if err != nil {
				return err
			}
			b.Groups = append(b.Groups, slug)
		}
		_, token, err := AddBoard(ctx, s.store, seed.SystemActor, b)
		if errors.Is(err, store.ErrConflict) {
			s.cfg.Announce(fmt.Sprintf("Đã có bảng tên “%s” nhưng không có mã của nó trong %s: bảng mẫu này không chạy. Xoá bảng đó ở trang Bảng rồi chạy lại với --demo.", d.name, dir))
			continue
		}
		if err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		if err := atomicfile.WriteFile(filepath.Join(dir, demoTokenFile), []byte(token+"\n"), 0o600); err != nil {
			return err
		}
		s.cfg.Announce(fmt.Sprintf("Đã thêm bảng mẫu “%s” %dx%d; trình phát ảo của nó chạy ngay trong codong.", d.name, d.w, d.h))
	}
	return nil
}

// RunDemoBoards starts, in this process, a player for every demo board
// whose token is kept, connecting to the controller at base (the
// address it listens on); they stop when ctx ends. Call it after Start;
// Close waits for them.
func (s *Server) RunDemoBoards(ctx context.Context, base *url.URL) error {
	for _, d := range demoBoards {
		dir := s.cfg.demoDir(d.key)
		data, err := os.ReadFile(filepath.Join(dir, demoTokenFile))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		cfg := player.Config{
			Controllers: []*url.URL{base}, Token: strings.TrimSpace(string(data)), ControllerKey: encodePublic(s.key),
			Width: d.w, Height: d.h, CacheDir: filepath.Join(dir, "cache"), Display: &memory.Display{},
			Logger: s.log.With("demo_board", d.key), Version: "demo",
		}
		if base.Scheme == "https" {
			cfg.CAFile = s.cfg.TLSCert
		}
		p, err := player.New(cfg)
		if err != nil {
			return err
		}
		s.running.Add(1)
		go func() {
			defer s.running.Done()
			if err := p.Run(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("demo board stopped", "board", d.key, "err", err)
			}
		}()
	}
	return nil
}
