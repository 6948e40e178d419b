package fleet

import (
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"codong/assets"
	"codong/controller/hub"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// Play records are proof of play for the report upward, so a board's
// word is checked against what the controller knows: what it sent to
// boards of the board's size (sent), and what the board already
// reported (its span). A record that cannot have happened is dropped,
// the board flagged, and the record still confirmed so a real board
// forgets it; the stored record's playlist, slogan and title are the
// controller's, never the board's.
const (
	// minPlayGap: a board shows one item at a time, for at least
	// playlists.MinItemSeconds unless an operator's switch cuts it
	// short; two plays of one board starting less than a second apart
	// cannot both have been seen.
	minPlayGap = time.Second
	// maxClockAhead: a player's times follow the controller's clock
	// (it corrects its own by the offset it measures), so a play that
	// starts later than this after the controller's now has not
	// happened yet.
	maxClockAhead = 10 * time.Minute
	// maxPlayAge: a board keeps unconfirmed plays on its disk through
	// any outage; older than this they are not believed.
	maxPlayAge = 400 * 24 * time.Hour
	// maxPlaylistBytes is the longest playlist slug a board may name.
	maxPlaylistBytes = 64
	// minPlaySeconds: a player records the seconds a picture was really
	// up, rounded, and none under a second; a switch may cut a turn to
	// one.
	minPlaySeconds = 1
)

// sentKey names a picture the controller sent: an item at one size.
type sentKey struct {
	item  int64
	asset string
	size  assets.Size
}

// span is the stretch of time a board's accepted plays cover since the
// controller started, from the start of the oldest to the start of the
// newest. A record starting inside it is either one sent again (its
// confirmation was lost: stored already) or one overlapping what is
// stored: either way it is dropped and confirmed, without a flag.
type span struct{ from, to time.Time }

func (s span) holds(t time.Time) bool {
	return !s.from.IsZero() && !t.Before(s.from) && !t.After(s.to)
}

// plausible: a record as a real player writes it (its ID is its start in
// nanoseconds; times, duration, names within bounds). The title is
// ignored, but a real player never sends a longer one.
func plausible(r protocol.Play, now time.Time) bool {
	return r.ID == r.Start.UnixNano() &&
		r.Start.After(now.Add(-maxPlayAge)) && !r.Start.After(now.Add(maxClockAhead)) &&
		r.Seconds >= minPlaySeconds && r.Seconds <= playlists.MaxItemSeconds &&
		utf8.RuneCountInString(r.Title) <= playlists.MaxTitleRunes && len(r.Playlist) <= maxPlaylistBytes &&
		playlists.ValidHash(r.Asset)
}

// checkPlays sorts out a board's records: those to store (with the
// controller's text, and durations, the seconds the picture was really
// up, bounded by what was planned and cut where the next play started),
// the count that cannot have happened, and the board's span once they
// are stored. Called with f.mu held; changes nothing.
func (f *Fleet) checkPlays(b *board, size assets.Size, recs []protocol.Play, now time.Time) (keep []protocol.Play, impossible int, after span) {
	sorted := slices.Clone(recs)
	slices.SortFunc(sorted, func(a, b protocol.Play) int { return a.Start.Compare(b.Start) })
	sp := b.guard.span
	var prev time.Time // start of the play before r, if known
	prevKept := -1     // its index in keep, if it is in this message
	for _, r := range sorted {
		it, sent := f.sent[sentKey{r.ItemID, r.Asset, size}]
		switch {
		case !plausible(r, now) || !sent || r.Start.Before(it.At.Add(-maxClockAhead)):
			// Not sent to a board of this size, or shown before it was
			// first sent to any: backdated.
			impossible++
			continue
		case sp.holds(r.Start):
			continue
		}
		if !sp.from.IsZero() && r.Start.After(sp.to) && prev.Before(sp.to) {
			prev, prevKept = sp.to, -1
		}
		// Two plays under minPlayGap apart: a player restarts its
		// rotation on every manifest, so two quick switches can give
		// them; only one was seen. Dropped, not held against the board.
		if !prev.IsZero() && r.Start.Sub(prev) < minPlayGap {
			continue
		}
		if !sp.from.IsZero() && r.Start.Before(sp.from) {
			if sp.from.Sub(r.Start) < minPlayGap {
				continue
			}
			r.Seconds = cutSeconds(r.Seconds, sp.from.Sub(r.Start))
		}
		if prevKept >= 0 {
			keep[prevKept].Seconds = cutSeconds(keep[prevKept].Seconds, r.Start.Sub(prev))
		}
		if planned, ok := f.planned[sentKey{r.ItemID, r.Asset, size}]; ok {
			// A real player never counts more than its manifest
			// planned; a picture planned before a restart is bounded
			// by plausible only.
			r.Seconds = min(r.Seconds, planned)
		}
		r.Playlist, r.SloganID, r.Title = it.Playlist, it.SloganID, it.Title
		keep = append(keep, r)
		prev, prevKept = r.Start, len(keep)-1
	}
	after = sp
	if len(keep) > 0 {
		first, last := keep[0].Start, keep[len(keep)-1].Start
		if after.from.IsZero() || first.Before(after.from) {
			after.from = first
		}
		if last.After(after.to) {
			after.to = last
		}
	}
	return keep, impossible, after
}

// cutSeconds bounds a play's seconds by the time until the next one.
func cutSeconds(seconds int, until time.Duration) int {
	return max(1, min(seconds, int(until/time.Second)))
}

// Plays takes a board's play records, if it is within its rate and daily
// quota; they are confirmed to the board once written. Records that
// cannot have happened are dropped (and confirmed), the board flagged.
func (f *Fleet) Plays(id int64, link uint64, p *protocol.Plays) *hub.Refusal {
	now := f.cfg.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.get(id)
	if r := f.admit(id, b, kindPlays, now); r != nil {
		return r
	}
	var c *cut
	if f.pub != nil {
		c = f.pub.cuts[id]
	}
	if c == nil {
		// A board the publication does not know yet: what it was sent
		// is unknown. Not confirmed; it sends them again.
		return nil
	}
	if !b.guard.rows.take(playRowsLimit, float64(len(p.Records)), now) {
		// A board back from an outage of days has more than a day's
		// plays to send; it offers them again every 30 s and sends the
		// rest over the next hours as the quota refills, so it is
		// neither flagged nor cut off. One that keeps pouring them in
		// exhausts its abuse bucket: then it is both.
		msg := fmt.Sprintf("Bảng đã gửi quá %d bản ghi phát trong 24 giờ; các bản ghi này chưa được nhận, hãy gửi lại sau.", dailyPlayRows)
		r := &hub.Refusal{Code: "quota_exceeded", Message: msg}
		if !b.guard.abuse.take(abuseLimit, 1, now) {
			r.Close = true
			f.flag(id, b, "quota_exceeded", msg, now)
		}
		return r
	}
	keep, impossible, after := f.checkPlays(b, assets.Size{W: c.target.Width, H: c.target.Height}, p.Records, now)
	var top int64
	for _, r := range p.Records {
		top = max(top, r.ID)
	}
	if !f.tel.Plays(id, keep, top) {
		return nil
	}
	b.guard.span = after
	if impossible > 0 {
		return f.refuse(id, b, "impossible_plays", fmt.Sprintf("%d bản ghi phát không thể có thật (ở tương lai, sai dạng, của mục máy chủ chưa từng gửi cho bảng cỡ này, hoặc trước lần đầu máy chủ gửi mục đó): đã bỏ.", impossible), now)
	}
	return nil
}

// forgetSpans forgets what boards' plays covered, after a write of their
// records failed: the boards send those records again, and they must not
// be taken for ones already stored.
func (f *Fleet) forgetSpans(ids []int64) {
	f.mu.Lock()
	for _, id := range ids {
		if b := f.boards[id]; b != nil {
			b.guard.span = span{}
		}
	}
	f.mu.Unlock()
}

// noteSent records the pictures of a publication that were never sent
// before, and queues them for the database: every day's picture of a
// countdown item, with that day's text. Called with f.mu held.
func (f *Fleet) noteSent(size assets.Size, r rendered, now time.Time) {
	counting := make(map[int64]*playlists.Countdown, len(r.countdowns))
	for i := range r.countdowns {
		counting[r.countdowns[i].Slogan] = &r.countdowns[i]
	}
	for _, pl := range r.playlists {
		for _, it := range pl.Items {
			note := func(asset, title string) {
				k := sentKey{it.ID, asset, size}
				f.planned[k] = max(f.planned[k], it.Seconds)
				if _, ok := f.sent[k]; ok {
					return
				}
				s := store.SentItem{ItemID: it.ID, Asset: asset, Width: size.W, Height: size.H, SloganID: it.SloganID, Playlist: pl.Slug, Title: title, At: now}
				f.sent[k] = s
				f.tel.Sent(s)
			}
			c := counting[it.SloganID]
			if !it.Countdown || c == nil {
				note(it.Asset, it.Title)
				continue
			}
			for _, d := range c.Days {
				if n, err := playlists.DaysBetween(d.Date, c.Date); err == nil {
					note(d.Asset, playlists.CountdownText(c.Text, n))
				}
			}
			note(c.AfterAsset, c.After)
		}
	}
}
