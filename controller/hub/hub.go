// Package hub keeps the websocket links to the players. One goroutine owns
// the set of links; each link has one read pump and one write pump. A
// board whose send buffer is full is dropped, never waited for: it will
// reconnect and receive its whole state again.
package hub

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"codong/protocol"
)

// Observer receives what players report. Calls come from the links' read
// pumps, concurrently for different boards.
type Observer interface {
	// Connected and Disconnected name the link too: when a board
	// reconnects, its old link's end must not mark it offline.
	Connected(boardID int64, link uint64)
	Status(boardID int64, s *protocol.Status)
	Ack(boardID int64, revision int64)
	// Plays takes play records to store; the observer confirms them to
	// the board (with Send) once they are stored.
	Plays(boardID int64, p *protocol.Plays)
	Disconnected(boardID int64, link uint64)
}

// Link is what the hub knows of one connected board.
type Link struct {
	BoardID int64
	Since   time.Time
}

type delivery struct {
	boardID int64
	frame   Frame
}

// Hub routes frames to connected boards.
type Hub struct {
	log        *slog.Logger
	obs        Observer
	register   chan *client
	unregister chan *client
	deliver    chan delivery
	kick       chan int64
	list       chan chan []Link
	done       chan struct{}
	nextLink   atomic.Uint64
	// running counts Run and every pump, so Wait can tell when no
	// goroutine will call the Observer again. closed, under mu, stops new
	// pumps from being counted once Run has ended.
	running sync.WaitGroup
	mu      sync.Mutex
	closed  bool
}

// New returns a hub; call Run to start it.
func New(log *slog.Logger, obs Observer) *Hub {
	return &Hub{
		log:        log,
		obs:        obs,
		register:   make(chan *client),
		unregister: make(chan *client),
		deliver:    make(chan delivery, 256),
		kick:       make(chan int64),
		list:       make(chan chan []Link),
		done:       make(chan struct{}),
	}
}

// Run owns the links until ctx ends, then closes them all.
func (h *Hub) Run(ctx context.Context) {
	h.mu.Lock()
	h.running.Add(1)
	h.mu.Unlock()
	defer h.running.Done()
	links := make(map[int64]*client)
	defer func() {
		h.mu.Lock()
		h.closed = true
		h.mu.Unlock()
		close(h.done)
		for _, c := range links {
			close(c.send)
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-h.register:
			if old := links[c.boardID]; old != nil {
				// The same board connected again (a restarted player, or a
				// copied token): the newest link wins.
				h.log.Warn("board reconnected, dropping its older link", "board", c.boardID)
				close(old.send)
			}
			links[c.boardID] = c
		case c := <-h.unregister:
			if links[c.boardID] == c {
				delete(links, c.boardID)
				close(c.send)
			}
		case d := <-h.deliver:
			c := links[d.boardID]
			if c == nil {
				continue
			}
			select {
			case c.send <- d.frame:
			default:
				h.log.Warn("board too slow, dropping its link", "board", d.boardID)
				delete(links, d.boardID)
				close(c.send)
			}
		case id := <-h.kick:
			if c := links[id]; c != nil {
				delete(links, id)
				close(c.send)
			}
		case reply := <-h.list:
			out := make([]Link, 0, len(links))
			for id, c := range links {
				out = append(out, Link{BoardID: id, Since: c.since})
			}
			reply <- out
		}
	}
}

// Wait returns once Run has ended (its ctx is done) and every link's
// pumps have finished.
func (h *Hub) Wait() {
	<-h.done
	h.running.Wait()
}

// Send queues a frame for a board; it is dropped if the board is not
// connected. It never blocks on a slow board.
func (h *Hub) Send(boardID int64, frame Frame) {
	select {
	case h.deliver <- delivery{boardID, frame}:
	case <-h.done:
	}
}

// Disconnect closes a board's link, e.g. when the board is deleted.
func (h *Hub) Disconnect(boardID int64) {
	select {
	case h.kick <- boardID:
	case <-h.done:
	}
}

// Links lists the connected boards.
func (h *Hub) Links() []Link {
	reply := make(chan []Link, 1)
	select {
	case h.list <- reply:
		return <-reply
	case <-h.done:
		return nil
	}
}
