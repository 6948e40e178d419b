package fleet

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/assets"
	"codong/controller/hub"
	"codong/playlists"
	"codong/protocol"
)

// FuzzBoardFrame sends any frame a board could send down a real link:
// the hub's read pump, decoding, and the fleet's checks, as in
// production. Whatever the frame, nothing panics, the link is either
// kept or closed with a reason, the dashboard never counts a revision
// the board was not sent, and every play stored is of a picture sent to
// the board's size, with the controller's text.
func FuzzBoardFrame(f *testing.F) {
	now := time.Now().UTC()
	start := now.Add(-time.Hour)
	real := protocol.Play{ID: start.UnixNano(), Playlist: playlists.DefaultSlug, ItemID: 1, Title: "Mừng Đảng", Asset: assetOf("Mừng Đảng, mừng Xuân", 384, 128), Start: start, Seconds: 10}
	forged := real
	forged.ItemID, forged.Title = 99, "=cmd|' /C calc'!A0"
	for _, m := range []protocol.Message{
		protocol.NewStatus(&protocol.Status{Revision: 100, Playlist: playlists.DefaultSlug, ItemID: 1, Title: "Mừng Đảng", Asset: real.Asset, Since: now, Thumbnail: []byte("\x89PNG")}),
		protocol.NewAck(100),
		protocol.NewAck(1 << 40),
		protocol.NewPlays([]protocol.Play{real}),
		protocol.NewPlays([]protocol.Play{real, forged}),
		protocol.NewError("refused", "bản kê sai chữ ký"),
		protocol.NewPlaysAck(5),
	} {
		data, _ := json.Marshal(m)
		f.Add(data)
	}
	for _, shot := range []protocol.Message{protocol.NewScreenshot(&protocol.Screenshot{ID: 1}), protocol.NewAck(3)} {
		data, _ := protocol.AppendBinary(nil, shot, []byte("\x89PNG"))
		f.Add(data)
	}
	shows, _ := json.Marshal(protocol.NewStatus(&protocol.Status{Playlist: playlists.DefaultSlug, Asset: real.Asset, DisplayProblem: "Trang hiển thị chưa mở", Shows: &protocol.Shows{Page: 1}}))
	f.Add(shows)
	f.Add([]byte(`{"type":"manifest","v":2,"manifest":{}}`))
	f.Add([]byte(`{"type":"status","v":1}`))
	f.Add([]byte("not json"))

	clk := &clock{t: now}
	st := fourBoards()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	fl := New(Config{Store: st, Renderer: &fakeRenderer{calls: map[string]int{}}, Key: priv, Log: log, Now: clk.now, FlushEvery: time.Millisecond})
	h := hub.New(log, fl)
	fl.Attach(h)
	ctx, cancel := context.WithCancel(context.Background())
	fleetDone := make(chan struct{})
	go func() { fl.Run(ctx); close(fleetDone) }()
	go h.Run(ctx)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.Serve(w, r, 1) }))
	f.Cleanup(func() { srv.Close(); cancel(); h.Wait(); <-fleetDone })
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	round := 0
	// One link serves every frame until a frame closes it: a new
	// connection per frame would run the machine out of ports.
	var conn *websocket.Conn
	closed := make(chan struct{})
	close(closed)
	f.Cleanup(func() {
		if conn != nil {
			conn.Close()
		}
	})

	f.Fuzz(func(t *testing.T, frame []byte) {
		round++
		clk.add(time.Hour) // every rate and quota refilled: each frame judged alone
		select {
		case <-closed:
			c, _, err := websocket.DefaultDialer.Dial(url, nil)
			if err != nil {
				t.Fatal(err)
			}
			conn, closed = c, make(chan struct{})
			go func(c *websocket.Conn, closed chan struct{}) {
				defer close(closed)
				defer c.Close()
				for {
					if _, _, err := c.ReadMessage(); err != nil {
						return
					}
				}
			}(c, closed)
		default:
		}
		// The frame, then a status the fleet will show once the frame
		// before it is handled (a board's frames are handled in order).
		sentinel := fmt.Sprintf("sentinel-%d", round)
		kind := websocket.TextMessage
		if bytes.HasPrefix(frame, []byte("CDB1")) {
			kind = websocket.BinaryMessage // protocol 2.2's screenshot
		}
		conn.WriteMessage(kind, frame)
		conn.WriteJSON(protocol.NewStatus(&protocol.Status{Playlist: playlists.DefaultSlug, Version: sentinel}))
		deadline := time.After(10 * time.Second)
		for done := false; !done; {
			select {
			case <-closed:
				done = true
			case <-deadline:
				t.Fatal("frame never handled and link never closed")
			case <-time.After(time.Millisecond):
				if st := fl.View(1).Status; st != nil && st.Version == sentinel {
					done = true
				}
			}
		}
		if v := fl.View(1); v.Acked > v.Sent {
			t.Fatalf("acknowledged %d, sent %d", v.Acked, v.Sent)
		}
		st.mu.Lock()
		var stored []protocol.Play
		for _, b := range st.saved {
			for _, p := range b.Plays {
				stored = append(stored, p.Records...)
			}
		}
		st.mu.Unlock()
		fl.mu.Lock()
		defer fl.mu.Unlock()
		for _, p := range stored {
			it, ok := fl.sent[sentKey{p.ItemID, p.Asset, assets.Size{W: 384, H: 128}}]
			if !ok || p.Title != it.Title || p.Playlist != it.Playlist {
				t.Fatalf("stored a play the controller never sent, or with the board's text: %+v", p)
			}
		}
	})
}
