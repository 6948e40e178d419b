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
