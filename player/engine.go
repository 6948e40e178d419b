package player

import (
	"bytes"
	"context"
	"image/png"
	"reflect"
	"time"

	"codong/player/display"
	"codong/playlists"
	"codong/protocol"
)

// engine owns the rotation: it shows the current item, wakes when the
// item ends or the override starts or ends, and adopts complete manifests
// from the link.
func (p *Player) engine(ctx context.Context, m *playlists.Manifest) {
	p.playing.Store(m != nil)
	var rot playlists.Rotation
	// onScreen is the item whose picture is on the board; nil before the
	// first frame of m.
	var onScreen *playlists.Playing
	shown, shownLevel := "", -1
	// dark: the board was blanked because its countdown has no picture
	// for the day.
	dark := false
	// strip is the scrolling strip on the board, nil for a still: its
	// thumbnail follows it.
	var strip *stripThumb
	// air is the play on the board, recorded when its picture leaves.
	var air *onAir
	// shownPage is the page of an item of pages on the board; pages
	// keeps the item's picture decoded for cutting its pages.
	shownPage := 0
	var pages pageCutter
	for {
		wait := time.Hour
		if m != nil {
			now := p.now()
			playing, ok := rot.At(m, now)
			page := pageOf(playing, now)
			switch {
			case !ok && (dark || onScreen != nil && onScreen.Item.Countdown):
				// Nothing to play, and the last frame counts days: it would
				// show a wrong number from now on, so the board goes black.
				if !dark {
					if _, err := p.show(m, onScreen.Item, 0, &pages, 0); err != nil {
						p.log.Error("không tắt được ảnh đếm ngược của ngày đã qua", "asset", onScreen.Item.Asset, "err", err)
						wait = retryShow
						break
					}
					dark, shown, shownLevel, onScreen = true, "", -1, nil
				}
				p.report(m, nil, "Không có ảnh đếm ngược cho hôm nay và không còn gì khác để phát; bảng tắt hình để không hiện sai số ngày.")
			case !ok:
				// Nothing to play: keep the last frame rather than go blank.
				p.report(m, nil, "Danh sách phát trống; bảng giữ hình cuối cùng.")
			case playing.Item.Asset != shown || m.Brightness(now) != shownLevel || page != shownPage:
				level := m.Brightness(now)
				redrawn := playing.Item.Asset == shown && page == shownPage && level != shownLevel
				data, err := p.show(m, playing.Item, level, &pages, page)
				if err != nil {
					// The last good frame stays on the board.
					damaged := p.checkPicture(playing.Item, err)
					problem := ""
					if !damaged {
						p.log.Error("không hiển thị được hình", "asset", playing.Item.Asset, "err", err)
						problem = "Không hiển thị được hình: " + err.Error()
					}
					p.report(m, onScreen, problem)
					if damaged {
						// After the report: the link sends it before it
						// closes to have the picture fetched again.
						poke(p.refetch)
					}
					wait = retryShow
					break
				}
				if playing.Item.Asset != shown || page != shownPage {
					p.setThumbnail(playing.Item.Asset, data, playing.Item.Scroll, m.Board.Width, page)
					if playing.Item.Asset == shown {
						// A page turned: the status says so, though
						// nothing else in it changes.
						poke(p.showsCh)
					}
					strip = nil
					if playing.Item.Scroll {
						strip = newStripThumb(data, now, m.Board.Width, scrollSpeed(m))
					}
				}
				if redrawn && air != nil && playing.Item.Scroll {
					// A strip drawn again starts its pass again from the
					// right edge. A page turned or dimmed stays part of
					// its item's one pass.
					air.restartPass(now, strip)
				}
				dark, shown, shownLevel, shownPage, onScreen = false, playing.Item.Asset, level, page, &playing
				p.report(m, &playing, "")
				wait = playing.Until.Sub(now)
			default:
				if strip != nil && !now.Before(strip.next) {
					p.followStrip(strip, now)
				}
				onScreen = &playing
				p.report(m, &playing, "")
				wait = playing.Until.Sub(now)
			}
			if strip != nil && shown != "" {
				wait = min(wait, strip.next.Sub(now))
			}
			// Proof of play: only an item whose picture is on the board,
			// lit. Its play ends when that is no longer so (a new turn,
			// an edit, a switch, the board off) and is recorded then.
			onBoard := ok && shown == playing.Item.Asset && m.Brightness(now) > 0
			if air != nil && (!onBoard || !air.samePlay(playing)) {
				p.endPlay(air, now)
				air = nil
			}
			if air == nil && onBoard {
				air = newOnAir(playing, now, page, strip)
			}
			if ok && playing.Item.Pages > 1 && page+1 < playing.Item.Pages {
				next := playlists.PageStarts(playing.Since, page+1, playing.Item.Seconds, playing.Item.Pages)
				wait = min(wait, next.Sub(now))
			}
			if next := m.NextChange(now); !next.IsZero() {
				wait = min(wait, next.Sub(now))
			}
			if p.shownRev.Swap(m.Revision) != m.Revision {
				poke(p.settled)
			}
		}
		select {
		case <-ctx.Done():
			// The player stops: what is up counts until now.
			p.endPlay(air, p.now())
			return
		case m = <-p.manifests:
			p.playing.Store(m != nil)
			if m == nil {
				// Revoked: the pairing code stays up, and the play on air
				// belonged to the removed board (its journal is gone).
				shown, shownLevel, shownPage, onScreen, air = "", -1, 0, nil, nil
			}
		case <-p.after(max(wait, 10*time.Millisecond)):
		}
	}
}

// show draws an item's picture, after verifying it against its hash, at
// a brightness in percent (0: the board is off, black); of an item of
// pages, the page given, cut by pages. It returns the picture drawn.
func (p *Player) show(m *playlists.Manifest, it playlists.Item, level int, pages *pageCutter, page int) ([]byte, error) {
	data, err := p.cache.assets.Get(it.Asset)
	if err != nil {
		return nil, err
	}
	p.cache.touch(it.Asset, time.Now())
	if it.Pages > 1 {
		if data, err = pages.cut(it.Asset, data, page, it.Pages, m.Board.Width, m.Board.Height); err != nil {
			return nil, err
		}
	}
	return data, p.cfg.Display.Show(display.Frame{
		PNG: data, Width: m.Board.Width, Height: m.Board.Height,
		Scroll: it.Scroll, ScrollSpeed: float64(scrollSpeed(m)), Brightness: float64(level) / 100, Off: level == 0,
	})
}

// scrollSpeed is the speed the manifest's board scrolls at: the one the
// controller sends, or for a manifest from a controller that sends none,
// the default for the board's height.
func scrollSpeed(m *playlists.Manifest) int {
	return playlists.ScrollSpeed(m.Board.ScrollSpeed, m.Board.Height)
}

// report records what the board shows; the link sends it on change.
func (p *Player) report(m *playlists.Manifest, playing *playlists.Playing, problem string) {
	if problem == "" {
		problem = p.damageProblem()
	}
	st := protocol.Status{
		Revision: m.Revision, Version: p.cfg.Version, Problem: problem,
		Brightness: m.Brightness(p.now()), DisplayWidth: m.Board.Width, DisplayHeight: m.Board.Height,
	}
	if playing != nil {
		st.Playlist, st.ItemID, st.Title, st.Asset, st.Since = playing.Playlist, playing.Item.ID, playing.Item.Title, playing.Item.Asset, playing.Since
	}
	p.mu.Lock()
	st.DisplayProblem = p.displayProblem
	changed := !reflect.DeepEqual(st, p.status)
	p.status = st
	p.mu.Unlock()
	if changed {
		poke(p.statusCh)
	}
}

func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// watchDisplay keeps the status's display problem up to date, for a
// display that knows whether it is drawn (a kiosk page opened or closed
// in a browser changes nothing the engine sees).
func (p *Player) watchDisplay(ctx context.Context) {
	w, ok := p.cfg.Display.(display.Watched)
	if !ok {
		return
	}
	for {
		problem, changed := w.Unseen()
		p.mu.Lock()
		moved := p.displayProblem != problem
		p.displayProblem, p.status.DisplayProblem = problem, problem
		p.mu.Unlock()
		if moved {
			poke(p.statusCh)
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
		}
	}
}

// currentStatus is the last report, with the board's vital signs.
func (p *Player) currentStatus() protocol.Status {
	p.mu.Lock()
	st := p.status
	p.mu.Unlock()
	st.UptimeSeconds = int64(p.cfg.Now().Sub(p.started).Seconds())
	st.ClockOffsetMs = time.Duration(p.clockOffset.Load()).Milliseconds()
	st.CacheBytes = p.cache.size()
	if free, ok := diskFree(p.cfg.CacheDir); ok {
		st.DiskFreeBytes = &free
	}
	return st
}

// stripThumb is a scrolling strip on the board, for its thumbnail and
// its plays.
type stripThumb struct {
	data       []byte
	shownAt    time.Time // when the display started moving it
	boardWidth int
	width      int // the strip's; 0 if its picture cannot be read
	speed      int // pixels per second
	next       time.Time
}

func newStripThumb(data []byte, now time.Time, boardWidth, speed int) *stripThumb {
	s := &stripThumb{data: data, shownAt: now, boardWidth: boardWidth, speed: speed, next: now.Add(scrollThumbnailEvery)}
	if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err == nil {
		s.width = cfg.Width
	}
	return s
}

// passSlack is how much of a pass a play may miss and still count: the
// engine draws an item's frame a few milliseconds after its planned
// start, and the controller's seconds cover a pass with no more to spare
// than the rounding up to whole seconds.
const passSlack = 500 * time.Millisecond

// passEnd is when playing has been on the board one whole pass of the
// strip (head in at the right edge, tail out at the left); false when
// there is no strip to time.
func (s *stripThumb) passEnd(playing playlists.Playing) (time.Time, bool) {
	if s == nil || s.width == 0 || s.speed <= 0 {
		return time.Time{}, false
	}
	start := playing.Since
	if s.shownAt.After(start) {
		start = s.shownAt
	}
	pass := time.Duration(float64(s.width+s.boardWidth) / float64(s.speed) * float64(time.Second))
	return start.Add(pass - passSlack), true
}

// followStrip makes the thumbnail the window the board shows now.
func (p *Player) followStrip(s *stripThumb, now time.Time) {
	s.next = now.Add(scrollThumbnailEvery)
	if s.width == 0 {
		return
	}
	x := stripPosition(now.Sub(s.shownAt), float64(s.speed), s.boardWidth, s.width)
	p.mu.Lock()
	moved := p.frame.shows.Scroll && p.frame.shows.X != x
	if moved {
		p.frame.shows.X = x
		p.frame.version++
		p.thumb, p.thumbSent = nil, false
	}
	p.mu.Unlock()
	if moved {
		poke(p.showsCh)
	}
}

// shownFrame is the picture on the board: the frame given to the
// display (a page already cut from its picture), and what a status of
// protocol 2.2 says of it.
type shownFrame struct {
	asset      string
	data       []byte
	boardWidth int
	shows      protocol.Shows
	version    uint64 // counts changes, so a thumbnail made meanwhile is not kept for the next
}

// thumbnail is the frame's thumbnail, as the dashboard shows it: the
// strip's window at its position, or the whole frame.
func (f shownFrame) thumbnail() []byte {
	if f.data == nil {
		return nil
	}
	if f.shows.Scroll {
		return ScrollThumbnailAt(f.data, f.boardWidth, f.shows.X)
	}
	return Thumbnail(f.data)
}

// setThumbnail records the new frame on the board, of the picture
// asset: page is the page shown of an item set in pages; a strip starts
// at its head.
func (p *Player) setThumbnail(asset string, frame []byte, scroll bool, boardWidth, page int) {
	p.mu.Lock()
	p.frame = shownFrame{asset: asset, data: frame, boardWidth: boardWidth, shows: protocol.Shows{Page: page, Scroll: scroll}, version: p.frame.version + 1}
	p.thumb, p.thumbSent = nil, false
	p.mu.Unlock()
}

// shows is what a status of protocol 2.2 about asset says the board
// shows: nothing more than "2.2" while the frame is not yet of that
// picture (the engine draws it, then reports it).
func (p *Player) shows(asset string) *protocol.Shows {
	p.mu.Lock()
	defer p.mu.Unlock()
	if asset == "" || p.frame.asset != asset {
		return &protocol.Shows{}
	}
	sh := p.frame.shows
	return &sh
}

// thumbnailNow is the thumbnail of the frame on the board, made once
// per frame, outside the lock (it decodes a picture).
func (p *Player) thumbnailNow() []byte {
	p.mu.Lock()
	if p.thumb != nil || p.frame.data == nil {
		th := p.thumb
		p.mu.Unlock()
		return th
	}
	f := p.frame
	p.mu.Unlock()
	th := f.thumbnail()
	p.mu.Lock()
	if p.frame.version == f.version {
		p.thumb = th
	}
	p.mu.Unlock()
	return th
}

// takeThumbnail returns the thumbnail if it has not been sent yet.
func (p *Player) takeThumbnail(force bool) []byte {
	p.mu.Lock()
	if p.thumbSent && !force {
		p.mu.Unlock()
		return nil
	}
	p.thumbSent = true
	p.mu.Unlock()
	return p.thumbnailNow()
}
