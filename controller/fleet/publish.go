package fleet

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"codong/assets"
	"codong/controller/hub"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

type digest [sha256.Size]byte

// publication is the desired state cut into what each board gets.
type publication struct {
	revision int64
	cuts     map[int64]*cut
	byToken  map[string]*cut
}

// cut is one board's share of a publication.
type cut struct {
	target store.Target
	// board is the JSON encoding of target.Board, for its envelope.
	board   []byte
	content *content
	// digest names the board's manifest apart from its revision and
	// time: equal digests, nothing to send.
	digest digest
}

// content is the part shared by every board of one size and set of
// groups (and, for a board a slot or the override aims at by itself,
// that board alone), encoded once.
type content struct {
	data []byte
	sum  digest
}

type contentKey struct {
	size assets.Size
	// speed is the board's scroll speed: it sets how long scrolling
	// items last.
	speed  int
	groups string // the board's groups, joined
	board  int64  // the board, when something aims at it alone
	// unit is the board's unit: which units' switches reach it.
	unit int64
}

// rebuild reads the desired state and cuts a new publication, then
// queues for sending every connected board whose manifest changed.
func (f *Fleet) rebuild(ctx context.Context) error {
	start := time.Now()
	f.mu.Lock()
	reread := f.staleTargets || f.targets == nil
	f.staleTargets = false
	f.rebuilds++
	started := f.rebuilds
	f.mu.Unlock()
	if err := f.loadSent(ctx); err != nil {
		return err
	}
	d, err := f.cfg.Store.Desired(ctx, reread)
	if err != nil {
		if reread {
			f.mu.Lock()
			f.staleTargets = true
			f.mu.Unlock()
		}
		return err
	}
	if reread {
		if d.Boards == nil {
			d.Boards = []store.Target{}
		}
		f.mu.Lock()
		f.targets = d.Boards
		f.mu.Unlock()
	} else {
		f.mu.Lock()
		d.Boards = f.targets
		f.mu.Unlock()
	}
	pub := &publication{revision: d.Revision, cuts: make(map[int64]*cut, len(d.Boards)), byToken: make(map[string]*cut, len(d.Boards))}
	sized := make(map[cutKey]rendered)
	cutAt := f.cfg.Now()
	contents := make(map[contentKey]*content)
	aimed := aimedAt(d)
	for _, t := range d.Boards {
		k := contentKey{size: assets.Size{W: t.Width, H: t.Height}, speed: playlists.ScrollSpeed(t.ScrollSpeed, t.Height), groups: strings.Join(t.Groups, "\x00"), unit: t.Unit}
		if aimed[t.ID] {
			k.board = t.ID
		}
		c := contents[k]
		if c == nil {
			ck := cutKey{k.size, k.speed}
			pls, ok := sized[ck]
			if !ok {
				pls = f.render(d.Playlists, ck, cutAt)
				sized[ck] = pls
			}
			if c, err = f.content(d, t.Unit, t.Target(), pls, cutAt); err != nil {
				return err
			}
			contents[k] = c
		}
		// The manifest carries the speed the board is to use, its
		// setting or the default for its height, so a player needs no
		// rule of its own.
		t.ScrollSpeed = k.speed
		board, err := json.Marshal(t.Board)
		if err != nil {
			return err
		}
		ct := &cut{target: t, board: board, content: c, digest: sha256.Sum256(append(board[:len(board):len(board)], c.sum[:]...))}
		pub.cuts[t.ID] = ct
		pub.byToken[t.TokenHash] = ct
	}
	f.mu.Lock()
	for id, at := range f.gone {
		if c := pub.cuts[id]; c != nil {
			delete(pub.byToken, c.target.TokenHash)
			delete(pub.cuts, id)
		}
		if at < started {
			// Deleted before this rebuild read the database: the
			// snapshot no longer has it.
			delete(f.gone, id)
		}
	}
	old := f.pub
	f.pub = pub
	f.armSwitchEnd(d.Switches, cutAt)
	now := f.cfg.Now()
	for ck, pls := range sized {
		f.noteSent(ck.size, pls, now)
	}
	changed := 0
	// Counted now, under the lock: once it is released, Forget deletes
	// from the publication's cuts.
	boards := len(pub.cuts)
	defer func() {
		size := 0
		for _, c := range contents {
			size = max(size, len(c.data))
		}
		f.cfg.Log.Debug("publication", "revision", pub.revision, "boards", boards, "reread_boards", reread, "contents", len(contents), "largest_content", size, "changed", changed, "took", time.Since(start))
	}()
	var cutOff []int64
	for id, b := range f.boards {
		c := pub.cuts[id]
		switch {
		case c == nil && !b.online:
			// Deleted: forget it. A connected board missing here was
			// added after this snapshot was read; a deleted one is cut
			// off by Forget.
			f.thumbs.release(b.thumb)
			delete(f.boards, id)
			delete(f.shared, id)
		case c == nil && reread && old != nil && old.cuts[id] != nil:
			// In the last publication, gone from the boards just read:
			// deleted through another controller of the database, whose
			// Forget does not reach this one's links.
			cutOff = append(cutOff, id)
		case c != nil && b.online && b.sentDigest != c.digest:
			f.pending[id] = true
			changed++
		}
	}
	// Every board's cut is new: its standing may have changed.
	f.recountAll()
	f.mu.Unlock()
	for _, id := range cutOff {
		if f.links != nil {
			f.links.Disconnect(id)
		}
	}
	return nil
}

// cutKey is what the playlists of a board depend on: its size for the
// pictures, its scroll speed for how long the scrolling ones last.
type cutKey struct {
	size  assets.Size
	speed int
}

// rendered is every playlist with its pictures at one size, and the
// dated pictures of the countdowns among their items.
type rendered struct {
	playlists  []playlists.Playlist
	countdowns []playlists.Countdown
}

// render gives every playlist with its pictures at one size. Every
// playlist is included, not only the one playing, so a board has the
// congress-success pictures on its disk before anyone presses the
// button, and the switch is instant. today is the controller's local
// date: countdowns get their pictures from it on. A scrolling item lasts
// at least one whole pass of its strip at the board's speed, so every
// passer-by can read the whole slogan: the board's share of the
// publication is cut once per size and speed.
func (f *Fleet) render(pls []store.Playlist, ck cutKey, now time.Time) rendered {
	size := ck.size
	out := rendered{playlists: make([]playlists.Playlist, 0, len(pls))}
	today := now.In(f.loc).Format(playlists.DateLayout)
	counting := make(map[int64]*playlists.Countdown)
	// strips holds each countdown's widest strip: every day's picture
	// must pass whole in the item's seconds.
	strips := make(map[int64]int)
	for _, p := range pls {
		pl := playlists.Playlist{Slug: p.Slug, Name: p.Name, Items: []playlists.Item{}}
		for _, it := range p.Items {
			if it.Countdown != nil {
				c, seen := counting[it.SloganID]
				if !seen {
					var err error
					var strip int
					if c, strip, err = f.renderCountdown(it, size, today); err != nil {
						f.cfg.Log.Error("cannot render countdown", "size", size.String(), "slogan", it.SloganID, "err", err)
					} else {
						out.countdowns = append(out.countdowns, *c)
					}
					counting[it.SloganID], strips[it.SloganID] = c, strip
				}
				if c == nil {
					continue // as for any item that cannot be rendered
				}
				// Asset is the picture of the day the manifest is cut,
				// for a player that reads no countdowns.
				item := playlists.Item{ID: it.ID, SloganID: it.SloganID, Seconds: playlists.ScrollSeconds(it.Seconds, strips[it.SloganID], size.W, ck.speed), Countdown: true}
				pic, title, _ := c.On(now, f.loc)
				item.Asset, item.Title, item.Scroll = pic.Asset, title, pic.Scroll
				pl.Items = append(pl.Items, item)
				continue
			}
			item, err := f.renderItem(it, ck)
			if err != nil {
				// Validated on save, so this is a renderer regression, a
				// font removed or an original lost from the disk: leave
				// the item out rather than blank the boards.
				f.cfg.Log.Error("cannot render item", "size", size.String(), "item", it.ID, "err", err)
				continue
			}
			pl.Items = append(pl.Items, item)
		}
		out.playlists = append(out.playlists, pl)
	}
	return out
}

// renderCountdown renders a countdown item's pictures at a size: one
// for each day from today until its date, at most
// playlists.CountdownWindow, and the message of the day; and the width
// of the widest of them that scrolls (0: none does).
func (f *Fleet) renderCountdown(it store.PlaylistItem, size assets.Size, today string) (*playlists.Countdown, int, error) {
	cd := it.Countdown
	c := &playlists.Countdown{Slogan: it.SloganID, Date: cd.Date, Text: it.Text, After: cd.After}
	// Countdowns scroll rather than turn pages (speed 0): their day's
	// picture is swapped in by date, a page turn would need its own clock.
	after, err := f.cfg.Renderer.Asset(cd.After, it.Style, size, 0)
	if err != nil {
		return nil, 0, err
	}
	widest := after.Strip
	c.AfterAsset, c.AfterScroll = after.Sum, widest > 0
	left, err := playlists.DaysBetween(today, cd.Date)
	if err != nil {
		return nil, 0, err
	}
	day, _ := time.Parse(playlists.DateLayout, today)
	for k := range min(left, playlists.CountdownWindow) {
		d := playlists.DatedAsset{Date: day.AddDate(0, 0, k).Format(playlists.DateLayout)}
		pic, err := f.cfg.Renderer.Asset(playlists.CountdownText(it.Text, left-k), it.Style, size, 0)
		if err != nil {
			return nil, 0, err
		}
		d.Asset, d.Scroll, widest = pic.Sum, pic.Strip > 0, max(widest, pic.Strip)
		c.Days = append(c.Days, d)
	}
	return c, widest, nil
}

// renderItem gives one item's picture at a size, and its title: the
// slogan's text, or the photo's (photoTitle). Titles
// are what the play report counts. A slogan that scrolls lasts at least
// one whole pass at the board's speed; one set in pages, every page.
func (f *Fleet) renderItem(it store.PlaylistItem, ck cutKey) (playlists.Item, error) {
	size := ck.size
	item := playlists.Item{ID: it.ID, SloganID: it.SloganID, PhotoID: it.PhotoID, Title: it.Text, Seconds: it.Seconds}
	var err error
	if it.Photo == nil {
		var pic Picture
		if pic, err = f.cfg.Renderer.Asset(it.Text, it.Style, size, ck.speed); err != nil {
			return item, err
		}
		item.Asset, item.Scroll = pic.Sum, pic.Strip > 0
		item.Seconds = playlists.ScrollSeconds(it.Seconds, pic.Strip, size.W, ck.speed)
		if pic.Pages > 1 {
			if pic.Pages > playlists.MaxPages {
				return item, fmt.Errorf("%d pages, players take at most %d", pic.Pages, playlists.MaxPages)
			}
			item.Pages, item.Seconds = pic.Pages, playlists.PagedSeconds(it.Seconds, pic.Pages)
		}
		return item, nil
	}
	item.Title = photoTitle(it.Text, it.Photo.Name)
	item.Asset, err = f.cfg.Renderer.PhotoAsset(it, size)
	return item, err
}

// aimedAt lists the boards a slot or the override aims at by ID: each
// gets content of its own.
func aimedAt(d *store.Desired) map[int64]bool {
	out := make(map[int64]bool)
	for _, sl := range d.Schedule {
		if sl.Board != 0 {
			out[sl.Board] = true
		}
	}
	for _, sw := range d.Switches {
		if sw.Board != 0 {
			out[sw.Board] = true
		}
	}
	return out
}

// content encodes what every board like target (at one size) shares:
// the slots and the override that reach it. A board keeps only what
// concerns it, so one commune's plan does not travel to every board of
// a province.
//
// Of the switches that reach it, the board is given the one it plays
// (store.Winner), as the one override a manifest carries: a board of a
// commune switched by its province and by itself shows the province's.
func (f *Fleet) content(d *store.Desired, unit int64, target playlists.Target, r rendered, at time.Time) (*content, error) {
	c := playlists.Content{TimeZone: f.cfg.TimeZone, Default: playlists.DefaultSlug, Countdowns: r.countdowns}
	if sw := store.Winner(d.Switches, d.Units, unit, target, at); sw != nil {
		o := sw.Override
		c.Override = &o
	}
	for _, sl := range store.BoardSlots(d.Schedule, d.Units, unit, target) {
		c.Schedule = append(c.Schedule, sl.Slot)
	}
	c.Playlists = unitPlaylists(d, unit, r.playlists, c)
	return encodeContent(c)
}

// unitPlaylists are the playlists a board of unit gets: those of its
// unit and the units above it (its own content and what was shared
// down; the default and the congress success lists are the root's), and
// any other that a slot or the switch reaching it plays. A sibling
// unit's playlists stay off its boards.
func unitPlaylists(d *store.Desired, unit int64, all []playlists.Playlist, c playlists.Content) []playlists.Playlist {
	owner := make(map[string]int64, len(d.Playlists))
	for _, p := range d.Playlists {
		owner[p.Slug] = p.UnitID
	}
	played := map[string]bool{}
	for _, sl := range c.Schedule {
		played[sl.Playlist] = true
	}
	if c.Override != nil {
		played[c.Override.Playlist] = true
	}
	out := make([]playlists.Playlist, 0, len(all))
	for _, p := range all {
		u, known := owner[p.Slug]
		if !known || played[p.Slug] || d.Units.Within(unit, u) {
			out = append(out, p)
		}
	}
	return out
}

// encodeContent encodes a board's content, within the protocol's limit.
func encodeContent(c playlists.Content) (*content, error) {
	data, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	if len(data) > protocol.MaxMessageBytes-maxHeadBytes {
		return nil, fmt.Errorf("manifest content of %d playlists is %d bytes, over the protocol's %d", len(c.Playlists), len(data), protocol.MaxMessageBytes)
	}
	return &content{data: data, sum: sha256.Sum256(data)}, nil
}

// maxHeadBytes bounds a manifest frame's part before its content (the
// envelope, the path to the root of a tree of millions, the signature).
const maxHeadBytes = 4 << 10

// queue asks for a board to be sent its manifest.
func (f *Fleet) queue(id int64) {
	f.mu.Lock()
	f.pending[id] = true
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// sendPending is the one send path: it sends every queued board that is
// connected its manifest from the latest publication, all under one
// signature. Sends run one after another on the fleet's goroutine, so a
// board never gets an older revision after a newer one.
func (f *Fleet) sendPending() {
	f.mu.Lock()
	pub := f.pub
	if pub == nil || len(f.pending) == 0 {
		f.mu.Unlock()
		return
	}
	cuts := make([]*cut, 0, len(f.pending))
	for id := range f.pending {
		// A board the publication does not know yet (added beside the
		// running server) is sent to by the publication that learns it.
		if b, c := f.boards[id], pub.cuts[id]; b != nil && b.online && c != nil {
			cuts = append(cuts, c)
		}
	}
	clear(f.pending)
	f.mu.Unlock()
	if len(cuts) == 0 {
		return
	}
	start := time.Now()
	defer func() {
		f.cfg.Log.Debug("sent manifests", "revision", pub.revision, "boards", len(cuts), "took", time.Since(start))
	}()
	sealer := protocol.NewSealer(pub.revision, f.cfg.Now().UTC(), f.cfg.Installation)
	envs := make([][]byte, len(cuts))
	for i, c := range cuts {
		envs[i] = sealer.Seal(c.board, c.content.sum)
	}
	batch := protocol.SignBatch(envs, f.cfg.Key)
	f.mu.Lock()
	for _, c := range cuts {
		if b := f.boards[c.target.ID]; b != nil {
			if b.sent == 0 {
				b.firstSent = pub.revision
			}
			b.sent, b.sentDigest = pub.revision, c.digest
			f.recount(c.target.ID)
		}
	}
	f.mu.Unlock()
	ds := make([]hub.Delivery, len(cuts))
	for i, c := range cuts {
		parts := protocol.ManifestFrame(envs[i], batch, i, c.content.data)
		ds[i] = hub.Delivery{BoardID: c.target.ID, Frame: hub.Frame(parts[:])}
	}
	f.links.SendAll(ds)
}

// loadSent reads, once, what was sent to boards before the controller
// started: a board back from a long outage reports plays of pictures
// replaced since.
func (f *Fleet) loadSent(ctx context.Context) error {
	f.mu.Lock()
	loaded := f.sentLoaded
	f.mu.Unlock()
	if loaded {
		return nil
	}
	items, err := f.cfg.Store.SentItems(ctx)
	if err != nil {
		return err
	}
	f.mu.Lock()
	for _, it := range items {
		f.sent[sentKey{it.ItemID, it.Asset, assets.Size{W: it.Width, H: it.Height}}] = it
	}
	f.sentLoaded = true
	f.mu.Unlock()
	return nil
}

// photoTitle is a photo's title on the boards' manifests and so in the
// play report: its caption with its file name, or the file name alone.
// Photos uploaded together share a caption; by the caption alone the
// report would count an exhibition of sixteen photos as one item.
func photoTitle(caption, name string) string {
	if caption == "" {
		return "Ảnh " + name
	}
	return caption + " (ảnh " + name + ")"
}

// armSwitchEnd sets the publication that follows the end of the first
// switch to run out after now (f.mu held).
func (f *Fleet) armSwitchEnd(sws []store.Switch, now time.Time) {
	var next time.Time
	for _, sw := range sws {
		if !sw.Until.IsZero() && sw.Until.After(now) && (next.IsZero() || sw.Until.Before(next)) {
			next = sw.Until
		}
	}
	if f.switchEnd != nil {
		f.switchEnd.Stop()
		f.switchEnd = nil
	}
	if !next.IsZero() {
		// A moment after the end, so the store's clock has it over.
		f.switchEnd = time.AfterFunc(next.Sub(now)+time.Second, f.Publish)
	}
}
