package player

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"codong/assets"
	"codong/player/display"
	"codong/protocol"
)

// syncBuffer is a log both the player's goroutines write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestSessionReportsTamperedManifest: a manifest that fails its
// signature is refused, and the board tells a controller of protocol 2.1
// so (a tampered report after its error), says so in Vietnamese in its
// own log, and, having nothing approved to play, shows a notice instead
// of nothing. The report goes again at the start of the next link, and
// is forgotten once a link delivers an honest manifest. A controller
// older than 2.1 is sent no tampered frame, which it would refuse.
func TestSessionReportsTamperedManifest(t *testing.T) {
	for _, tc := range []struct {
		name, level string
	}{{"controller of protocol 2.1", protocol.Level}, {"older controller", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			pub, priv := testKey(t)
			_, attacker := testKey(t)
			fc := newFakeController(t, priv)
			fc.level = tc.level
			var logs syncBuffer
			screen := frameDisplay{frames: make(chan display.Frame, 16)}
			p := testPlayer(t, fc.url(), pub, func(c *Config) {
				c.Logger, c.Display, c.Width, c.Height = slog.New(slog.NewTextHandler(&logs, nil)), screen, 64, 32
			})
			_, _, result := startSession(t.Context(), p)
			conn := fc.link()
			forged, err := protocol.Sign(testManifest(7, 3, fc.sum), attacker)
			if err != nil {
				t.Fatal(err)
			}
			forged.Key = protocol.EncodeKey(pub) // claims the pinned key
			if err := conn.WriteJSON(protocol.NewManifest(forged)); err != nil {
				t.Fatal(err)
			}
			expect(t, conn, protocol.TypeStatus)
			if e := expect(t, conn, protocol.TypeError); !strings.Contains(e.Error.Message, "chữ ký") {
				t.Fatalf("refused with %q", e.Error.Message)
			}
			if tc.level == "" {
				if _, data, err := conn.ReadMessage(); err == nil {
					t.Fatalf("an older controller was sent %s", data)
				}
				within(t, result, "end of the session")
				return
			}
			rep := expect(t, conn, protocol.TypeTampered).Tampered
			if rep.Count != 1 || !strings.Contains(rep.Reason, "chữ ký") || rep.Via != fc.url().String() || rep.Last.Before(rep.First) {
				t.Fatalf("report %+v", rep)
			}
			if err := within(t, result, "end of the session"); !isTampered(err) {
				t.Fatalf("session ended with %v", err)
			}
			if !strings.Contains(logs.String(), "Bản kê bị sửa trên đường truyền") {
				t.Fatalf("the board's log does not say it in Vietnamese:\n%s", logs.String())
			}
			want := noticeSum(t, 64, 32)
			if f := within(t, screen.frames, "the notice"); assets.Sum(f.PNG) != want {
				t.Fatal("the board with nothing approved does not show the notice")
			}

			// The next link carries the report again, then the honest
			// manifest clears it.
			_, _, result = startSession(t.Context(), p)
			conn = fc.link()
			expect(t, conn, protocol.TypeStatus)
			if again := expect(t, conn, protocol.TypeTampered).Tampered; *again != *rep {
				t.Fatalf("report on the next link %+v, want %+v", again, rep)
			}
			go func() { <-p.manifests }() // the engine's part
			fc.sendManifest(conn, testManifest(7, 3, fc.sum))
			until(t, conn, "the acknowledgement", isAck(3))
			// The session forgets the report just after acknowledging.
			for deadline := time.Now().Add(10 * time.Second); p.tamperReport() != nil; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("report kept after an honest manifest: %+v", p.tamperReport())
				}
			}
		})
	}
}

// noticeSum is the notice as the player draws it on a w×h board.
func noticeSum(t *testing.T, w, h int) string {
	t.Helper()
	r, err := assets.NewRenderer(assets.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(assets.Request{Text: noticeTampered, Size: assets.Size{W: w, H: h}, Style: "led"})
	if err != nil {
		t.Fatal(err)
	}
	return assets.Sum(out.PNG)
}
