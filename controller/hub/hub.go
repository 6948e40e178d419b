// Package hub keeps the websocket links to the players. One goroutine owns
// the set of links and pings them; each link has one read pump, and a
// writer only while it has frames to write. A board whose send queue is
// full is dropped, never waited for: it will reconnect and receive its
// whole state again.
package hub

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"codong/protocol"
)

// Observer receives what players report. Calls come from the hub's
// workers and (acknowledgements) the links' read pumps, concurrently for
// different boards; one board's statuses and plays come in order.
//
// Every frame a board may send is answered: nil takes it, a Refusal is
// sent back to the board as an error frame (and closes the link when it
// says so). The Observer is the one place that decides (rates, quotas,
// what is possible); the hub only reads and decodes.
type Observer interface {
	// Connected and Disconnected name the link too: when a board
	// reconnects, its old link's end must not mark it offline. addr is
	// the address the link comes from (no port).
	// level is the protocol level the player announced ("" for none).
	Connected(boardID int64, link uint64, addr, level string)
	Status(boardID int64, link uint64, s *protocol.Status) *Refusal
	Ack(boardID int64, link uint64, revision int64) *Refusal
	// Plays takes play records to store; the observer confirms them to
	// the board (with SendAll) once they are stored.
	Plays(boardID int64, link uint64, p *protocol.Plays) *Refusal
	// Error is a board telling why it refused something of ours.
	Error(boardID int64, link uint64, e *protocol.Error) *Refusal
	// Tampered is a board telling it refused manifests that someone on
	// the line altered (protocol 2.1).
	Tampered(boardID int64, link uint64, t *protocol.Tampered) *Refusal
	// Screenshot is a board's picture of its own frame, which the
	// observer asked for (protocol 2.2); png is the read buffer's, to be
	// copied if kept.
	Screenshot(boardID int64, link uint64, s *protocol.Screenshot, png []byte) *Refusal
	// CareAnswered is a board's answer to a remote care request
	// (protocol 2.6); raw is the read buffer's, to be copied if kept.
	CareAnswered(boardID int64, link uint64, c *protocol.Care, raw []byte) *Refusal
	// Refused tells of a frame the hub refused itself (undecodable, or a
	// type a board may not send); the link is closing.
	Refused(boardID int64, link uint64, r Refusal)
	Disconnected(boardID int64, link uint64)
}

// Refusal is a frame not taken: the board is sent an error frame with
// Code and Message (Vietnamese); with Close, the link is closed after it.
type Refusal struct {
	Code    string
	Message string
	Close   bool
}

// Delivery is a frame for one board.
type Delivery struct {
	BoardID int64
	Frame   Frame
}

// Hub routes frames to connected boards.
type Hub struct {
	log        *slog.Logger
	obs        Observer
	register   chan *client
	unregister chan *client
	deliver    chan []Delivery
	kick       chan int64
	inbox      []chan inbound
	writers    chan struct{}
	done       chan struct{}
	nextLink   atomic.Uint64
	// running counts Run and every read pump, so Wait can tell when no
	// goroutine will call the Observer again. closed, under mu, stops new
	// pumps from being counted once Run has ended.
	running sync.WaitGroup
	mu      sync.Mutex
	closed  bool
}

// New returns a hub; call Run to start it.
func New(log *slog.Logger, obs Observer) *Hub {
	h := &Hub{
		log:        log,
		obs:        obs,
		register:   make(chan *client),
		unregister: make(chan *client),
		deliver:    make(chan []Delivery, 64),
		kick:       make(chan int64),
		done:       make(chan struct{}),
		inbox:      make([]chan inbound, max(2, runtime.GOMAXPROCS(0))),
		writers:    make(chan struct{}, maxWriters),
	}
	for i := range h.inbox {
		h.inbox[i] = make(chan inbound, inboxSize)
	}
	return h
}

// inboxSize is how many frames may wait for a worker before read pumps
// wait: a burst of reports queues here, and a flood slows the boards'
// own connections rather than growing memory.
const inboxSize = 256

// work handles frames from boards until the hub ends.
func (h *Hub) work(inbox <-chan inbound) {
	defer h.running.Done()
	for {
		select {
		case in := <-inbox:
			in.c.handle(in.buf.Bytes(), in.binary)
			frames.put(in.buf)
		case <-h.done:
			return
		}
	}
}

// Run owns the links until ctx ends, then closes them all.
func (h *Hub) Run(ctx context.Context) {
	h.mu.Lock()
	h.running.Add(1 + len(h.inbox))
	h.mu.Unlock()
	defer h.running.Done()
	for _, in := range h.inbox {
		go h.work(in)
	}
	links := make(map[int64]*client)
	defer func() {
		h.mu.Lock()
		h.closed = true
		h.mu.Unlock()
		close(h.done)
		for _, c := range links {
			c.shut(nil)
		}
	}()
	pings := time.NewTicker(pingPeriod / pingSlots)
	defer pings.Stop()
	var slot uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-pings.C:
			slot = (slot + 1) % pingSlots
			var due []*client
			for _, c := range links {
				if c.link%pingSlots == slot {
					due = append(due, c)
				}
			}
			// Off the hub's goroutine: a ping to a stuck board may wait.
			go func() {
				for _, c := range due {
					c.ping()
				}
			}()
		case c := <-h.register:
			if old := links[c.boardID]; old != nil {
				// The same board connected again (a restarted player, or a
				// copied token): the newest link wins.
				h.log.Warn("board reconnected, dropping its older link", "board", c.boardID)
				old.shut(nil)
			}
			links[c.boardID] = c
		case c := <-h.unregister:
			if links[c.boardID] == c {
				delete(links, c.boardID)
			}
		case ds := <-h.deliver:
			for _, d := range ds {
				c := links[d.BoardID]
				if c == nil {
					continue
				}
				if !c.enqueue(d.Frame) {
					h.log.Warn("board too slow, dropping its link", "board", d.BoardID)
					delete(links, d.BoardID)
					c.drop()
				}
			}
		case id := <-h.kick:
			if c := links[id]; c != nil {
				delete(links, id)
				c.shut(nil)
			}
		}
	}
}

// Wait returns once Run has ended (its ctx is done) and every link's
// pumps have finished.
func (h *Hub) Wait() {
	<-h.done
	h.running.Wait()
}

// SendAll queues frames for boards; a frame for a board not connected
// is dropped. It never blocks on a slow board, and a fan-out to ten
// thousand boards is one hand-over to the hub, not ten thousand.
func (h *Hub) SendAll(ds []Delivery) {
	select {
	case h.deliver <- ds:
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
