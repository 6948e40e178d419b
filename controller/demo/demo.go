// Package demo runs the boards codong --demo adds: real players over the
// real protocol inside the controller's process, drawing in memory, so
// the wall, the rotation and the switch can be tried with one command.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"codong/atomicfile"
	"codong/controller/seed"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/player"
	"codong/player/display/memory"
)

// board is one of the virtual boards.
type board struct {
	key    string // its folder under the data directory's demo folder
	name   string
	w, h   int
	groups []string
}

var boards = []board{
	{"hall", "Màn hình hội trường (mẫu)", 1920, 1080, []string{"Hội trường", "Trụ sở Đảng ủy"}},
	{"market", "Bảng LED chợ (mẫu)", 384, 128, []string{"Chợ trung tâm"}},
}

// dirOf keeps a demo board's token and its player's cache.
func dirOf(dataDir, key string) string { return filepath.Join(dataDir, "demo", key) }

const tokenFile = "token"

// Seed adds the demo boards a data directory does not have yet, keeping
// each one's token beside its cache for Run; announce says each to the
// person starting the controller.
func Seed(ctx context.Context, st *store.Store, dataDir string, announce func(string)) error {
	for _, d := range boards {
		dir := dirOf(dataDir, d.key)
		if _, err := os.Stat(filepath.Join(dir, tokenFile)); err == nil {
			continue // made at an earlier start
		}
		b := store.Board{Name: d.name, Width: d.w, Height: d.h}
		for _, name := range d.groups {
			slug, err := st.EnsureGroup(ctx, seed.SystemActor, name)
			if err != nil {
				return err
			}
			b.Groups = append(b.Groups, slug)
		}
		_, token, err := staff.AddBoard(ctx, st, seed.SystemActor, b)
		if errors.Is(err, store.ErrConflict) {
			announce(fmt.Sprintf("Đã có bảng tên “%s” nhưng không có mã của nó trong %s: bảng mẫu này không chạy. Xoá bảng đó ở trang Bảng rồi chạy lại với --demo.", d.name, dir))
			continue
		}
		if err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		if err := atomicfile.WriteFile(filepath.Join(dir, tokenFile), []byte(token+"\n"), 0o600); err != nil {
			return err
		}
		announce(fmt.Sprintf("Đã thêm bảng mẫu “%s” %dx%d; trình phát ảo của nó chạy ngay trong codong.", d.name, d.w, d.h))
	}
	return nil
}

// Players is where the demo boards' players connect and how they trust it.
type Players struct {
	DataDir string
	// Base is the address the controller listens on.
	Base *url.URL
	// ControllerKey is the key players pin; CAFile the certificate they
	// trust under https.
	ControllerKey, CAFile string
	Log                   *slog.Logger
	// Running counts the players until they stop.
	Running *sync.WaitGroup
}

// Run starts, in this process, a player for every demo board whose
// token is kept; they stop when ctx ends.
func (p Players) Run(ctx context.Context) error {
	base := p.Base
	for _, d := range boards {
		dir := dirOf(p.DataDir, d.key)
		data, err := os.ReadFile(filepath.Join(dir, tokenFile))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		cfg := player.Config{
			Controllers: []*url.URL{base}, Token: strings.TrimSpace(string(data)), ControllerKey: p.ControllerKey,
			Width: d.w, Height: d.h, CacheDir: filepath.Join(dir, "cache"), Display: &memory.Display{},
			Logger: p.Log.With("demo_board", d.key), Version: "demo",
		}
		if base.Scheme == "https" {
			cfg.CAFile = p.CAFile
		}
		pl, err := player.New(cfg)
		if err != nil {
			return err
		}
		p.Running.Add(1)
		go func() {
			defer p.Running.Done()
			err := pl.Run(ctx)
			// Asked to restart (remote care), a demo board has no program
			// of its own to start again: a new player in this process
			// stands for it, from the same cache.
			for errors.Is(err, player.ErrRestart) && ctx.Err() == nil {
				if pl, err = player.New(cfg); err == nil {
					err = pl.Run(ctx)
				}
			}
			if err != nil && ctx.Err() == nil {
				p.Log.Error("demo board stopped", "board", d.key, "err", err)
			}
		}()
	}
	return nil
}
