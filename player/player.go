package player

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"codong/player/display"
	"codong/playlists"
	"codong/protocol"
)

// retryShow is how soon a frame that could not be shown is tried again.
const retryShow = 5 * time.Second

// Player is one running agent.
type Player struct {
	cfg       Config
	log       *slog.Logger
	cache     *cache
	http      *http.Client
	manifests chan *playlists.Manifest
	started   time.Time

	mu       sync.Mutex
	status   protocol.Status
	statusCh chan struct{}
}

// New prepares a player; Run starts it.
func New(cfg Config) (*Player, error) {
	cfg = cfg.withDefaults()
	if cfg.Controller == nil || cfg.Token == "" || cfg.Display == nil {
		return nil, fmt.Errorf("cần địa chỉ máy chủ điều khiển, mã bảng và màn hình hiển thị")
	}
	c, err := openCache(cfg.CacheDir)
	if err != nil {
		return nil, err
	}
	return &Player{
		cfg:       cfg,
		log:       cfg.Logger,
		cache:     c,
		http:      &http.Client{Timeout: 2 * time.Minute},
		manifests: make(chan *playlists.Manifest),
		statusCh:  make(chan struct{}, 1),
		started:   cfg.Now(),
	}, nil
}

// Run plays from the cache at once, then keeps the link to the controller
// until ctx ends.
func Run(ctx context.Context, cfg Config) error {
	p, err := New(cfg)
	if err != nil {
		return err
	}
	return p.Run(ctx)
}

// Run is the player's life: the engine that shows frames, and the link
// that brings new manifests.
func (p *Player) Run(ctx context.Context) error {
	m, err := p.cache.manifest()
	if err != nil {
		p.log.Warn("cached manifest unusable, waiting for the controller", "err", err)
	}
	if m != nil && len(p.cache.missing(m)) > 0 {
		p.log.Warn("cached manifest lacks pictures, waiting for the controller")
		m = nil
	}
	go p.linkLoop(ctx)
	p.engine(ctx, m)
	return nil
}

// engine owns the rotation: it shows the current item, wakes when the
// item ends, and adopts complete manifests from the link.
func (p *Player) engine(ctx context.Context, m *playlists.Manifest) {
	var rot playlists.Rotation
	shown := ""
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		wait := time.Hour
		if m != nil {
			now := p.cfg.Now()
			playing, ok := rot.At(m, now)
			switch {
			case !ok:
				// Nothing to play: keep the last frame rather than go blank.
				p.report(m, nil, "Danh sách phát trống; bảng giữ hình cuối cùng.")
			case playing.Item.Asset != shown:
				if err := p.show(m, playing.Item); err != nil {
					p.log.Error("cannot show frame", "asset", playing.Item.Asset, "err", err)
					p.report(m, &playing, "Không hiển thị được hình: "+err.Error())
					wait = retryShow
					break
				}
				shown = playing.Item.Asset
				p.report(m, &playing, "")
				wait = playing.Until.Sub(now)
			default:
				p.report(m, &playing, "")
				wait = playing.Until.Sub(now)
			}
		}
		timer.Reset(max(wait, 10*time.Millisecond))
		select {
		case <-ctx.Done():
			return
		case nm := <-p.manifests:
			m = nm
			p.prune(m, shown)
		case <-timer.C:
		}
	}
}

// show draws an item's picture after verifying it against its hash.
func (p *Player) show(m *playlists.Manifest, it playlists.Item) error {
	data, err := p.cache.assets.Get(it.Asset)
	if err != nil {
		return err
	}
	return p.cfg.Display.Show(display.Frame{
		PNG: data, Width: m.Board.Width, Height: m.Board.Height,
		Scroll: it.Scroll, Brightness: 1,
	})
}

func (p *Player) prune(m *playlists.Manifest, showing string) {
	if n, err := p.cache.prune(m, showing); err != nil {
		p.log.Warn("cache prune failed", "err", err)
	} else if n > 0 {
		p.log.Info("removed unused pictures", "count", n)
	}
}

// report records what the board shows; the link sends it on change.
func (p *Player) report(m *playlists.Manifest, playing *playlists.Playing, problem string) {
	st := protocol.Status{Revision: m.Revision, Version: p.cfg.Version, Problem: problem}
	if playing != nil {
		st.Playlist, st.ItemID, st.Title, st.Asset, st.Since = playing.Playlist, playing.Item.ID, playing.Item.Title, playing.Item.Asset, playing.Since
	}
	p.mu.Lock()
	changed := st != p.status
	p.status = st
	p.mu.Unlock()
	if changed {
		select {
		case p.statusCh <- struct{}{}:
		default:
		}
	}
}

func (p *Player) currentStatus() protocol.Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status
}
