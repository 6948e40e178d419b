package fleet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
// in its memory.
type PresenceStore interface {
	SavePresence(ctx context.Context, rows []store.Presence, now time.Time) error
	OthersPresence(ctx context.Context, fresh time.Time) ([]store.Presence, error)
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
}

// shared is what this controller last wrote of one of its boards.
type shared struct {
	online      bool
	sent, acked int64
	digest      digest
	upToDate    bool
	status      *protocol.Status
	thumb       *thumbnail
	since, left time.Time
}

// sharePresence runs the exchange until ctx ends.
func (f *Fleet) sharePresence(ctx context.Context) {
	t := time.NewTicker(presenceEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f.exchangePresence(ctx)
		}
	}
}

// exchangePresence writes this controller's changes and reads the others'.
func (f *Fleet) exchangePresence(ctx context.Context) {
	now := f.cfg.Now()
	rows := f.presenceChanges()
	if err := f.cfg.Presence.SavePresence(ctx, rows, now); err != nil {
		if ctx.Err() == nil {
			f.cfg.Log.Warn("cannot share board presence", "err", err)
		}
		// Written again next time.
		f.mu.Lock()
		for _, r := range rows {
			delete(f.shared, r.BoardID)
		}
		f.mu.Unlock()
		return
	}
	others, err := f.cfg.Presence.OthersPresence(ctx, now.Add(-presenceStale))
	if err != nil {
		if ctx.Err() == nil {
			f.cfg.Log.Warn("cannot read other controllers' boards", "err", err)
		}
		return
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
		}
		remote[p.BoardID] = r
	}
	f.mu.Lock()
	f.remote = remote
	f.mu.Unlock()
}

// presenceChanges lists the boards linked here whose live state changed
// since it was last written, and notes them as written.
func (f *Fleet) presenceChanges() []store.Presence {
	f.mu.Lock()
	defer f.mu.Unlock()
	var rows []store.Presence
	for id, b := range f.boards {
		cur := shared{online: b.online, sent: b.sent, acked: b.acked, digest: b.sentDigest, upToDate: f.upToDate(id, b),
			status: b.status, thumb: b.thumb, since: b.since, left: b.left}
		if last, ok := f.shared[id]; ok && last == cur {
			continue
		}
		if _, ok := f.shared[id]; !ok && !b.online {
			continue // never written, and nothing to vouch for
		}
		f.shared[id] = cur
		p := store.Presence{BoardID: id, Online: b.online, Since: b.since, Left: b.left, Sent: b.sent, Acked: b.acked,
			Digest: hex.EncodeToString(b.sentDigest[:]), UpToDate: cur.upToDate}
		if b.status != nil {
			if data, err := json.Marshal(b.status); err == nil {
				p.Status = string(data)
			}
		}
		if b.thumb != nil {
			p.Thumbnail = b.thumb.data
		}
		rows = append(rows, p)
	}
	return rows
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
	if f.pub != nil && !f.publishing() && v.Sent > 0 && v.Acked >= v.Sent {
		if c := f.pub.cuts[id]; c != nil {
			v.UpToDate = hex.EncodeToString(c.digest[:]) == r.digest
		}
	}
	return v
}
