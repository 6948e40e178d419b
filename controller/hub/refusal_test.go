package hub

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

func dial(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, _, err := conn.ReadMessage(); err != nil { // the first frame
		t.Fatal(err)
	}
	return conn
}

// The Observer's refusal reaches the board as an error frame; the link
// stays open unless the refusal closes it.
func TestObserverRefusalsAreAnswered(t *testing.T) {
	_, rec, url := startHub(t)
	conn := dial(t, url)
	rec.mu.Lock()
	rec.refuse = &Refusal{Code: "rate_limited", Message: "chậm lại"}
	rec.mu.Unlock()
	frames := []protocol.Message{
		protocol.NewStatus(&protocol.Status{Playlist: "default"}),
		protocol.NewError("refused", "x"),
		protocol.NewPlays(nil),
		protocol.NewAck(3), // the acks' fast path
	}
	for _, m := range frames {
		t.Run(m.Type, func(t *testing.T) {
			conn.WriteJSON(m)
			_, got, err := conn.ReadMessage()
			if err != nil || !strings.Contains(string(got), `"code":"rate_limited"`) {
				t.Fatalf("want a refusal, got %s, %v", got, err)
			}
		})
	}
	rec.mu.Lock()
	rec.refuse = &Refusal{Code: "rate_limited", Message: "đóng", Close: true}
	rec.mu.Unlock()
	conn.WriteJSON(protocol.NewStatus(&protocol.Status{Playlist: "default"}))
	if _, got, err := conn.ReadMessage(); err != nil || !strings.Contains(string(got), "rate_limited") {
		t.Fatalf("want a refusal, got %s, %v", got, err)
	}
	if _, _, err := conn.ReadMessage(); err == nil {
		t.Fatal("link open after a closing refusal")
	}
}

// A frame the hub refuses itself is reported to the Observer (which
// flags the board), and what of the board's text is sent back or logged
// is cut short.
func TestHubRefusalsAreReportedAndClipped(t *testing.T) {
	_, rec, url := startHub(t)
	conn := dial(t, url)
	conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"`+strings.Repeat("đ", 100_000)+`","v":2}`))
	_, got, err := conn.ReadMessage()
	if err != nil || !strings.Contains(string(got), "bad_message") {
		t.Fatalf("want a refusal, got %.200s, %v", got, err)
	}
	if n := utf8.RuneCount(got); n > 2*maxReported {
		t.Fatalf("refusal of %d characters echoes the board's text", n)
	}
	eventually(t, "observer told", func() bool {
		return rec.get(func() bool { return len(rec.refused) == 1 && rec.refused[0] == "bad_message" })
	})
	if rec.get(func() bool { return rec.addrs[7] != "127.0.0.1" }) {
		t.Fatalf("link address %q, want the peer's address without its port", rec.addrs[7])
	}
}

// A frame larger than any a player sends is not read at all.
func TestOversizedBoardFrameClosesTheLink(t *testing.T) {
	_, rec, url := startHub(t)
	conn := dial(t, url)
	conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"status","v":2,"status":{"title":"`+strings.Repeat("a", maxBoardFrame)+`"}}`))
	_, got, err := conn.ReadMessage()
	if err == nil {
		t.Fatalf("read %.100s after an oversized frame, want the link closed", got)
	}
	if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
		t.Fatalf("closed with %v, want 1009", err)
	}
	eventually(t, "board offline", func() bool { return rec.links() == 0 })
}

// A binary frame may carry a full-size screenshot (remote care, 2.6):
// one over the text frames' 2 MiB is read and handed on; one over the
// care frame's limit is not read at all.
func TestCareFrameMayExceedTheTextLimit(t *testing.T) {
	_, rec, url := startHub(t)
	conn := dial(t, url)
	png := make([]byte, 3<<20)
	fr, err := protocol.AppendBinary(nil, protocol.NewCare(&protocol.Care{ID: 1, Action: protocol.CareScreenshot}), png)
	if err != nil {
		t.Fatal(err)
	}
	conn.WriteMessage(websocket.BinaryMessage, fr)
	eventually(t, "care answer handed on", func() bool {
		return rec.get(func() bool { return slices.Contains(rec.errors, protocol.TypeCare) })
	})
	too := append(fr, make([]byte, protocol.MaxCareFrameBytes)...)
	conn.WriteMessage(websocket.BinaryMessage, too)
	// The test ends by itself even if the hub never closes.
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		if _, _, err = conn.ReadMessage(); err != nil {
			break
		}
	}
	if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
		t.Fatalf("closed with %v, want 1009", err)
	}
}
