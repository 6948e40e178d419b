package hub

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

// statusCounter takes statuses and counts them.
type statusCounter struct {
	*recorder
	n atomic.Int64
}

func (c *statusCounter) Status(int64, uint64, *protocol.Status) *Refusal {
	c.n.Add(1)
	return nil
}

// BenchmarkReadStatus measures a board's status from the socket to the
// Observer over a real websocket on loopback: the read pump, the hand
// over to a worker, decoding. Reported per status; the board's own
// writing is in the same process and counted too.
func BenchmarkReadStatus(b *testing.B) {
	obs := &statusCounter{recorder: newRecorder()}
	h := New(slog.New(slog.NewTextHandler(io.Discard, nil)), obs)
	obs.h = h
	ctx, cancel := context.WithCancel(context.Background())
	go h.Run(ctx)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.Serve(w, r, 7) }))
	defer func() { srv.Close(); cancel(); h.Wait() }()
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	conn.ReadMessage() // the first frame
	since := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	frame, _ := json.Marshal(protocol.NewStatus(&protocol.Status{Revision: 12, Playlist: "congress-success", ItemID: 3, Title: "Mừng Đại hội thành công tốt đẹp",
		Asset: strings.Repeat("ab", 32), Since: since, Version: "1.4.0", Brightness: 100, DisplayWidth: 384, DisplayHeight: 128,
		CacheBytes: 1 << 20, UptimeSeconds: 3600, ClockOffsetMs: 3}))
	// The status as a player of 2.2 writes it, with what it shows.
	frame = append(frame[:len(frame)-2], `,"shows":{"page":1}}}`...)
	if _, err := protocol.Decode(frame); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := conn.WriteMessage(websocket.TextMessage, frame); err != nil {
			b.Fatal(err)
		}
	}
	for obs.n.Load() < int64(b.N) {
		time.Sleep(time.Millisecond)
	}
}

// answerCounter counts what a board's answer to a switch delivers.
type answerCounter struct {
	*recorder
	n atomic.Int64
}

func (c *answerCounter) Ack(int64, uint64, int64) *Refusal             { return nil }
func (c *answerCounter) Plays(int64, uint64, *protocol.Plays) *Refusal { return nil }
func (c *answerCounter) Status(int64, uint64, *protocol.Status) *Refusal {
	c.n.Add(1)
	return nil
}

// BenchmarkSwitchAnswer measures what a board owes after a switch (its
// ack, its new status, the play the switch ended) from the socket to
// the Observer over a real websocket on loopback: as three frames (a
// player before 2.3), as one batch frame (2.3), and as one batch frame
// without the play, which a player of 2.4 keeps for its periodic report
// (the controller then writes no plays_ack either, not counted here).
// Reported per answer; the board's own writing is in the same process
// and counted too.
func BenchmarkSwitchAnswer(b *testing.B) {
	since := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	msgs := []protocol.Message{
		protocol.NewAck(1795874135811730),
		protocol.NewStatus(&protocol.Status{Revision: 1795874135811730, Playlist: "congress-success", ItemID: 3, Title: "Mừng Đại hội thành công tốt đẹp",
			Asset: strings.Repeat("ab", 32), Since: since, Version: "1.4.0", Brightness: 100, DisplayWidth: 384, DisplayHeight: 128,
			CacheBytes: 1 << 20, UptimeSeconds: 3600, ClockOffsetMs: 3, Shows: &protocol.Shows{}}),
		protocol.NewPlays([]protocol.Play{{ID: since.Add(-time.Minute).UnixNano(), Playlist: "default", ItemID: 1, SloganID: 1,
			Title: "Nhiệt liệt chào mừng Đại hội", Asset: strings.Repeat("cd", 32), Start: since.Add(-time.Minute), Seconds: 10}}),
	}
	batch, err := protocol.AppendBatch(nil, msgs...)
	if err != nil {
		b.Fatal(err)
	}
	answer24, err := protocol.AppendBatch(nil, msgs[:2]...)
	if err != nil {
		b.Fatal(err)
	}
	var alone [][]byte
	for _, m := range msgs {
		data, _ := json.Marshal(m)
		alone = append(alone, append(data, '\n')) // as WriteJSON writes it
	}
	for _, tc := range []struct {
		name   string
		frames [][]byte
	}{{"three frames (2.2)", alone}, {"one batch (2.3)", [][]byte{batch}}, {"one batch without plays (2.4)", [][]byte{answer24}}} {
		b.Run(tc.name, func(b *testing.B) {
			obs := &answerCounter{recorder: newRecorder()}
			h := New(slog.New(slog.NewTextHandler(io.Discard, nil)), obs)
			obs.h = h
			ctx, cancel := context.WithCancel(context.Background())
			go h.Run(ctx)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.Serve(w, r, 7) }))
			defer func() { srv.Close(); cancel(); h.Wait() }()
			conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			conn.ReadMessage() // the first frame
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				for _, f := range tc.frames {
					if err := conn.WriteMessage(websocket.TextMessage, f); err != nil {
						b.Fatal(err)
					}
				}
			}
			for obs.n.Load() < int64(b.N) {
				time.Sleep(time.Millisecond)
			}
		})
	}
}
