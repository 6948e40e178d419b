package player

import (
	"time"

	"codong/playlists"
	"codong/protocol"
)

// onAir is the play on the board: an item's picture from the moment it
// went up. A play is recorded when its picture leaves the board (the end
// of its turn, a switch, an edit, a new manifest that drops it, the
// board dimmed to off, the player stopping), with the seconds it was
// really up, so the report upward counts time on air, not time planned.
// A player killed outright loses the play in progress: nothing of it is
// on disk (docs/protocol.md, "plays").
type onAir struct {
	play playlists.Playing
	// from is when the picture went up; the record's start and ID.
	from time.Time
	// counts tells from when the play counts as seen: at once for a
	// still; for a strip, once it has run one whole pass; for pages,
	// once every page was up. Zero: never (pages joined after the first).
	counts time.Time
}

// minOnAir is the least a picture must stay up to count: less is a
// flash between a switch and the next frame, that nobody read.
const minOnAir = time.Second

// samePlay tells whether playing, whose picture the board shows, is
// still the play on air: the same turn of the same item, same picture.
func (a *onAir) samePlay(playing playlists.Playing) bool {
	return a.play.Playlist == playing.Playlist && a.play.Index == playing.Index &&
		a.play.Since.Equal(playing.Since) && a.play.Item.ID == playing.Item.ID && a.play.Item.Asset == playing.Item.Asset
}

// newOnAir starts the play of playing's picture, up since now; page is
// the page of an item of pages shown, strip the strip on the board.
func newOnAir(playing playlists.Playing, now time.Time, page int, strip *stripThumb) *onAir {
	a := &onAir{play: playing, from: now, counts: now}
	switch {
	case playing.Item.Scroll:
		// The pass is timed from when the play began: a strip turned
		// back on has scrolled on unseen.
		if end, ok := strip.passEnd(playlists.Playing{Since: now}); ok {
			a.counts = end
		}
	case playing.Item.Pages > 1:
		a.counts = time.Time{}
		if page == 0 {
			a.counts = playing.Until.Add(-passSlack)
		}
	}
	return a
}

// restartPass: a strip drawn again (its brightness changed) starts its
// pass again from the right edge; a pass already run still counts.
func (a *onAir) restartPass(now time.Time, strip *stripThumb) {
	if !a.play.Item.Scroll || !now.Before(a.counts) {
		return
	}
	if end, ok := strip.passEnd(playlists.Playing{Since: now}); ok {
		a.counts = end
	}
}

// record is the play as it ends at now, and whether it counts: seconds
// really up, bounded by the item's planned seconds (which hold a strip's
// whole pass, or every page), rounded to the nearest second.
func (a *onAir) record(now time.Time) (protocol.Play, bool) {
	shown := now.Sub(a.from)
	if a.counts.IsZero() || now.Before(a.counts) || shown < minOnAir {
		return protocol.Play{}, false
	}
	seconds := min(int((shown+time.Second/2)/time.Second), max(a.play.Item.Seconds, playlists.MinItemSeconds))
	pl := a.play
	return protocol.Play{
		ID: a.from.UnixNano(), Playlist: pl.Playlist, ItemID: pl.Item.ID, SloganID: pl.Item.SloganID,
		Title: pl.Item.Title, Asset: pl.Item.Asset, Start: a.from.UTC(), Seconds: seconds,
	}, true
}

// endPlay ends the play on air, if any, at now, and records it if it
// counts.
func (p *Player) endPlay(a *onAir, now time.Time) {
	if a == nil {
		return
	}
	if rec, ok := a.record(now); ok {
		p.recordPlay(rec)
	}
}

// recordPlay writes a play to the journal for the controller's reports.
func (p *Player) recordPlay(rec protocol.Play) {
	if err := p.plays.append(rec); err != nil {
		p.log.Warn("không ghi được lượt phát", "err", err)
		return
	}
	poke(p.playsCh)
}
