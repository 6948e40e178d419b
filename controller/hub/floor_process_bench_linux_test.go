package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

// The harness measures the whole controller process (utime+stime of
// /proc/PID/stat): the netpoller's wake-ups, the scheduler, sysmon and
// the GC on every thread, with the simulated boards in another process.
// BenchmarkSocketFloor counts one locked thread only, so the two did not
// compare like with like. BenchmarkSocketFloorProcess measures a floor
// the same way the harness measures: the boards run in a child process
// (this test binary re-executed as TestFloorBoardsChild), and the
// benchmark reports this process's own CPU (getrusage RUSAGE_SELF, which
// leaves children out) per board.
//
//   - idiomatic: a steady stream; one read goroutine per link, a few
//     writer goroutines each writing a manifest-sized frame to its next
//     link once that link's last frame was acknowledged. One op is one
//     board.
//   - fanout: the shape of a switch with no hub; a few goroutines write
//     the frame to all links, the read goroutines count the acks; one op
//     is one fan-out to every link.
//   - hub: the same fan-out through the real Hub (SendAll, its writers,
//     its read pumps and the acks' fast path) with an Observer that only
//     counts; one op is one fan-out.
//
// When this process is pinned to one CPU (taskset -c 0), the child pins
// its threads to the next CPU (sched_setaffinity), as the harness runs
// the controller on core 0 and the boards on core 1.
func BenchmarkSocketFloorProcess(b *testing.B) {
	if testing.Short() {
		b.Skip("starts a child process with thousands of links")
	}
	b.Run("idiomatic", func(b *testing.B) {
		for _, n := range []int{1000} {
			env := startRawFloor(b, n)
			b.Run(fmt.Sprintf("links=%d", n), env.idiomatic)
			env.close()
		}
	})
	b.Run("fanout", func(b *testing.B) {
		for _, n := range []int{1000, 10000} {
			env := startRawFloor(b, n)
			b.Run(fmt.Sprintf("links=%d", n), env.fanout)
			env.close()
		}
	})
	b.Run("hub", func(b *testing.B) {
		for _, n := range []int{1000, 10000} {
			env := startHubFloor(b, n)
			b.Run(fmt.Sprintf("links=%d", n), env.fanout)
			env.close()
		}
	})
}

// floorEnv names the child's variables: the address to dial, how many
// links, and the CPU to pin the child to (empty: not pinned).
const (
	floorURLEnv   = "CODONG_FLOOR_URL"
	floorLinksEnv = "CODONG_FLOOR_LINKS"
	floorCPUEnv   = "CODONG_FLOOR_CPU"
	// floorWriters is how many goroutines write in the raw variants: a
	// few, as a program would, not one per link.
	floorWriters = 4
)

// floorManifest is a manifest frame's usual size; floorAck is an
// acknowledgement exactly as a player of 2.4 sends one (the hub takes it
// on the read pump's fast path).
var (
	floorManifest = bytes.Repeat([]byte("x"), 1800)
	floorAck, _   = json.Marshal(protocol.NewAck(1764102430483109))
)

// rawFloor is the server side of the raw variants: n upgraded links,
// each with a read goroutine counting acknowledgements.
type rawFloor struct {
	srv    *httptest.Server
	kid    *child
	conns  []*websocket.Conn
	credit []chan struct{} // idiomatic: a link's last frame was acknowledged
	acks   atomic.Int64
	target atomic.Int64
	all    chan struct{} // fanout: the acks reached target
}

func startRawFloor(b *testing.B, n int) *rawFloor {
	if err := raiseFileLimit(n + 256); err != nil {
		b.Skip(err)
	}
	f := &rawFloor{all: make(chan struct{}, 1)}
	accepted := make(chan *websocket.Conn, n)
	up := websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 8192}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := up.Upgrade(w, r, nil); err == nil {
			accepted <- c
		}
	}))
	f.kid = startChild(b, "ws"+strings.TrimPrefix(f.srv.URL, "http"), n)
	timeout := time.After(2 * time.Minute)
	for len(f.conns) < n {
		select {
		case c := <-accepted:
			f.conns = append(f.conns, c)
		case err := <-f.kid.exit:
			f.srv.Close()
			b.Skipf("the boards' process ended: %v", err)
		case <-timeout:
			f.close()
			b.Skipf("only %d of %d boards connected", len(f.conns), n)
		}
	}
	for _, c := range f.conns {
		credit := make(chan struct{}, 1)
		f.credit = append(f.credit, credit)
		go func() {
			for {
				if _, _, err := c.NextReader(); err != nil {
					return
				}
				credit <- struct{}{}
				if f.acks.Add(1) == f.target.Load() {
					f.all <- struct{}{}
				}
			}
		}()
	}
	return f
}

func (f *rawFloor) close() {
	for _, c := range f.conns {
		c.Close()
	}
	f.kid.stop()
	f.srv.Close()
}

// idiomatic: b.N boards in a steady stream, each a write and a read.
func (f *rawFloor) idiomatic(b *testing.B) {
	f.target.Store(-1)
	per := (b.N + floorWriters - 1) / floorWriters
	b.ResetTimer()
	start := processCPU(b)
	var wg sync.WaitGroup
	for w := range floorWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Writer w owns links w, w+floorWriters, …: never two writers
			// on one link.
			own := (len(f.conns) - w + floorWriters - 1) / floorWriters
			for i := range per {
				k := w + (i%own)*floorWriters
				if i >= own {
					<-f.credit[k]
				}
				if !f.write(b, k) {
					return
				}
			}
			for i := range min(per, own) {
				<-f.credit[w+i*floorWriters]
			}
		}()
	}
	wg.Wait()
	reportCPU(b, processCPU(b).sub(start), floorWriters*per, 0)
}

// fanout: b.N times, the frame to every link, then every ack.
func (f *rawFloor) fanout(b *testing.B) {
	n := len(f.conns)
	f.acks.Store(0)
	b.ResetTimer()
	start := processCPU(b)
	for i := range b.N {
		f.target.Store(int64(i+1) * int64(n))
		var wg sync.WaitGroup
		for w := range floorWriters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := w; k < n; k += floorWriters {
					f.write(b, k)
				}
			}()
		}
		wg.Wait()
		waitAll(b, f.all)
		for _, c := range f.credit {
			<-c
		}
	}
	reportCPU(b, processCPU(b).sub(start), b.N*n, b.N)
}

func (f *rawFloor) write(b *testing.B, k int) bool {
	c := f.conns[k]
	c.SetWriteDeadline(time.Now().Add(writeWait))
	if err := c.WriteMessage(websocket.TextMessage, floorManifest); err != nil {
		b.Error(err)
		return false
	}
	return true
}

// hubFloor is the real Hub with n boards.
type hubFloor struct {
	h      *Hub
	obs    *floorObserver
	srv    *httptest.Server
	kid    *child
	cancel context.CancelFunc
	ds     []Delivery
}

// floorObserver counts links and acknowledgements, nothing more.
type floorObserver struct {
	links  atomic.Int64
	acks   atomic.Int64
	target atomic.Int64
	all    chan struct{}
}

func (o *floorObserver) Connected(int64, uint64, string, string)             { o.links.Add(1) }
func (o *floorObserver) Status(int64, uint64, *protocol.Status) *Refusal     { return nil }
func (o *floorObserver) Plays(int64, uint64, *protocol.Plays) *Refusal       { return nil }
func (o *floorObserver) Error(int64, uint64, *protocol.Error) *Refusal       { return nil }
func (o *floorObserver) Tampered(int64, uint64, *protocol.Tampered) *Refusal { return nil }
func (o *floorObserver) Refused(int64, uint64, Refusal)                      {}
func (o *floorObserver) Disconnected(int64, uint64)                          { o.links.Add(-1) }
func (o *floorObserver) Screenshot(int64, uint64, *protocol.Screenshot, []byte) *Refusal {
	return nil
}

func (o *floorObserver) CareAnswered(int64, uint64, *protocol.Care, []byte) *Refusal { return nil }

func (o *floorObserver) Ack(int64, uint64, int64) *Refusal {
	if o.acks.Add(1) == o.target.Load() {
		o.all <- struct{}{}
	}
	return nil
}

func startHubFloor(b *testing.B, n int) *hubFloor {
	if err := raiseFileLimit(n + 256); err != nil {
		b.Skip(err)
	}
	f := &hubFloor{obs: &floorObserver{all: make(chan struct{}, 1)}}
	f.h = New(slog.New(slog.NewTextHandler(io.Discard, nil)), f.obs)
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	go f.h.Run(ctx)
	var ids atomic.Int64
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.h.Serve(w, r, ids.Add(1))
	}))
	f.kid = startChild(b, "ws"+strings.TrimPrefix(f.srv.URL, "http"), n)
	for deadline := time.Now().Add(2 * time.Minute); f.obs.links.Load() < int64(n); time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-f.kid.exit:
			f.srv.Close()
			cancel()
			b.Skipf("the boards' process ended: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			f.close()
			b.Skipf("only %d of %d boards connected", f.obs.links.Load(), n)
		}
	}
	frame := Frame{floorManifest}
	for id := range int64(n) {
		f.ds = append(f.ds, Delivery{BoardID: id + 1, Frame: frame})
	}
	return f
}

func (f *hubFloor) close() {
	f.kid.stop()
	f.srv.Close()
	f.cancel()
	f.h.Wait()
}

func (f *hubFloor) fanout(b *testing.B) {
	n := len(f.ds)
	f.obs.acks.Store(0)
	b.ResetTimer()
	start := processCPU(b)
	for i := range b.N {
		f.obs.target.Store(int64(i+1) * int64(n))
		f.h.SendAll(f.ds)
		waitAll(b, f.obs.all)
	}
	reportCPU(b, processCPU(b).sub(start), b.N*n, b.N)
}

// waitAll waits for a fan-out's last acknowledgement; a board that
// never answers ends the benchmark instead of hanging it.
func waitAll(b *testing.B, all <-chan struct{}) {
	select {
	case <-all:
	case <-time.After(time.Minute):
		b.Fatal("a fan-out's acknowledgements did not all arrive within a minute")
	}
}

// cpuTimes is a process's CPU, user and system.
type cpuTimes struct{ user, sys time.Duration }

func (c cpuTimes) sub(d cpuTimes) cpuTimes { return cpuTimes{c.user - d.user, c.sys - d.sys} }

// processCPU is this process's CPU on every thread, not its children's.
func processCPU(tb testing.TB) cpuTimes {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return cpuTimes{time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())}
}

// reportCPU reports the process's CPU per board, and the wall time per
// fan-out when there were fan-outs.
func reportCPU(b *testing.B, cpu cpuTimes, boards, fanouts int) {
	elapsed := b.Elapsed()
	b.StopTimer()
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 / float64(boards) }
	b.ReportMetric(per(cpu.user+cpu.sys), "cpu-µs/board")
	b.ReportMetric(per(cpu.user), "user-µs/board")
	b.ReportMetric(per(cpu.sys), "sys-µs/board")
	if fanouts > 0 {
		b.ReportMetric(float64(elapsed.Microseconds())/1e3/float64(fanouts), "ms/fanout")
	}
}
