package player

import (
	"context"
	"time"

	"codong/player/display"
	"codong/playlists"
	"codong/protocol"
)

// engine owns the rotation: it shows the current item, wakes when the
// item ends or the override starts or ends, and adopts complete manifests
// from the link.
func (p *Player) engine(ctx context.Context, m *playlists.Manifest) {
	var rot playlists.Rotation
	shown, shownLevel := "", -1
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		wait := time.Hour
		if m != nil {
			now := p.now()
			playing, ok := rot.At(m, now)
			switch {
			case !ok:
				// Nothing to play: keep the last frame rather than go blank.
				p.report(m, nil, "Danh sách phát trống; bảng giữ hình cuối cùng.")
			case playing.Item.Asset != shown || m.Brightness(now) != shownLevel:
				level := m.Brightness(now)
				if err := p.show(m, playing.Item, level); err != nil {
					p.log.Error("cannot show frame", "asset", playing.Item.Asset, "err", err)
					p.report(m, &playing, "Không hiển thị được hình: "+err.Error())
					wait = retryShow
					break
				}
				shown, shownLevel = playing.Item.Asset, level
				p.report(m, &playing, "")
				wait = playing.Until.Sub(now)
			default:
				p.report(m, &playing, "")
				wait = playing.Until.Sub(now)
			}
			if next := m.NextChange(now); !next.IsZero() {
				wait = min(wait, next.Sub(now))
			}
		}
		timer.Reset(max(wait, 10*time.Millisecond))
		select {
		case <-ctx.Done():
			return
		case m = <-p.manifests:
		case <-timer.C:
		}
	}
}

// show draws an item's picture, after verifying it against its hash, at
// a brightness in percent (0: the board is off, black).
func (p *Player) show(m *playlists.Manifest, it playlists.Item, level int) error {
	data, err := p.cache.assets.Get(it.Asset)
	if err != nil {
		return err
	}
	return p.cfg.Display.Show(display.Frame{
		PNG: data, Width: m.Board.Width, Height: m.Board.Height,
		Scroll: it.Scroll, Brightness: float64(level) / 100, Off: level == 0,
	})
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
