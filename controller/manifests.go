package controller

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"codong/assets"
	"codong/controller/hub"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// desired is the part of the state every board's manifest is cut from,
// read once per publication.
type desired struct {
	revision  int64
	playlists []store.Playlist
	override  *playlists.Override
	schedule  []store.ScheduleSlot
}

func (s *Server) loadDesired(ctx context.Context) (*desired, error) {
	// Read the revision first: the data read after it is at least that
	// new, so a board never acknowledges a revision it did not get.
	rev, err := s.store.Revision(ctx)
	if err != nil {
		return nil, err
	}
	pls, err := s.store.Playlists(ctx)
	if err != nil {
		return nil, err
	}
	ov, err := s.store.Override(ctx)
	if err != nil {
		return nil, err
	}
	sched, err := s.store.Schedule(ctx)
	if err != nil {
		return nil, err
	}
	return &desired{revision: rev, playlists: pls, override: ov, schedule: sched}, nil
}

// manifest cuts one board's manifest. Every playlist is included, not
// only the one playing, so a board has the congress-success pictures on
// its disk before anyone presses the button, and the switch is instant.
func (s *Server) manifest(d *desired, b store.Board) *playlists.Manifest {
	m := &playlists.Manifest{
		Revision: d.revision,
		IssuedAt: time.Now().UTC(),
		TimeZone: s.cfg.Location.String(),
		Board:    playlists.Board{ID: b.ID, Name: b.Name, Width: b.Width, Height: b.Height, Group: b.Group, Power: b.Power},
		Default:  playlists.DefaultSlug,
	}
	if d.override.AppliesTo(b.Group) {
		m.Override = d.override
	}
	for _, sl := range d.schedule {
		if sl.Group == "" || sl.Group == b.Group {
			m.Schedule = append(m.Schedule, sl.Slot)
		}
	}
	size := assets.Size{W: b.Width, H: b.Height}
	for _, p := range d.playlists {
		pl := playlists.Playlist{Slug: p.Slug, Name: p.Name, Items: []playlists.Item{}}
		for _, it := range p.Items {
			sum, scroll, err := s.rend.Asset(it.Text, it.Style, size)
			if err != nil {
				// Validated on save, so this is a renderer regression or a
				// font removed: leave the item out rather than blank the board.
				s.log.Error("cannot render item for board", "board", b.ID, "item", it.ID, "err", err)
				continue
			}
			pl.Items = append(pl.Items, playlists.Item{ID: it.ID, SloganID: it.SloganID, Title: it.Text, Seconds: it.Seconds, Asset: sum, Scroll: scroll})
		}
		m.Playlists = append(m.Playlists, pl)
	}
	return m
}

func (s *Server) manifestFrame(d *desired, b store.Board) ([]byte, error) {
	signed, err := protocol.Sign(s.manifest(d, b), s.key)
	if err != nil {
		return nil, fmt.Errorf("sign manifest: %w", err)
	}
	frame, err := hub.Encode(protocol.NewManifest(signed))
	if err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	if len(frame) > protocol.MaxMessageBytes {
		return nil, fmt.Errorf("manifest for board %d is %d bytes, over the protocol's %d", b.ID, len(frame), protocol.MaxMessageBytes)
	}
	return frame, nil
}

// publish asks the publisher to send every connected board its manifest.
// Calls coalesce: a burst of edits costs one round.
func (s *Server) publish() {
	select {
	case s.publishCh <- struct{}{}:
	default:
	}
}

func (s *Server) publishLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.publishCh:
		}
		if err := s.publishOnce(ctx); err != nil {
			// Boards must not miss a change: try again shortly.
			s.log.Error("publish failed, retrying", "err", err)
			time.AfterFunc(2*time.Second, s.publish)
		}
	}
}

func (s *Server) publishOnce(ctx context.Context) error {
	d, err := s.loadDesired(ctx)
	if err != nil {
		return err
	}
	all, err := s.store.Boards(ctx)
	if err != nil {
		return err
	}
	byID := make(map[int64]store.Board, len(all))
	for _, b := range all {
		byID[b.ID] = b
	}
	s.boards.setPublished(d.revision)
	// Signing and encoding a manifest per board is the cost of a
	// publication; spread it over the cores.
	links := make(chan int64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range links {
				s.sendManifest(d, byID, id)
			}
		}()
	}
	for _, l := range s.hub.Links() {
		links <- l.BoardID
	}
	close(links)
	wg.Wait()
	return nil
}

func (s *Server) sendManifest(d *desired, boards map[int64]store.Board, id int64) {
	b, ok := boards[id]
	if !ok {
		s.hub.Disconnect(id) // deleted meanwhile
		return
	}
	frame, err := s.manifestFrame(d, b)
	if err != nil {
		// One board's failure must not hold back the others.
		s.log.Error("cannot build a board's manifest", "board", id, "err", err)
		return
	}
	s.boards.sent(id, d.revision)
	s.hub.Send(id, frame)
}
