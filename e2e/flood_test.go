package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/controller"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// floodBoards is how many boards flood the controller with telemetry.
const floodBoards = 2000

// floodPace is how often each flooding board sends a status: 2,000
// boards at this pace send 40,000 reports a second, far more than a real
// fleet (a status per rotation, every 10 s or so) and more than this
// machine can take, which is the point.
const floodPace = 50 * time.Millisecond

// floodingBoard acknowledges every manifest and, while flooding, sends
// statuses with a thumbnail and play records as fast as the pace allows,
// one plays message in flight at a time, as the player does.
type floodingBoard struct {
	conn      *websocket.Conn
	wmu       sync.Mutex // guards conn and writes to it
	dial      func() (*websocket.Conn, error)
	id        int
	acked     atomic.Int64 // newest revision acknowledged
	playsAck  chan struct{}
	confirmed atomic.Int64 // play records confirmed by the controller
	asset     atomic.Value // string: item 1's picture, from the manifest
}

// send writes a message; a broken link is dialled again by read.
func (fb *floodingBoard) send(m protocol.Message) {
	fb.wmu.Lock()
	defer fb.wmu.Unlock()
	fb.conn.SetWriteDeadline(time.Now().Add(30 * time.Second))
	fb.conn.WriteJSON(m)
}

// read handles the controller's frames. A link the controller dropped
// (a board too slow to take its frames is dropped by design) is dialled
// again, as the player does, until done is closed.
func (fb *floodingBoard) read(done <-chan struct{}) {
	fb.wmu.Lock()
	conn := fb.conn
	fb.wmu.Unlock()
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
			if conn, err = fb.dial(); err != nil {
				continue
			}
			fb.wmu.Lock()
			fb.conn = conn
			fb.wmu.Unlock()
			continue
		}
		msg, err := protocol.Decode(data)
		if err != nil {
			continue
		}
		switch msg.Type {
		case protocol.TypeManifest:
			var env protocol.Envelope
			if json.Unmarshal(msg.Manifest.Payload, &env) == nil {
				fb.send(protocol.NewAck(env.Revision))
				fb.acked.Store(env.Revision)
			}
			// Plays name a picture the controller sent, as a player's do.
			var c playlists.Content
			if json.Unmarshal(msg.Manifest.Content, &c) == nil {
				for _, pl := range c.Playlists {
					for _, it := range pl.Items {
						if it.ID == 1 {
							fb.asset.Store(it.Asset)
						}
					}
				}
			}
		case protocol.TypePlaysAck:
			select {
			case fb.playsAck <- struct{}{}:
			default:
			}
		}
	}
}

// flood sends telemetry until stop is closed.
func (fb *floodingBoard) flood(stop <-chan struct{}, thumb []byte) {
	tick := time.NewTicker(floodPace)
	defer tick.Stop()
	// Records as a player writes them: each its own start (its ID), one
	// after another, of a picture the controller sent.
	// They start a little before the pictures were first sent (the
	// controller allows its clock tolerance), two seconds apart, so a
	// run's worth stays behind the controller's clock plus tolerance.
	next := time.Now().Add(-9 * time.Minute)
	var inFlight []protocol.Play
	for n := 0; ; n++ {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		st := &protocol.Status{Playlist: playlists.DefaultSlug, ItemID: int64(n % 3), Title: "Mừng Đảng, mừng Xuân", Since: time.Now()}
		if n%5 == 0 {
			st.Thumbnail = thumb
		}
		fb.send(protocol.NewStatus(st))
		select {
		case <-fb.playsAck:
			fb.confirmed.Add(int64(len(inFlight)))
			inFlight = nil
		default:
		}
		asset, _ := fb.asset.Load().(string)
		if inFlight == nil && asset != "" {
			for range 5 {
				start := next.UTC()
				inFlight = append(inFlight, protocol.Play{ID: start.UnixNano(), Playlist: playlists.DefaultSlug, ItemID: 1, Title: "Mừng Đảng, mừng Xuân", Asset: asset, Start: start, Seconds: playlists.MinItemSeconds})
				next = next.Add(playlists.MinItemSeconds * time.Second)
			}
			fb.send(protocol.NewPlays(inFlight))
		}
	}
}

type flood struct {
	h      *harness
	boards []*floodingBoard
	stop   chan struct{} // ends the telemetry
	done   chan struct{} // ends the links
	wg     sync.WaitGroup
}

// floodTokens starts a controller and registers floodBoards boards.
func floodTokens(tb testing.TB) (*harness, []string) {
	h := startController(tb)
	st, err := controller.OpenStore(context.Background(), h.data, "")
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	tokens := make([]string, floodBoards)
	for i := range tokens {
		group, err := st.EnsureGroup(context.Background(), cliActor, fmt.Sprintf("Thôn %d", i%20))
		if err != nil {
			tb.Fatal(err)
		}
		_, tokens[i], err = staff.AddBoard(context.Background(), st, cliActor, store.Board{Name: fmt.Sprintf("Bảng %d", i), Width: 384, Height: 128, Groups: []string{group}})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return h, tokens
}

// startFlood connects floodBoards boards in this process, waits until
// every one is up to date, and starts their telemetry.
func startFlood(tb testing.TB) *flood {
	h, tokens := floodTokens(tb)
	f, err := connectFlood("ws"+strings.TrimPrefix(h.srv.URL, "http")+protocol.ConnectPath, tokens)
	if err != nil {
		tb.Fatal(err)
	}
	f.h = h
	tb.Cleanup(f.close)
	f.waitUpToDate(tb)
	f.start()
	return f
}

// connectFlood connects one flooding board per token.
func connectFlood(wsURL string, tokens []string) (*flood, error) {
	f := &flood{stop: make(chan struct{}), done: make(chan struct{})}
	// Spread the boards over loopback source addresses, as a province's
	// boards come from many.
	for i, tok := range tokens {
		d := websocket.Dialer{NetDialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(1+i%4))}}).DialContext}
		dial := func() (*websocket.Conn, error) {
			conn, _, err := d.Dial(wsURL, http.Header{"Authorization": {"Bearer " + tok}})
			return conn, err
		}
		conn, err := dial()
		if err != nil {
			f.close()
			return nil, fmt.Errorf("board %d: %w", i, err)
		}
		fb := &floodingBoard{conn: conn, dial: dial, id: i, playsAck: make(chan struct{}, 1)}
		f.boards = append(f.boards, fb)
		f.wg.Add(1)
		go func() { defer f.wg.Done(); fb.read(f.done) }()
	}
	return f, nil
}

// start begins the boards' telemetry.
func (f *flood) start() {
	thumb := make([]byte, 6<<10) // a thumbnail-sized body
	for _, fb := range f.boards {
		f.wg.Add(1)
		go func() { defer f.wg.Done(); fb.flood(f.stop, thumb) }()
	}
}

// waitUpToDate waits until the dashboard shows every board up to date.
func (f *flood) waitUpToDate(tb testing.TB) {
	var s struct {
		Boards   int `json:"boards"`
		Online   int `json:"online"`
		UpToDate int `json:"up_to_date"`
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		f.h.api("GET", "/api/v1/fleet", nil, &s)
		if s.Boards == floodBoards && s.UpToDate == floodBoards {
			return
		}
		if time.Now().After(deadline) {
			var views []struct {
				ID       int64 `json:"id"`
				Online   bool  `json:"online"`
				Revision int64 `json:"revision"`
				Acked    int64 `json:"acked_revision"`
				UpToDate bool  `json:"up_to_date"`
			}
			f.h.api("GET", "/api/v1/boards", nil, &views)
			for _, v := range views {
				if !v.UpToDate {
					tb.Logf("behind: %+v", v)
				}
			}
			var audit []byte
			f.h.api("GET", "/api/v1/audit", nil, &audit)
			tb.Logf("audit: %.3000s", audit)
			tb.Fatalf("never every flooding board up to date: %+v", s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (f *flood) stopTelemetry() {
	select {
	case <-f.stop:
	default:
		close(f.stop)
	}
}

func (f *flood) close() {
	f.stopTelemetry()
	close(f.done)
	for _, fb := range f.boards {
		fb.wmu.Lock()
		fb.conn.Close()
		fb.wmu.Unlock()
	}
	f.wg.Wait()
}

// TestSwitchAnsweredDuringTelemetryFlood: boards flooding the controller
// with statuses, thumbnails and play records never make an operator's
// switch fail, every board still gets it, and every play the controller
// confirmed is in the database. The switch's speed under flood is
// measured by BenchmarkSwitchUnderTelemetryFlood.
//
// It alone is not run in parallel: its 2,000 links and their flood are
// meant to take all the machine has, which would starve the other
// tests' players and browsers past their deadlines, and theirs would
// slow the flood's boards past its own. Go runs it before the parallel
// tests start.
func TestSwitchAnsweredDuringTelemetryFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 boards: not in -short")
	}
	f := startFlood(t)
	time.Sleep(time.Second) // let the flood build up
	// The operator switches, switches back and switches again while the
	// boards flood: every request is answered 2xx.
	for i, step := range []struct{ method, path string }{
		{"POST", "/api/v1/override"}, {"DELETE", "/api/v1/override"}, {"POST", "/api/v1/override"},
	} {
		var body any
		if step.method == "POST" {
			body = map[string]any{"playlist": playlists.CongressSuccessSlug}
		}
		if resp := f.h.api(step.method, step.path, body, nil); resp.StatusCode/100 != 2 {
			t.Fatalf("step %d: %s %s answered %s", i, step.method, step.path, resp.Status)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// Once the flood ends, every board has the last switch (boards the
	// controller dropped as too slow have dialled again).
	f.stopTelemetry()
	f.waitUpToDate(t)
	time.Sleep(500 * time.Millisecond) // last confirmations in flight
	var confirmed int64
	for _, fb := range f.boards {
		confirmed += fb.confirmed.Load()
	}
	if confirmed == 0 {
		t.Fatal("no play was confirmed during the flood")
	}
	st, err := controller.OpenStore(context.Background(), f.h.data, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The boards' records start minutes back (see flood), however long
	// the run took.
	rep, err := st.Report(context.Background(), store.ReportFilter{From: time.Now().Add(-3 * time.Hour), To: time.Now().Add(3 * time.Hour), Scope: store.Everything})
	if err != nil {
		t.Fatal(err)
	}
	stored := int64(rep.Plays)
	if stored < confirmed {
		t.Fatalf("%d plays confirmed to boards, only %d in the database", confirmed, stored)
	}
	t.Logf("%d play records confirmed, %d stored", confirmed, stored)
}

// BenchmarkSwitchUnderTelemetryFlood measures the operator's switch
// request (POST or DELETE /api/v1/override, alternately) while 2,000
// boards flood the controller with telemetry: the time until the
// request is answered, per op. The target is well under 200 ms. The
// boards run in a process of their own, as a fleet runs on machines of
// its own: in the controller's process their goroutines would compete
// with the request for the scheduler, which no deployment does. They
// still share this machine's two cores with the controller.
func BenchmarkSwitchUnderTelemetryFlood(b *testing.B) {
	h, tokens := floodTokens(b)
	cfg, _ := json.Marshal(floodConfig{URL: "ws" + strings.TrimPrefix(h.srv.URL, "http") + protocol.ConnectPath, Tokens: tokens})
	path := filepath.Join(b.TempDir(), "flood.json")
	if err := os.WriteFile(path, cfg, 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), floodEnv+"="+path)
	stdin, _ := cmd.StdinPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	f := &flood{h: h}
	f.waitUpToDate(b)
	time.Sleep(time.Second) // let the flood build up
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			f.h.api("POST", "/api/v1/override", map[string]any{"playlist": playlists.CongressSuccessSlug}, nil)
		} else {
			f.h.api("DELETE", "/api/v1/override", nil, nil)
		}
		b.StopTimer()
		f.waitUpToDate(b)
		b.StartTimer()
	}
}

// floodEnv names the file that makes this test binary a flooding fleet
// (see TestMain) instead of running tests.
const floodEnv = "CODONG_E2E_FLOOD"

type floodConfig struct {
	URL    string   `json:"url"`
	Tokens []string `json:"tokens"`
}

// floodProcess is the fleet of BenchmarkSwitchUnderTelemetryFlood: it
// connects the boards and floods until its standard input closes (the
// benchmark ended) or floodLimit passes.
func floodProcess(path string) int {
	data, err := os.ReadFile(path)
	var cfg floodConfig
	if err == nil {
		err = json.Unmarshal(data, &cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "flood:", err)
		return 2
	}
	f, err := connectFlood(cfg.URL, cfg.Tokens)
	if err != nil {
		fmt.Fprintln(os.Stderr, "flood:", err)
		return 1
	}
	f.start()
	ended := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(ended) }()
	select {
	case <-ended:
	case <-time.After(floodLimit):
	}
	f.close()
	return 0
}

// floodLimit ends a flooding process whose benchmark never ended it.
const floodLimit = 10 * time.Minute
