package controller

import (
	"context"
	"encoding/json"
	"sync"
	"time"
	"unicode/utf8"

	"codong/playlists"
	"codong/protocol"
)

// fleet is the controller's live view of its boards: who is connected,
// which revision each was sent and acknowledged, and what each reported
// it shows. It implements hub.Observer.
type fleet struct {
	s         *Server
	mu        sync.Mutex
	published int64
	live      map[int64]*boardLive
}

type boardLive struct {
	online    bool
	link      uint64
	since     time.Time
	sent      int64
	acked     int64
	status    *protocol.Status
	statusAt  time.Time
	thumbnail []byte
}

func newFleet(s *Server) *fleet {
	return &fleet{s: s, live: make(map[int64]*boardLive)}
}

func (f *fleet) get(id int64) *boardLive {
	b := f.live[id]
	if b == nil {
		b = &boardLive{}
		f.live[id] = b
	}
	return b
}

func (f *fleet) setPublished(rev int64) {
	f.mu.Lock()
	f.published = max(f.published, rev)
	f.mu.Unlock()
}

func (f *fleet) sent(id, rev int64) {
	f.mu.Lock()
	f.get(id).sent = rev
	f.mu.Unlock()
}

// Connected runs once a link is registered with the hub. If a
// publication went out between reading this board's first manifest and
// registering its link, the board missed it: send it again.
func (f *fleet) Connected(id int64, link uint64) {
	f.mu.Lock()
	b := f.get(id)
	b.online, b.link, b.since = true, link, time.Now()
	stale := b.sent < f.published
	f.mu.Unlock()
	if stale {
		f.s.resend(id)
	}
}

func (f *fleet) Disconnected(id int64, link uint64) {
	f.mu.Lock()
	b := f.get(id)
	if b.link == link {
		b.online = false
	}
	f.mu.Unlock()
	if err := f.s.store.TouchBoard(context.Background(), id, time.Now()); err != nil {
		f.s.log.Warn("cannot record board last seen", "board", id, "err", err)
	}
}

func (f *fleet) Ack(id, rev int64) {
	f.mu.Lock()
	b := f.get(id)
	b.acked = max(b.acked, rev)
	f.mu.Unlock()
}

func (f *fleet) Status(id int64, st *protocol.Status) {
	now := time.Now()
	f.mu.Lock()
	b := f.get(id)
	if len(st.Thumbnail) > 0 && len(st.Thumbnail) <= protocol.MaxThumbnailBytes {
		b.thumbnail = st.Thumbnail
	}
	st.Thumbnail = nil // kept once, in b.thumbnail, never oversized
	b.status, b.statusAt = st, now
	f.mu.Unlock()
	data, _ := json.Marshal(st)
	if err := f.s.store.SetBoardStatus(context.Background(), id, now, data); err != nil {
		f.s.log.Warn("cannot record board status", "board", id, "err", err)
	}
}

// Plays stores a board's play records for the reports. A record that
// cannot be true (a start far in the future or past, a duration no item
// has, an over-long title) is dropped, so a stolen board token cannot
// forge the report upward; it is still confirmed, so the board forgets it.
func (f *fleet) Plays(id int64, p *protocol.Plays) (int64, error) {
	b, err := f.s.store.Board(context.Background(), id)
	if err != nil {
		return 0, err
	}
	now := time.Now()
	keep := p.Records[:0:0]
	var top int64
	for _, r := range p.Records {
		top = max(top, r.ID)
		plausible := r.Start.After(now.AddDate(0, 0, -400)) && r.Start.Before(now.Add(24*time.Hour)) &&
			r.Seconds >= playlists.MinItemSeconds && r.Seconds <= playlists.MaxItemSeconds &&
			utf8.RuneCountInString(r.Title) <= maxSloganRunes && len(r.Playlist) <= 64 &&
			(r.Asset == "" || playlists.ValidHash(r.Asset))
		if plausible {
			keep = append(keep, r)
		}
	}
	if dropped := len(p.Records) - len(keep); dropped > 0 {
		f.s.log.Warn("board sent implausible play records; dropped", "board", id, "count", dropped)
	}
	if _, err := f.s.store.AddPlays(context.Background(), b, keep); err != nil {
		return 0, err
	}
	return top, nil
}

// snapshot copies one board's live state.
func (f *fleet) snapshot(id int64) (boardLive, int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b := f.live[id]; b != nil {
		return *b, f.published
	}
	return boardLive{}, f.published
}

// resend sends one board its current manifest.
func (s *Server) resend(id int64) {
	ctx := context.Background()
	d, err := s.loadDesired(ctx)
	if err != nil {
		s.log.Error("resend manifest", "board", id, "err", err)
		return
	}
	b, err := s.store.Board(ctx, id)
	if err != nil {
		s.hub.Disconnect(id)
		return
	}
	frame, err := s.manifestFrame(d, b)
	if err != nil {
		s.log.Error("resend manifest", "board", id, "err", err)
		return
	}
	s.boards.sent(id, d.revision)
	s.hub.Send(id, frame)
}
