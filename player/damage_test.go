package player

import (
	"errors"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/assets"
	"codong/player/display"
	"codong/playlists"
	"codong/protocol"
)

// testClock is the board's clock and the engine's timers, moved by the
// test instead of by time.
type testClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []testTimer
	// armed is told of every new timer.
	armed chan struct{}
}

type testTimer struct {
	at time.Time
	ch chan time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC), armed: make(chan struct{}, 1)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, testTimer{c.now.Add(d), ch})
	poke(c.armed)
	return ch
}

// Advance waits until someone waits for a timer due within d, so that
// the engine is not caught between reading the clock and setting its
// timer; then it moves the clock and fires the timers that are due.
func (c *testClock) Advance(t *testing.T, d time.Duration) {
	t.Helper()
	for !c.due(d) {
		within(t, c.armed, "a timer due within "+d.String())
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	pending := c.timers[:0]
	for _, tm := range c.timers {
		if tm.at.After(c.now) {
			pending = append(pending, tm)
		} else {
			tm.ch <- c.now
		}
	}
	c.timers = pending
}

func (c *testClock) due(d time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, tm := range c.timers {
		if !tm.at.After(c.now.Add(d)) {
			return true
		}
	}
	return false
}

// recordingDisplay passes on the sha256 of every frame it is given.
type recordingDisplay struct{ frames chan string }

func (d recordingDisplay) Show(f display.Frame) error {
	select {
	case d.frames <- assets.Sum(f.PNG):
	default:
		panic("the test does not read the frames shown")
	}
	return nil
}

func (recordingDisplay) Close() error { return nil }

// until reads the player's messages until one satisfies ok, failing the
// test if the link ends first.
func until(t *testing.T, conn *websocket.Conn, what string, ok func(protocol.Message) bool) protocol.Message {
	t.Helper()
	for {
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, data, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		msg, err := protocol.Decode(data)
		if err != nil {
			t.Fatalf("waiting for %s: %s: %v", what, data, err)
		}
		if ok(msg) {
			return msg
		}
	}
}

func isAck(rev int64) func(protocol.Message) bool {
	return func(m protocol.Message) bool { return m.Type == protocol.TypeAck && m.Ack.Revision == rev }
}

// TestDamagedPictureFetchedAgain: a picture damaged or deleted on disk
// while the player runs is never shown; the board keeps its last frame,
// says what is wrong, closes its link so that the controller no longer
// counts it up to date, fetches the picture again from the manifest the
// controller sends on the new link, shows it, and clears the problem.
func TestDamagedPictureFetchedAgain(t *testing.T) {
	tests := []struct {
		name   string
		damage func(path string) error
		why    string
	}{
		{"damaged in place", func(path string) error { return os.WriteFile(path, []byte("not the picture"), 0o644) }, "bị hỏng"},
		{"deleted", os.Remove, "bị mất"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pub, priv := testKey(t)
			fc := newFakeController(t, priv)
			sumA, sumB := fc.sum, fc.addPicture(color.RGBA{G: 255, A: 255})
			clock := newTestClock()
			screen := recordingDisplay{frames: make(chan string, 16)}
			p := testPlayer(t, fc.url(), pub, func(c *Config) { c.Now, c.Display = clock.Now, screen })
			p.after = clock.After
			m := testManifest(7, 3, sumA)
			m.Content.Playlists[0].Items = append(m.Content.Playlists[0].Items, playlists.Item{ID: 2, Title: "Chúc mừng năm mới", Seconds: 10, Asset: sumB})

			runUntilEnd(t, p)

			conn := fc.link()
			fc.sendManifest(conn, m)
			until(t, conn, "the acknowledgement", isAck(3))
			if got := within(t, screen.frames, "the first frame"); got != sumA {
				t.Fatalf("first frame %s, want %s", got, sumA)
			}

			path := filepath.Join(p.cfg.CacheDir, "assets", sumB)
			if err := tc.damage(path); err != nil {
				t.Fatal(err)
			}
			clock.Advance(t, 10*time.Second) // the second item's turn
			st := until(t, conn, "a status with the problem", func(m protocol.Message) bool {
				return m.Type == protocol.TypeStatus && m.Status.Problem != ""
			}).Status
			if !strings.Contains(st.Problem, "“Chúc mừng năm mới”") || !strings.Contains(st.Problem, tc.why) {
				t.Errorf("problem %q does not name the picture and %q", st.Problem, tc.why)
			}
			if st.Asset != sumA {
				t.Errorf("status says the board shows %s, but its last good frame is %s", st.Asset, sumA)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the damaged picture is still on disk: %v", err)
			}
			// The link ends without acknowledging anything else.
			for {
				conn.SetReadDeadline(time.Now().Add(10 * time.Second))
				_, data, err := conn.ReadMessage()
				if err != nil {
					if !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
						t.Fatalf("link ended with %v, want the player to close it", err)
					}
					break
				}
				if msg, _ := protocol.Decode(data); msg.Type == protocol.TypeAck {
					t.Fatalf("acknowledged %s with a picture missing", data)
				}
			}
			if n := fc.fetches.Load(); n != 2 {
				t.Errorf("%d downloads before the new link, want 2", n)
			}

			conn = fc.link()
			if first := expect(t, conn, protocol.TypeStatus); first.Status.Problem == "" {
				t.Error("the new link starts with a status that hides the problem")
			}
			fc.sendManifest(conn, m)
			until(t, conn, "the acknowledgement after the repair", isAck(3))
			st = until(t, conn, "a status without the problem", func(m protocol.Message) bool {
				return m.Type == protocol.TypeStatus && m.Status.Problem == ""
			}).Status
			if st.Asset != sumB {
				t.Errorf("repaired status shows %s, want %s", st.Asset, sumB)
			}
			if got := within(t, screen.frames, "the repaired frame"); got != sumB {
				t.Fatalf("frame after the repair %s, want %s", got, sumB)
			}
			if n := fc.fetches.Load(); n != 3 {
				t.Errorf("%d downloads, want 3: both pictures, then the damaged one again", n)
			}
			if _, err := p.cache.assets.Get(sumB); err != nil {
				t.Errorf("the picture is not back in the cache: %v", err)
			}
		})
	}
}
