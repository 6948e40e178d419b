package hub

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// BenchmarkSocketFloor is the least a switch can cost the controller per
// board: one websocket write of a manifest's size and one read of an
// acknowledgement, over loopback, round-robin over 1,000 open links, with
// no decoding, no lock and no bookkeeping. cpu-µs/op counts only the
// thread that writes and reads (locked to it), which on loopback also
// pays the kernel's delivery of each segment; the simulated boards run
// on other threads. The harness's figures per board are compared with
// it in docs/performance.md.
func BenchmarkSocketFloor(b *testing.B) {
	const links = 1000
	manifest := bytes.Repeat([]byte("x"), 1800) // a manifest frame's usual size
	ack := []byte(`{"type":"ack","ack":{"revision":1764102430483109}}`)
	conns := make(chan *websocket.Conn, links)
	up := websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 8192}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		conns <- c
	}))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	var boards []*websocket.Conn
	defer func() {
		for _, c := range boards {
			c.Close()
		}
	}()
	for range links {
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			b.Fatal(err)
		}
		boards = append(boards, c)
		// Each board answers every frame with an acknowledgement.
		go func() {
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
				if err := c.WriteMessage(websocket.TextMessage, ack); err != nil {
					return
				}
			}
		}()
	}
	server := make([]*websocket.Conn, links)
	for i := range server {
		server[i] = <-conns
		defer server[i].Close()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	cpu0 := threadCPU(b)
	for i := range b.N {
		c := server[i%links]
		c.SetWriteDeadline(time.Now().Add(10 * time.Second))
		if err := c.WriteMessage(websocket.TextMessage, manifest); err != nil {
			b.Fatal(err)
		}
		if _, _, err := c.ReadMessage(); err != nil {
			b.Fatal(err)
		}
	}
	cpu := threadCPU(b) - cpu0
	b.StopTimer()
	b.ReportMetric(float64(cpu.Nanoseconds())/1e3/float64(b.N), "cpu-µs/op")
}

// threadCPU is the CPU the calling OS thread has used, user and system.
func threadCPU(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
