package controller

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

// dialBoard opens a board's websocket link with token and returns the
// handshake's status.
func dialBoard(t *testing.T, h *limitedHarness, token string) (int, *websocket.Conn) {
	t.Helper()
	hdr := http.Header{"Authorization": {"Bearer " + token}}
	conn, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(h.srv.URL, "http")+protocol.ConnectPath, hdr)
	if conn != nil {
		t.Cleanup(func() { conn.Close() })
		return http.StatusSwitchingProtocols, conn
	}
	if resp == nil {
		t.Fatalf("dial: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	return resp.StatusCode, nil
}

// TestUnauthenticatedPlayersAreGated fills the handshake gate with
// pairing requests whose bodies never come: other players' requests,
// a real board's included (its token is checked inside the gate), get
// 503 with Retry-After, /healthz still answers; once the gate empties a
// board connects, its link holds no place, and a bad token is refused
// before any upgrade.
func TestUnauthenticatedPlayersAreGated(t *testing.T) {
	const places = 2
	h := newLimitedHarness(t, Config{MaxHandshakes: places}, false, func(s *Server) { s.handshakes.Wait = 50 * time.Millisecond })
	var stuck []net.Conn
	for range places {
		stuck = append(stuck, slowBody(t, h.addr))
	}
	inGate := func() int { return len(h.s.handshakes.Slots) }
	waitFor(t, "the gate to fill", func() bool { return inGate() == places })

	t.Run("pairing refused while full", func(t *testing.T) {
		status, m, raw := h.do(t, "POST", protocol.PairPath, "cdb_"+strings.Repeat("p", 44), "application/json", `{"width":1920,"height":1080}`)
		if status != 503 || m["code"] != "busy" {
			t.Errorf("got %d %s, want 503 busy", status, raw)
		}
	})
	t.Run("board refused while full", func(t *testing.T) {
		if status, _ := dialBoard(t, h, h.board); status != 503 {
			t.Errorf("board's connect got %d, want 503", status)
		}
	})
	t.Run("healthz answers while full", func(t *testing.T) {
		getHealthz(t, &http.Client{Transport: &http.Transport{}}, h.srv.URL)
	})
	for _, c := range stuck {
		c.Close()
	}
	waitFor(t, "the gate to empty", func() bool { return inGate() == 0 })
	t.Run("board connects once free, link holds no place", func(t *testing.T) {
		if status, _ := dialBoard(t, h, h.board); status != http.StatusSwitchingProtocols {
			t.Fatalf("board's connect got %d, want 101", status)
		}
		waitFor(t, "the link to leave the gate", func() bool { return inGate() == 0 })
	})
	t.Run("bad token refused before upgrade", func(t *testing.T) {
		if status, _ := dialBoard(t, h, "cdb_"+strings.Repeat("z", 44)); status != http.StatusUnauthorized {
			t.Errorf("unknown board token got %d, want 401", status)
		}
	})
}
