package controller

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/controller/netguard"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/controller/wall"
	"codong/protocol"
)

// limitedHarness is a controller served as Run serves it (httpServer:
// the connection caps and the server's timeouts) on a real loopback
// listener, with an API token and a board.
type limitedHarness struct {
	*apiHarness
	lim  *netguard.ConnLimiter
	addr string // host:port
}

// newLimitedHarness serves a controller configured by cfg (its data
// folder, password and logging filled in), over TLS when useTLS; setup
// may adjust the server before it starts.
func newLimitedHarness(t *testing.T, cfg Config, useTLS bool, setup ...func(*Server)) *limitedHarness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cfg.Database = testDatabase(t)
	cfg.DataDir = dataDir(t, cfg.Database)
	cfg.AdminPassword = "mật khẩu thử nghiệm đủ dài"
	cfg.PasswordIterations = 1000
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg.Announce = func(string) {}
	s, err := New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range setup {
		f(s)
	}
	s.Start(ctx)
	ts := httptest.NewUnstartedServer(nil)
	hs, lim := s.httpServer(ts.Listener)
	ts.Config, ts.Listener = hs, lim
	if useTLS {
		ts.StartTLS()
	} else {
		ts.Start()
	}
	t.Cleanup(func() { cancel(); ts.Close(); s.Close() })
	return &limitedHarness{
		apiHarness: harnessOn(t, s, ts),
		lim:        lim.(*netguard.ConnLimiter),
		addr:       ts.Listener.Addr().String(),
	}
}

// waitFor polls cond until it holds. The bound only keeps a broken
// server from hanging the test; nothing here is a matter of speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	giveUp := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(giveUp) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// closedByServer reports, for each connection, whether the server has
// closed it, reading them all at once until a shared deadline: a closed
// one answers at once, an open one times out.
func closedByServer(conns []net.Conn) []bool {
	closed := make([]bool, len(conns))
	deadline := time.Now().Add(time.Second)
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Go(func() {
			c.SetReadDeadline(deadline)
			_, err := io.ReadAll(c)
			closed[i] = !errors.Is(err, os.ErrDeadlineExceeded)
		})
	}
	wg.Wait()
	return closed
}

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func dialAll(t *testing.T, addr string, n int) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, n)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		conns[i] = c
	}
	return conns
}

func getHealthz(t *testing.T, client *http.Client, base string) {
	t.Helper()
	resp, err := client.Get(base + "/healthz")
	if err != nil {
		t.Fatalf("/healthz: %v", err)
	}
	if body := readAll(resp); resp.StatusCode != 200 || body != "ok" {
		t.Fatalf("/healthz: %d %q", resp.StatusCode, body)
	}
}

// TestIdleFloodKeepsHealthzAnswering opens more idle connections than the
// cap allows: the excess is closed, longest idle first, and /healthz
// still answers.
func TestIdleFloodKeepsHealthzAnswering(t *testing.T) {
	const maxConns, flood = 50, 80
	h := newLimitedHarness(t, Config{MaxConns: maxConns, MaxConnsPerAddress: 1000}, false)
	conns := dialAll(t, h.addr, flood)
	getHealthz(t, &http.Client{Transport: &http.Transport{}}, h.srv.URL)
	closed := closedByServer(conns)
	// Every newcomer past the cap, /healthz's included, displaced one.
	if n := count(closed); n != flood+1-maxConns {
		t.Errorf("%d of %d idle connections closed, want %d", n, flood, flood+1-maxConns)
	}
	if !closed[0] || closed[flood-1] {
		t.Errorf("the oldest idle connections should go first: first closed %v, last closed %v", closed[0], closed[flood-1])
	}
	if all, _ := h.lim.Counts("127.0.0.1"); all > maxConns {
		t.Errorf("%d connections open, cap %d", all, maxConns)
	}
}

// slowBody starts a request whose body never comes: the connection is
// busy being served, not idle.
func slowBody(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	io.WriteString(c, "POST /api/v1/pair HTTP/1.1\r\nHost: codong\r\nAuthorization: Bearer cdb_"+strings.Repeat("x", 44)+
		"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	return c
}

func TestConnectionsPerAddress(t *testing.T) {
	const perAddress = 3
	t.Run("idle connections of a full address make room", func(t *testing.T) {
		h := newLimitedHarness(t, Config{MaxConnsPerAddress: perAddress}, false)
		conns := dialAll(t, h.addr, perAddress)
		getHealthz(t, &http.Client{Transport: &http.Transport{}}, h.srv.URL)
		closed := closedByServer(conns)
		if count(closed) != 1 || !closed[0] {
			t.Errorf("closed %v, want only the oldest", closed)
		}
	})
	t.Run("a busy address is refused, others are served", func(t *testing.T) {
		h := newLimitedHarness(t, Config{MaxConnsPerAddress: perAddress}, false)
		for range perAddress {
			slowBody(t, h.addr)
		}
		waitFor(t, "three requests in progress", func() bool { return h.lim.Busy("127.0.0.1") == perAddress })
		extra := dialAll(t, h.addr, 1)
		io.WriteString(extra[0], "GET /healthz HTTP/1.1\r\nHost: codong\r\n\r\n")
		if closed := closedByServer(extra); !closed[0] {
			t.Error("a connection past the address's cap was kept open")
		}
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
		other := &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
		if c, err := d.Dial("tcp", h.addr); err != nil {
			t.Skipf("no second loopback address here: %v", err)
		} else {
			c.Close()
		}
		getHealthz(t, other, h.srv.URL)
	})
}

// TestBoardLinksDoNotCrowdTheirAddress: many boards behind one carrier
// address keep their links, and an officer behind the same address still
// reaches the console.
func TestBoardLinksDoNotCrowdTheirAddress(t *testing.T) {
	const perAddress, boards = 3, 6
	h := newLimitedHarness(t, Config{MaxConnsPerAddress: perAddress}, false)
	wsURL := "ws" + strings.TrimPrefix(h.srv.URL, "http") + protocol.ConnectPath
	for i := range boards {
		_, token, err := staff.AddBoard(context.Background(), h.s.store, testActor, store.Board{Name: fmt.Sprintf("Bảng thôn %d", i+1), Width: 384, Height: 128})
		if err != nil {
			t.Fatal(err)
		}
		conn, _, err := websocket.DefaultDialer.Dial(wsURL, http.Header{"Authorization": {"Bearer " + token}})
		if err != nil {
			t.Fatalf("board %d of %d behind one address: %v", i+1, boards, err)
		}
		defer conn.Close()
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, _, err := conn.ReadMessage(); err != nil {
			t.Fatalf("board %d got no manifest: %v", i+1, err)
		}
	}
	// A download on a kept-alive connection proves the board too; the
	// connection then idles outside its address's count.
	client := &http.Client{Transport: &http.Transport{}}
	for range 2 {
		req, _ := http.NewRequest("GET", h.srv.URL+protocol.AssetPath+strings.Repeat("a", 64), nil)
		req.Header.Set("Authorization", "Bearer "+h.board)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	all, fromAddr := h.lim.Counts("127.0.0.1")
	if all < boards+1 || fromAddr > 0 {
		t.Errorf("with %d board links open: %d counted in all, %d against the address", boards, all, fromAddr)
	}
	getHealthz(t, &http.Client{Transport: &http.Transport{}}, h.srv.URL)
	if status, _, raw := h.do(t, "GET", "/api/v1/boards", h.token, "", ""); status != http.StatusOK {
		t.Fatalf("the console behind the boards' address: %d %s", status, raw)
	}
}

// TestBoardReconnectingInALoopIsRefused: a copied board token
// reconnecting as fast as it can gets 429 past the link rate, with the
// board flagged, instead of a link, a manifest and a log line each time.
func TestBoardReconnectingInALoopIsRefused(t *testing.T) {
	h := newLimitedHarness(t, Config{}, false)
	wsURL := "ws" + strings.TrimPrefix(h.srv.URL, "http") + protocol.ConnectPath
	refused := 0
	for range 30 {
		conn, resp, err := websocket.DefaultDialer.Dial(wsURL, http.Header{"Authorization": {"Bearer " + h.board}})
		if err == nil {
			conn.Close()
			continue
		}
		if resp == nil || resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("refusal: %v %+v", err, resp)
		}
		refused++
	}
	if refused < 15 {
		t.Fatalf("%d of 30 links in a row refused, want all past the burst", refused)
	}
	var views []wall.Board
	_, _, raw := h.do(t, "GET", "/api/v1/boards", h.token, "", "")
	if err := json.Unmarshal(raw, &views); err != nil || len(views) != 1 || views[0].Flag == nil {
		t.Fatalf("the board is not flagged: %s", raw)
	}
}
