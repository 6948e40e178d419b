package hub

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

type recorder struct {
	h       *Hub
	mu      sync.Mutex
	online  map[int64]uint64
	addrs   map[int64]string
	acks    map[int64]int64
	status  map[int64]string
	errors  []string
	refused []string
	// refuse, when set, is the recorder's answer to every frame.
	refuse *Refusal
}

func newRecorder() *recorder {
	return &recorder{online: map[int64]uint64{}, addrs: map[int64]string{}, acks: map[int64]int64{}, status: map[int64]string{}}
}

// Connected sends the first frame, as the fleet sends a manifest.
func (r *recorder) Connected(id int64, link uint64, addr, _ string) {
	r.mu.Lock()
	r.online[id], r.addrs[id] = link, addr
	r.mu.Unlock()
	first, _ := Encode(protocol.NewAck(0)) // any frame will do as the first
	r.h.SendAll([]Delivery{{id, first}})
}

func (r *recorder) Disconnected(id int64, link uint64) {
	r.mu.Lock()
	if r.online[id] == link {
		delete(r.online, id)
	}
	r.mu.Unlock()
}

func (r *recorder) answer() *Refusal {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.refuse
}

func (r *recorder) Ack(id int64, _ uint64, rev int64) *Refusal {
	r.mu.Lock()
	r.acks[id] = rev
	r.mu.Unlock()
	return r.answer()
}

func (r *recorder) Error(id int64, _ uint64, e *protocol.Error) *Refusal {
	r.mu.Lock()
	r.errors = append(r.errors, e.Code)
	r.mu.Unlock()
	return r.answer()
}

func (r *recorder) Tampered(id int64, _ uint64, t *protocol.Tampered) *Refusal {
	r.mu.Lock()
	r.errors = append(r.errors, protocol.TypeTampered)
	r.mu.Unlock()
	return r.answer()
}

func (r *recorder) CareAnswered(id int64, _ uint64, c *protocol.Care, raw []byte) *Refusal {
	r.mu.Lock()
	r.errors = append(r.errors, protocol.TypeCare)
	r.mu.Unlock()
	return r.answer()
}

func (r *recorder) Screenshot(id int64, _ uint64, s *protocol.Screenshot, png []byte) *Refusal {
	r.mu.Lock()
	r.errors = append(r.errors, protocol.TypeScreenshot)
	r.mu.Unlock()
	return r.answer()
}

func (r *recorder) Refused(id int64, _ uint64, ref Refusal) {
	r.mu.Lock()
	r.refused = append(r.refused, ref.Code)
	r.mu.Unlock()
}

func (r *recorder) Plays(id int64, _ uint64, p *protocol.Plays) *Refusal {
	if ref := r.answer(); ref != nil {
		return ref
	}
	var top int64
	for _, rec := range p.Records {
		top = max(top, rec.ID)
	}
	frame, _ := Encode(protocol.NewPlaysAck(top))
	r.h.SendAll([]Delivery{{id, frame}})
	return nil
}

func (r *recorder) Status(id int64, _ uint64, s *protocol.Status) *Refusal {
	r.mu.Lock()
	r.status[id] = s.Playlist
	r.mu.Unlock()
	return r.answer()
}

// links counts the boards the observer was told are connected.
func (r *recorder) links() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.online)
}

func (r *recorder) get(f func() bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return f()
}

func startHub(t *testing.T) (*Hub, *recorder, string) {
	t.Helper()
	rec := newRecorder()
	h := New(slog.New(slog.NewTextHandler(io.Discard, nil)), rec)
	rec.h = h
	ctx, cancel := context.WithCancel(context.Background())
	go h.Run(ctx)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Serve(w, r, 7)
	}))
	t.Cleanup(func() { srv.Close(); cancel(); h.Wait() })
	return h, rec, "ws" + strings.TrimPrefix(srv.URL, "http")
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("never happened: %s", what)
}

func TestHubRoutesFramesBothWays(t *testing.T) {
	h, rec, url := startHub(t)
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, _, err := conn.ReadMessage(); err != nil { // the first frame
		t.Fatal(err)
	}
	eventually(t, "link registered", func() bool { return rec.links() == 1 })
	// A frame in parts arrives as one message.
	h.SendAll([]Delivery{{7, Frame{[]byte(`{"type":"error","v":2,`), []byte(`"error":{"code":"x",`), []byte(`"message":"thử"}}`)}}})
	_, got, err := conn.ReadMessage()
	if err != nil || string(got) != `{"type":"error","v":2,"error":{"code":"x","message":"thử"}}` {
		t.Fatalf("read %s, %v", got, err)
	}
	conn.WriteJSON(protocol.NewPlays([]protocol.Play{{ID: 5, Playlist: "default", Seconds: 10}}))
	if _, got, err := conn.ReadMessage(); err != nil || !strings.Contains(string(got), `"up_to":5`) {
		t.Fatalf("plays not confirmed: %s, %v", got, err)
	}
	conn.WriteJSON(protocol.NewAck(42))
	conn.WriteJSON(protocol.NewStatus(&protocol.Status{Playlist: "default"}))
	eventually(t, "ack and status observed", func() bool {
		return rec.get(func() bool { return rec.acks[7] == 42 && rec.status[7] == "default" })
	})
}

func TestHubClosesLinkOnBadFrame(t *testing.T) {
	_, rec, url := startHub(t)
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.ReadMessage()
	conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"manifest","v":2,"manifest":{}}`))
	// The player is told why, then the link closes.
	_, got, err := conn.ReadMessage()
	if err != nil || !strings.Contains(string(got), "unexpected_message") {
		t.Fatalf("want a refusal, got %s, %v", got, err)
	}
	if _, _, err := conn.ReadMessage(); err == nil {
		t.Fatal("link still open after a refused frame")
	}
	eventually(t, "board offline", func() bool {
		return rec.links() == 0 && rec.get(func() bool { return len(rec.online) == 0 })
	})
}

func TestHubDropsSlowBoard(t *testing.T) {
	h, rec, url := startHub(t)
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	eventually(t, "link registered", func() bool { return rec.links() == 1 })
	// The board never reads: once the socket buffers and the send queue
	// fill up, the hub must drop it rather than wait.
	big, _ := Encode(protocol.NewError("x", strings.Repeat("đ", 200_000)))
	for i := 0; i < 400 && rec.links() == 1; i++ {
		h.SendAll([]Delivery{{7, big}})
	}
	eventually(t, "slow board dropped", func() bool { return rec.links() == 0 })
}

func TestNewestLinkWins(t *testing.T) {
	_, rec, url := startHub(t)
	old, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	eventually(t, "first link", func() bool { return rec.links() == 1 })
	fresh, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	old.ReadMessage() // first frame
	if _, _, err := old.ReadMessage(); err == nil {
		t.Fatal("old link still open after the board reconnected")
	}
	eventually(t, "board still online on its new link", func() bool {
		return rec.links() == 1 && rec.get(func() bool { return len(rec.online) == 1 })
	})
}

// A board of protocol 2.3 sends what a switch makes it owe (the
// acknowledgement, its new status, the play the switch ended) as one
// frame: each message is taken as if it came alone, and the plays are
// confirmed. A batch that breaks the rules is refused and ends the link.
func TestHubTakesABatchAsItsMessages(t *testing.T) {
	_, rec, url := startHub(t)
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, _, err := conn.ReadMessage(); err != nil { // the first frame
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	frame, err := protocol.AppendBatch(nil, protocol.NewAck(43), protocol.NewStatus(&protocol.Status{Revision: 43, Playlist: "congress"}),
		protocol.NewPlays([]protocol.Play{{ID: at.UnixNano(), Playlist: "default", Start: at, Seconds: 10}}))
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.WriteMessage(websocket.TextMessage, frame); err != nil {
		t.Fatal(err)
	}
	if _, got, err := conn.ReadMessage(); err != nil || !strings.Contains(string(got), fmt.Sprintf(`"up_to":%d`, at.UnixNano())) {
		t.Fatalf("plays of the batch not confirmed: %s, %v", got, err)
	}
	eventually(t, "ack and status of the batch observed", func() bool {
		return rec.get(func() bool { return rec.acks[7] == 43 && rec.status[7] == "congress" })
	})

	conn.WriteMessage(websocket.TextMessage, []byte(strings.Repeat(`{"type":"ack","v":2,"ack":{"revision":44}}`+"\n", protocol.MaxBatchMessages+1)))
	if _, got, err := conn.ReadMessage(); err != nil || !strings.Contains(string(got), "bad_message") {
		t.Fatalf("want a refusal of the oversized batch, got %s, %v", got, err)
	}
	if _, _, err := conn.ReadMessage(); err == nil {
		t.Fatal("link still open after a refused batch")
	}
	if rec.get(func() bool { return rec.acks[7] != 43 }) {
		t.Fatal("an ack of the refused batch was taken")
	}
}
