package fleet

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"

	"codong/controller/store"
	"codong/protocol"
)

// Several controllers on one PostgreSQL database each hold the links of
// some boards. Every presenceEvery a controller writes the live state of
// the boards linked to it that changed, vouches again for those online,
// and reads what the others vouched for: every dashboard shows every
// board, online and up to date or not, whichever controller it is linked
// to. A controller that dies stops vouching; its boards count as offline
// once presenceStale has passed, by then mostly linked to another.

// PresenceStore shares boards' live state among the controllers of one
// database (store.Store on PostgreSQL). Nil: one controller, all boards
// in its memory. Freshness is judged by the database's clock, so
// controllers whose clocks differ agree on who is alive.
type PresenceStore interface {
	SavePresence(ctx context.Context, rows []store.Presence) error
	OthersPresence(ctx context.Context, stale time.Duration) ([]store.Presence, error)
}

const (
	presenceEvery = time.Second
	presenceStale = 10 * time.Second
)

// remoteBoard is a board linked to another controller.
type remoteBoard struct {
	view   View
	thumb  []byte
	digest string // of the manifest the other controller last sent it
	// shows is what a board of protocol 2.2 shows, as its status says:
	// this controller makes its thumbnail as the other one does.
	shows   showKey
	showing bool
}

// shared is what this controller last wrote of one of its boards,
// compared by value: a status report that changes nothing, or the same
// thumbnail again, writes nothing.
type shared struct {
	online      bool
	sent, acked int64
	digest      digest
	status      string // JSON
	thumb       string // name
	since, left time.Time
}

// sharePresence runs the exchange until ctx ends.
func (f *Fleet) sharePresence(ctx context.Context) {
	t := time.NewTicker(presenceEvery)
	defer t.Stop()
	lastRead := f.cfg.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if f.exchangePresence(ctx) {
				lastRead = f.cfg.Now()
			} else if f.cfg.Now().Sub(lastRead) > presenceStale {
				// Unable to read the others' word for longer than it
				// lasts: do not show their boards online on old news.
				f.mu.Lock()
				f.setRemote(nil)
				f.mu.Unlock()
			}
		}
	}
}

// exchangePresence writes this controller's changes and reads the
// others'; it reports whether it read them.
func (f *Fleet) exchangePresence(ctx context.Context) bool {
	rows, prev := f.presenceChanges()
	if err := f.cfg.Presence.SavePresence(ctx, rows); err != nil {
		if ctx.Err() == nil {
			f.cfg.Log.Warn("cannot share board presence", "err", err)
		}
		// Written again next time: what was last written stands.
		f.mu.Lock()
		for _, r := range rows {
			if last, ok := prev[r.BoardID]; ok {
				f.shared[r.BoardID] = last
			} else {
				delete(f.shared, r.BoardID)
			}
		}
		f.mu.Unlock()
	}
	others, err := f.cfg.Presence.OthersPresence(ctx, presenceStale)
	if err != nil {
		if ctx.Err() == nil {
			f.cfg.Log.Warn("cannot read other controllers' boards", "err", err)
		}
		return false
	}
	remote := make(map[int64]remoteBoard, len(others))
	for _, p := range others {
		r := remoteBoard{thumb: p.Thumbnail, digest: p.Digest, view: View{Online: true, Since: p.Since, Left: p.Left, Sent: p.Sent, Acked: p.Acked}}
		if p.Status != "" {
			var st protocol.Status
			if json.Unmarshal([]byte(p.Status), &st) == nil {
				r.view.Status = &st
			}
		}
		if len(p.Thumbnail) > 0 {
			h := sha256.Sum256(p.Thumbnail)
			r.view.Thumbnail = hex.EncodeToString(h[:6])
		} else if r.shows, r.showing = showKeyOf(r.view.Status, 0, 0); r.showing {
			r.view.Thumbnail = r.shows.name()
		}
		remote[p.BoardID] = r
	}
	f.mu.Lock()
	for id := range f.gone {
		// Deleted here since the read began: not brought back.
		delete(remote, id)
	}
	f.setRemote(remote)
	f.mu.Unlock()
	return true
}

// setRemote replaces the other controllers' word, and recounts the
// boards it was or is about: O(boards linked elsewhere). Called with f.mu
// held.
func (f *Fleet) setRemote(remote map[int64]remoteBoard) {
	old := f.remote
	f.remote = remote
	for id := range old {
		f.recount(id)
	}
	for id := range remote {
		if _, counted := old[id]; !counted {
			f.recount(id)
		}
	}
}

// presenceChanges lists the boards linked here whose live state changed
// since it was last written, in board order (two controllers writing
// the same boards lock their rows in one order, never deadlock), notes
// them as written, and returns what was noted before for each.
func (f *Fleet) presenceChanges() ([]store.Presence, map[int64]shared) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var rows []store.Presence
	prev := make(map[int64]shared)
	for id, b := range f.boards {
		cur := shared{online: b.online, sent: b.sent, acked: b.acked, digest: b.sentDigest, since: b.since, left: b.left}
		if b.status != nil {
			if data, err := json.Marshal(b.status); err == nil {
				cur.status = string(data)
			}
		}
		own := b.thumb != nil && !b.made()
		if own {
			cur.thumb = b.thumb.name
		}
		last, written := f.shared[id]
		if (written && last == cur) || (!written && !b.online) {
			continue // unchanged, or never written and nothing to vouch for
		}
		if written {
			prev[id] = last
		}
		f.shared[id] = cur
		p := store.Presence{BoardID: id, Online: b.online, Since: b.since, Left: b.left, Sent: b.sent, Acked: b.acked,
			Digest: hex.EncodeToString(b.sentDigest[:]), Status: cur.status}
		if own {
			// A thumbnail made here is not written: the status says
			// what the board shows, and the others make it too.
			p.Thumbnail = b.thumb.data
		}
		rows = append(rows, p)
	}
	slices.SortFunc(rows, func(a, b store.Presence) int { return cmp.Compare(a.BoardID, b.BoardID) })
	return rows, prev
}

// remoteView is a board linked to another controller as this one sees
// it: up to date when it acknowledged what it was last sent, and that is
// what this controller's own latest publication has for it, with no
// newer change waiting, exactly as for a board linked here. The other
// controller's own flag is not trusted: it is stale from the moment a
// change is published until its next word.
func (f *Fleet) remoteView(id int64, r remoteBoard) View {
	v := r.view
	v.UpToDate = false
	if f.pub != nil && !f.publishing() {
		if c := f.pub.cuts[id]; c != nil {
			v.UpToDate = remoteCurrent(c, r)
		}
	}
	return v
}
