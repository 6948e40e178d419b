package wall

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"codong/controller/respond"
	"codong/controller/store"
)

// The wall's live stream (Server-Sent Events). Each stream looks at the
// wall every Look and sends it when it changed; a quiet stream gets
// a comment every KeepAlive, well inside netguard.WriteChunkTimeout, so
// neither a proxy nor the write deadline takes it for dead. Streams are
// long-lived connections: at most MaxStreams are open, and at most
// MaxStreamsPerPerson of one person (one actor key: a user's
// sessions and the tokens they minted count together), so one token
// cannot hold them all; beyond either the page polls /api/v1/wall
// instead. All end when the controller shuts down.
const (
	MaxStreams = 64
	// MaxStreamsPerPerson leaves room for the dashboard on a phone,
	// a desk computer and the screen in the meeting hall, and a reload.
	MaxStreamsPerPerson = 4
	Look                = time.Second
	KeepAlive           = 15 * time.Second
	// Retry is how soon, in ms, a browser reconnects a dropped stream.
	Retry = 3000
)

// streams counts the open streams, in all and by person.
type streams struct {
	mu       sync.Mutex
	open     int
	byPerson map[string]int
}

// enter takes a place for person's stream, or says which bound is full.
func (w *streams) enter(person string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.byPerson[person] >= MaxStreamsPerPerson {
		return respond.Err(http.StatusTooManyRequests, "too_many_streams_of_yours",
			fmt.Sprintf("Bạn đã mở %d trang theo dõi trực tiếp (tính cả các mã truy cập của bạn); trang này tự cập nhật vài giây một lần. Đóng bớt trang cũ để theo dõi trực tiếp ở đây.", MaxStreamsPerPerson))
	}
	if w.open >= MaxStreams {
		return respond.Err(http.StatusServiceUnavailable, "too_many_streams",
			"Đã có quá nhiều trang đang theo dõi trực tiếp; trang này tự cập nhật vài giây một lần.")
	}
	if w.byPerson == nil {
		w.byPerson = map[string]int{}
	}
	w.open++
	w.byPerson[person]++
	return nil
}

func (w *streams) leave(person string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.open--
	if w.byPerson[person]--; w.byPerson[person] <= 0 {
		delete(w.byPerson, person)
	}
}

// cache shares one reading of the wall among every live stream:
// each looks every Look, and reading it means reading every board
// (a province's thousands) from the database, so one reading a look
// serves them all.
type cache struct {
	mu  sync.Mutex
	at  time.Time
	val []Board
}

// read returns every board read less than Look ago, or reads them;
// streams asking meanwhile wait for that one reading.
func (c *cache) read(ctx context.Context, read func(context.Context) ([]Board, error)) ([]Board, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < Look {
		return c.val, nil
	}
	w, err := read(ctx)
	if err != nil {
		return w, err
	}
	c.val, c.at = w, time.Now()
	return w, nil
}

// invalidate drops the reading: a change was committed, and a stream
// (a page just loaded after the change) must not be sent the wall as it
// was before it. A reading under way is waited for, then dropped.
func (c *cache) invalidate() {
	c.mu.Lock()
	c.at = time.Time{}
	c.mu.Unlock()
}

// JSON encodes the wall, and a key that changes only when what it
// shows does: an online board's last-seen time is always now.
func JSON(w State) (data, key []byte) {
	data, _ = json.Marshal(w)
	boards := make([]Board, len(w.Boards))
	for i, b := range w.Boards {
		if b.Connected {
			b.LastSeenAt = time.Time{}
		}
		boards[i] = b
	}
	w.Boards = boards
	key, _ = json.Marshal(w)
	return data, key
}

// Enter takes a place for person's live stream, or says which bound is
// full; Leave gives it back.
func (wl *Wall) Enter(person string) error { return wl.streams.enter(person) }

// Leave gives back a place Enter took.
func (wl *Wall) Leave(person string) { wl.streams.leave(person) }

// Cached is the wall of the units sc sees, its boards as read at most
// Look ago: every open stream looks at them, and one read of every
// board serves them all, each stream taking its own units' part.
func (wl *Wall) Cached(ctx context.Context, sc store.Scope) (State, error) {
	all, err := wl.cache.read(ctx, func(ctx context.Context) ([]Board, error) { return wl.Boards(ctx, store.Everything) })
	if err != nil {
		return State{}, err
	}
	views := make([]Board, 0, len(all))
	for _, b := range all {
		if sc.Has(b.UnitID) {
			views = append(views, b)
		}
	}
	return wl.wallOf(ctx, sc, views)
}

// Invalidate makes the next Cached read the wall afresh.
func (wl *Wall) Invalidate() { wl.cache.invalidate() }
