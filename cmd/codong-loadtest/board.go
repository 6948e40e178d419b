package main

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"codong/playlists"
	"codong/protocol"
)

// Timing of a board's link: the real player's (player/session.go, player/supervisor.go).
const (
	readWait       = 90 * time.Second
	writeWait      = 10 * time.Second
	statusEvery    = protocol.ReportEvery
	backoffMin     = time.Second
	backoffMax     = 60 * time.Second
	backoffFloor   = 100 * time.Millisecond
	handshakeLimit = 15 * time.Second
	fetchLimit     = 2 * time.Minute
	maxAssetBytes  = 64 << 20
)

// board is one simulated board: what the real player keeps on its disk
// (token, held pictures, last manifest, unconfirmed plays) in memory, and
// what the harness measures (when each manifest arrived and was acked).
type board struct {
	id    int64
	name  string
	token string
	size  size
	group string
	f     *fleet
	ep    endpoint // the controller this board links to and fetches from
	dial  *net.Dialer
	http  *http.Client // nil in light mode

	statusCh chan struct{} // the engine changed the status
	playsCh  chan struct{} // a play was recorded
	wake     chan struct{} // a new manifest for the engine
	settled  chan struct{} // the engine shows the newest manifest
	flushCh  chan struct{} // the harness ends: send the plays kept for the report now

	mu       sync.Mutex
	conn     *websocket.Conn
	session  int // links established so far
	dropped  int // the session the harness cut on purpose
	manifest *playlists.Manifest
	revision int64
	shown    int64            // revision of the manifest the engine shows
	held     map[string]int64 // picture → when last shown or fetched (seen)
	seen     int64            // the board's own clock of showings, for held
	trimmed  int              // len(held) after the last trim
	status   protocol.Status
	scroll   bool   // the item shown scrolls: a 2.2 status says so
	thumb    string // asset whose thumbnail the link must still send
	pending  []protocol.Play
	inFlight map[int64]bool // plays sent and not yet confirmed
	arrivals []event        // manifests received
	acks     []event
}

// event is one manifest received or acknowledged: its revision, when, and
// on which link.
type event struct {
	rev     int64
	at      time.Time
	session int
}

func newBoard(f *fleet, id int64, name, token string, sz size, group string, ep endpoint, src net.IP) *board {
	b := &board{
		id: id, name: name, token: token, size: sz, group: group, f: f, ep: ep, dial: dialerFrom(src),
		statusCh: make(chan struct{}, 1), playsCh: make(chan struct{}, 1), wake: make(chan struct{}, 1),
		settled: make(chan struct{}, 1), held: make(map[string]int64), flushCh: make(chan struct{}, 1),
	}
	if !f.cfg.Light {
		tr := &http.Transport{DialContext: b.dial.DialContext, MaxIdleConnsPerHost: 1, IdleConnTimeout: 90 * time.Second}
		b.http = &http.Client{Transport: tr, Timeout: fetchLimit}
		for _, sum := range f.warm[sz] {
			b.held[sum] = 0
		}
	}
	return b
}

// backoff is the player's: exponential with full jitter, so a fleet that
// lost its link does not come back in lockstep.
type backoff struct{ attempt int }

func (bo *backoff) next() time.Duration {
	ceil := backoffMin << min(bo.attempt, 10)
	bo.attempt++
	if ceil > backoffMax || ceil <= 0 {
		ceil = backoffMax
	}
	return time.Duration(rand.Int64N(int64(ceil))) + backoffFloor
}

// run keeps the board linked until ctx ends or the controller revokes it.
func (b *board) run(ctx context.Context) {
	var bo backoff
	first := true
	for ctx.Err() == nil {
		converged, err := b.link(ctx, first)
		first = false
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, errRevoked) {
			b.f.stats.problem("không kết nối được", err)
			return
		}
		var de *dialError
		switch {
		case errors.As(err, &de):
			b.f.stats.problem("không kết nối được", de.err)
		case err != nil && !b.droppedOnPurpose():
			b.f.stats.problem("kết nối bị ngắt", err)
		}
		if converged {
			bo.reset()
		}
		sleep(ctx, bo.next())
	}
}

func (bo *backoff) reset() { bo.attempt = 0 }

// drop cuts the board's link abruptly, as a power cut of the network
// would: a reset, no websocket close.
func (b *board) drop() {
	b.mu.Lock()
	conn := b.conn
	b.dropped = b.session
	b.mu.Unlock()
	if conn == nil {
		return
	}
	if tc, ok := conn.NetConn().(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.NetConn().Close()
}

// attach records a new link: it becomes the one the harness may cut, and
// plays sent on an earlier link are offered again on this one.
func (b *board) attach(conn *websocket.Conn) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.session++
	b.conn = conn
	b.inFlight = nil
	return b.session
}

func (b *board) droppedOnPurpose() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.dropped == b.session
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
