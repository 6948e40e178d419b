package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/controller"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/protocol"
)

// lightBoard is a board's link reduced to the protocol: it acknowledges
// every manifest at once without downloading pictures, so the benchmark
// measures the controller's side of a fan-out, not a thousand players'
// disks on one machine.
func lightBoard(b testing.TB, wsURL, token string, acked *atomic.Int64, wg *sync.WaitGroup) *websocket.Conn {
	conn, _, err := websocket.DefaultDialer.Dial(wsURL, http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		b.Fatal(err)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			_, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			msg, err := protocol.Decode(data)
			if err != nil || msg.Type != protocol.TypeManifest {
				continue
			}
			var m struct {
				Revision int64 `json:"revision"`
			}
			if json.Unmarshal(msg.Manifest.Payload, &m) == nil {
				conn.WriteJSON(protocol.NewAck(m.Revision))
				acked.Add(1)
			}
		}
	}()
	return conn
}

// BenchmarkOverrideFanout measures the one-click switch on the
// controller's side: from POST /api/v1/override until every one of 1,000
// connected boards has acknowledged its new signed manifest. DESIGN.md
// aims at 10,000 boards in ≤ 1 s on one 2-core machine.
func BenchmarkOverrideFanout(b *testing.B) {
	const boards = 1000
	h := startController(b)
	st, err := controller.OpenStore(context.Background(), h.data, "")
	if err != nil {
		b.Fatal(err)
	}
	tokens := make([]string, boards)
	sizes := []string{"384x128", "192x64", "1920x1080"}
	for i := range tokens {
		w, hgt := 384, 128
		switch sizes[i%3] {
		case "192x64":
			w, hgt = 192, 64
		case "1920x1080":
			w, hgt = 1920, 1080
		}
		_, tokens[i], err = staff.AddBoard(context.Background(), st, cliActor, store.Board{Name: "Bảng " + itoa(int64(i)), Width: w, Height: hgt})
		if err != nil {
			b.Fatal(err)
		}
	}
	st.Close()
	wsURL := "ws" + strings.TrimPrefix(h.srv.URL, "http") + protocol.ConnectPath
	var acked atomic.Int64
	var wg sync.WaitGroup
	conns := make([]*websocket.Conn, boards)
	for i, tok := range tokens {
		conns[i] = lightBoard(b, wsURL, tok, &acked, &wg)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
		wg.Wait()
	}()
	waitAcked := func(n int64) {
		for deadline := time.Now().Add(120 * time.Second); acked.Load() < n; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				b.Fatalf("only %d of %d acknowledgements", acked.Load(), n)
			}
		}
	}
	waitAcked(boards)
	b.ResetTimer()
	for i := range b.N {
		before := acked.Load()
		if i%2 == 0 {
			h.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success"}, nil)
		} else {
			h.api("DELETE", "/api/v1/override", nil, nil)
		}
		waitAcked(before + boards)
	}
}
