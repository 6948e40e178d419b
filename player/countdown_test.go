package player

import (
	"image/color"
	"strings"
	"testing"
	"time"

	"codong/assets"
	"codong/player/display"
	"codong/playlists"
	"codong/protocol"
)

// frameDisplay passes on each frame's picture and whether it was black.
type frameDisplay struct{ frames chan display.Frame }

func (d frameDisplay) Show(f display.Frame) error {
	select {
	case d.frames <- f:
	default:
		panic("the test does not read the frames shown")
	}
	return nil
}

func (frameDisplay) Close() error { return nil }

// TestCountdownWithoutTodaysPictureGoesBlack: a board whose only item
// counts days, cut off past its last pre-rendered day with nothing else
// to play, goes black at that midnight rather than keep yesterday's
// number, and says why.
func TestCountdownWithoutTodaysPictureGoesBlack(t *testing.T) {
	pub, priv := testKey(t)
	fc := newFakeController(t, priv)
	today, after := fc.sum, fc.addPicture(color.RGBA{G: 255, A: 255})
	clock := newTestClock() // 2026-11-25 08:00 UTC: 15:00 in Vietnam
	screen := frameDisplay{frames: make(chan display.Frame, 16)}
	p := testPlayer(t, fc.url(), pub, func(c *Config) { c.Now, c.Display = clock.Now, screen })
	p.after = clock.After
	m := testManifest(7, 3, today)
	m.TimeZone = "Asia/Ho_Chi_Minh"
	m.Content.Playlists[0].Items[0].SloganID, m.Content.Playlists[0].Items[0].Countdown = 9, true
	// Longer than the day: only midnight can change the frame.
	m.Content.Playlists[0].Items[0].Seconds = 36000
	m.Countdowns = []playlists.Countdown{{Slogan: 9, Date: "2026-12-20", Text: "Còn {N} ngày", After: "Mừng Đại hội thành công!", AfterAsset: after,
		Days: []playlists.DatedAsset{{Date: "2026-11-25", Asset: today}}}}

	runUntilEnd(t, p)
	conn := fc.link()
	fc.sendManifest(conn, m)
	until(t, conn, "the acknowledgement", isAck(3))
	if f := within(t, screen.frames, "the first frame"); assets.Sum(f.PNG) != today || f.Off {
		t.Fatalf("first frame %.8s… off=%v, want today's picture", assets.Sum(f.PNG), f.Off)
	}
	st := until(t, conn, "today's status", func(m protocol.Message) bool { return m.Type == protocol.TypeStatus && m.Status.Asset == today }).Status
	if st.Title != "Còn 25 ngày" {
		t.Fatalf("status title %q, want today's text", st.Title)
	}

	// The engine's timer before the manifest came is due in an hour: let
	// it pass, so that the next step waits for the engine's own timer.
	clock.Advance(t, time.Hour)
	clock.Advance(t, 9*time.Hour) // past midnight in Vietnam: no picture for 2026-11-26
	if f := within(t, screen.frames, "the frame after midnight"); !f.Off {
		t.Fatal("after midnight the board still shows yesterday's number")
	}
	st = until(t, conn, "a status saying why", func(m protocol.Message) bool { return m.Type == protocol.TypeStatus && m.Status.Problem != "" }).Status
	if st.Asset != "" || !strings.Contains(st.Problem, "đếm ngược") {
		t.Fatalf("status %+v", st)
	}
}
