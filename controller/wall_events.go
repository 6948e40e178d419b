package controller

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
)

// The wall's live stream (Server-Sent Events). Each stream looks at the
// wall every wallLook and sends it when it changed; a quiet stream gets
// a comment every wallKeepAlive, well inside netguard.WriteChunkTimeout, so
// neither a proxy nor the write deadline takes it for dead. Streams are
// long-lived connections: at most maxWallStreams are open, and at most
// maxWallStreamsPerPerson of one person (one actor key: a user's
// sessions and the tokens they minted count together), so one token
// cannot hold them all; beyond either the page polls /api/v1/wall
// instead. All end when the controller shuts down.
const (
	maxWallStreams = 64
	// maxWallStreamsPerPerson leaves room for the dashboard on a phone,
	// a desk computer and the screen in the meeting hall, and a reload.
	maxWallStreamsPerPerson = 4
	wallLook                = time.Second
	wallKeepAlive           = 15 * time.Second
	// wallRetry is how soon, in ms, a browser reconnects a dropped stream.
	wallRetry = 3000
)

// wallStreams counts the open streams, in all and by person.
type wallStreams struct {
	mu       sync.Mutex
	open     int
	byPerson map[string]int
}

// enter takes a place for person's stream, or says which bound is full.
func (w *wallStreams) enter(person string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.byPerson[person] >= maxWallStreamsPerPerson {
		return respond.Err(http.StatusTooManyRequests, "too_many_streams_of_yours",
			fmt.Sprintf("Bạn đã mở %d trang theo dõi trực tiếp (tính cả các mã truy cập của bạn); trang này tự cập nhật vài giây một lần. Đóng bớt trang cũ để theo dõi trực tiếp ở đây.", maxWallStreamsPerPerson))
	}
	if w.open >= maxWallStreams {
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

func (w *wallStreams) leave(person string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.open--
	if w.byPerson[person]--; w.byPerson[person] <= 0 {
		delete(w.byPerson, person)
	}
}

func (s *Server) apiWallEvents(c echo.Context) error {
	person := who(c).Key
	if err := s.streams.enter(person); err != nil {
		c.Response().Header().Set("Retry-After", "60")
		return err
	}
	defer s.streams.leave(person)
	ctx := c.Request().Context()
	res := c.Response()
	h := res.Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set(echo.HeaderCacheControl, "no-store")
	res.WriteHeader(http.StatusOK)
	send := func(format string, args ...any) bool {
		if _, err := fmt.Fprintf(res, format, args...); err != nil {
			return false
		}
		res.Flush()
		return true
	}
	if !send("retry: %d\n\n", wallRetry) {
		return nil
	}
	look := time.NewTicker(wallLook)
	defer look.Stop()
	var last []byte
	lastSent := time.Now()
	for {
		w, err := s.walls.read(ctx, s.wall)
		if err != nil {
			return nil // the page reconnects, or polls
		}
		data, key := wallJSON(w)
		switch {
		case !bytes.Equal(key, last):
			if !send("event: wall\ndata: %s\n\n", data) {
				return nil
			}
			last, lastSent = key, time.Now()
		case time.Since(lastSent) >= wallKeepAlive:
			if !send(": keep-alive\n\n") {
				return nil
			}
			lastSent = time.Now()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.stopping:
			return nil
		case <-look.C:
		}
	}
}

// wallCache shares one reading of the wall among every live stream:
// each looks every wallLook, and reading it means reading every board
// (a province's thousands) from the database, so one reading a look
// serves them all.
type wallCache struct {
	mu  sync.Mutex
	at  time.Time
	val wallState
}

// read returns the wall read less than wallLook ago, or reads it;
// streams asking meanwhile wait for that one reading.
func (c *wallCache) read(ctx context.Context, read func(context.Context) (wallState, error)) (wallState, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < wallLook {
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
func (c *wallCache) invalidate() {
	c.mu.Lock()
	c.at = time.Time{}
	c.mu.Unlock()
}

// wallJSON encodes the wall, and a key that changes only when what it
// shows does: an online board's last-seen time is always now.
func wallJSON(w wallState) (data, key []byte) {
	data, _ = json.Marshal(w)
	boards := make([]boardView, len(w.Boards))
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
