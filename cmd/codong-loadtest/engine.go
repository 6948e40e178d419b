package main

import (
	"context"
	"reflect"
	"time"

	"codong/playlists"
	"codong/protocol"
)

// harnessVersion is what simulated boards report as their player version,
// so they stand out on the dashboard.
const harnessVersion = "loadtest"

// minEngineWait keeps the rotation from spinning on a wait rounded to 0.
const minEngineWait = 10 * time.Millisecond

// engine rotates through the active playlist as player/engine.go does,
// with the same playlists.Rotation: on every change of what shows it
// updates the status (and, for a new picture, the thumbnail), and when a
// showing ends it records the play. It runs apart from the link, so the
// board keeps playing while disconnected.
func (b *board) engine(ctx context.Context) {
	var rot playlists.Rotation
	var shown playlists.Playing
	showing := false
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		wait := time.Hour
		if m := b.current(); m != nil {
			now := time.Now()
			if p, ok := rot.At(m, now); ok {
				b.show(m, p, shown, showing, now)
				shown, showing = p, true
				wait = p.Until.Sub(now)
			}
			if next := m.NextChange(now); !next.IsZero() {
				wait = min(wait, next.Sub(now))
			}
			b.settle(m.Revision)
		}
		timer.Reset(max(wait, minEngineWait))
		select {
		case <-ctx.Done():
			return
		case <-b.wake:
		case <-timer.C:
		}
	}
}

// settle tells the link the engine shows revision rev now: what a new
// manifest changed (status, the play it ended) is recorded, and a link
// that batches (protocol 2.3) may send it with the acknowledgement.
func (b *board) settle(rev int64) {
	b.mu.Lock()
	changed := rev != b.shown
	b.shown = rev
	b.mu.Unlock()
	if changed {
		poke(b.settled)
	}
}

func (b *board) showing() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.shown
}

func (b *board) current() *playlists.Manifest {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.manifest
}

// show reports what plays now. A new showing (another item, or the same
// item starting again) ends the previous one, which becomes a play
// record unless the board was dark; a new picture alone (an edited
// slogan keeps its place) needs a thumbnail, not a record.
func (b *board) show(m *playlists.Manifest, p, prev playlists.Playing, showing bool, now time.Time) {
	ended := showing && (p.Since != prev.Since || p.Playlist != prev.Playlist || p.Item.ID != prev.Item.ID)
	if ended && m.Brightness(prev.Since) > 0 {
		b.recordPlay(prev)
	}
	st := protocol.Status{
		Revision: m.Revision, Playlist: p.Playlist, ItemID: p.Item.ID, Title: p.Item.Title, Asset: p.Item.Asset, Since: p.Since,
		Version: harnessVersion, Brightness: m.Brightness(now), DisplayWidth: m.Board.Width, DisplayHeight: m.Board.Height,
	}
	b.mu.Lock()
	changed := !reflect.DeepEqual(st, b.status)
	if _, ok := b.held[st.Asset]; ok && st.Asset != b.status.Asset {
		b.sawPicture(st.Asset)
	}
	if st.Asset != b.status.Asset {
		b.thumb = st.Asset
	}
	b.status, b.scroll = st, p.Item.Scroll
	b.mu.Unlock()
	if changed {
		poke(b.statusCh)
	}
}

// recordPlay keeps a play until the controller confirms it. Its ID is the
// showing's start in nanoseconds: unique within the board.
func (b *board) recordPlay(p playlists.Playing) {
	rec := protocol.Play{
		ID: p.Since.UnixNano(), Playlist: p.Playlist, ItemID: p.Item.ID, SloganID: p.Item.SloganID,
		Title: p.Item.Title, Asset: p.Item.Asset, Start: p.Since.UTC(), Seconds: p.Item.Seconds,
	}
	b.mu.Lock()
	b.pending = append(b.pending, rec)
	b.mu.Unlock()
	b.f.stats.playsRecorded.Add(1)
	poke(b.playsCh)
}

// currentStatus is the last report with the board's vital signs, and the
// thumbnail if the picture changed since the last one sent (or always,
// at the start of a link). To a controller of 2.2 (shows) a board of 2.2
// says what it shows instead, as the player does: the controller makes
// the thumbnail.
func (b *board) currentStatus(withThumbnail, shows bool) protocol.Status {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.status
	st.UptimeSeconds = int64(time.Since(b.f.started).Seconds())
	for sum := range b.held {
		n, _, _ := b.f.pictures.ready(sum)
		st.CacheBytes += n
	}
	if shows {
		st.Shows = &protocol.Shows{Scroll: b.scroll && st.Asset != ""}
		return st
	}
	if (withThumbnail || b.thumb != "") && st.Asset != "" {
		// Not ready yet (another board is still making it): send it
		// with the next report.
		if _, th, ok := b.f.pictures.ready(st.Asset); ok {
			st.Thumbnail, b.thumb = th, ""
		}
	}
	return st
}

// takePlays returns the oldest unconfirmed plays to send, unless a
// message of plays is already waiting for its confirmation.
func (b *board) takePlays() []protocol.Play {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inFlight != nil || len(b.pending) == 0 {
		return nil
	}
	recs := append([]protocol.Play(nil), b.pending[:min(len(b.pending), protocol.MaxPlaysPerMessage)]...)
	b.inFlight = make(map[int64]bool, len(recs))
	for _, r := range recs {
		b.inFlight[r.ID] = true
	}
	return recs
}

// confirmPlays forgets exactly the plays sent in the confirmed message,
// not every play with a smaller ID, as the player does.
func (b *board) confirmPlays() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inFlight == nil {
		return
	}
	keep := b.pending[:0]
	for _, r := range b.pending {
		if !b.inFlight[r.ID] {
			keep = append(keep, r)
		}
	}
	b.f.stats.playsConfirmed.Add(int64(len(b.pending) - len(keep)))
	b.pending, b.inFlight = keep, nil
}

// forgetInFlight lets the plays of an unanswered message be sent again.
func (b *board) forgetInFlight() {
	b.mu.Lock()
	b.inFlight = nil
	b.mu.Unlock()
}

// playsDue tells whether plays leave outside a periodic report: on a
// link of 2.4 (periodic) only once the board holds protocol.PlaysEarly,
// as the player does.
func (b *board) playsDue(periodic bool) bool {
	return !periodic || b.unconfirmed() >= protocol.PlaysEarly
}

// unconfirmed is how many plays the controller has not confirmed.
func (b *board) unconfirmed() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.pending)
}
