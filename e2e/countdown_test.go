package e2e

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"codong/controller"
	"codong/player"
	"codong/playlists"
)

// TestCountdownTurnsAtMidnightOffline: a countdown approved on the
// controller shows today's number on a board; with the controller gone,
// the board (restarted from its disk, its clock set just before its
// midnight) shows one day less when midnight passes; past the last
// pre-rendered day it shows no number at all (its default playlist
// instead), and the message of the day once the day comes: nothing after
// the last manifest tells it. Plays of the day's picture are reported
// under the day's text.
func TestCountdownTurnsAtMidnightOffline(t *testing.T) {
	t.Parallel()
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh") // the controller's default zone
	if err != nil {
		t.Fatal(err)
	}
	// The controller and the board online share a stepped clock, at
	// noon: the controller cuts its manifest on the day the test counts
	// from, and the board's turn ends when the test steps it.
	y, mo, d := time.Now().In(hcm).Date()
	online := &steppedClock{now: time.Date(y, mo, d, 12, 0, 0, 0, hcm)}
	h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) { c.Now = online.Now })
	const size = "384x128"
	today := online.Now()
	const ahead = playlists.CountdownWindow + 5 // further than the pictures go
	date := today.AddDate(0, 0, ahead)
	const text = "Còn {N} ngày đến Đại hội Đảng bộ xã"
	const after = "Mừng Đại hội thành công!"
	var sl struct {
		ID int64 `json:"id"`
	}
	h.api("POST", "/api/v1/slogans", map[string]any{"text": text, "style": "classic",
		"countdown": map[string]string{"date": date.Format("2006-01-02"), "after": after}}, &sl)
	h.api("POST", "/api/v1/playlists", map[string]string{"slug": "dem-nguoc", "name": "Đếm ngược Đại hội"}, nil)
	// One item alone: each turn shows the day's picture again, so only
	// the day can change it; its turns are short because a play is
	// reported when its picture leaves the board, at the turn's end.
	// (The engine waking at midnight itself is player.TestCountdown*.)
	h.api("POST", "/api/v1/playlists/dem-nguoc/items", map[string]any{"slogan_id": sl.ID, "seconds": 5}, nil)
	h.approveAll()
	h.api("POST", "/api/v1/override", map[string]any{"playlist": "dem-nguoc"}, nil)

	day := func(n int) string { return fmt.Sprintf("Còn %d ngày đến Đại hội Đảng bộ xã", n) }
	first, second, message := h.expectedAsset(day(ahead), size), h.expectedAsset(day(ahead-1), size), h.expectedAsset(after, size)
	last := h.expectedAsset(day(ahead-playlists.CountdownWindow+1), size)
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	fallback := h.expectedAsset(def.Items[0].Text, size)
	board := h.addBoard("Bảng LED đếm ngược", size)
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	stop := runPlayerOnClock(t, h.srv.URL, dir, frame, online, player.Config{Token: board.Token})
	waitFrame(t, frame, first, "online, today's number")
	waitUpToDate(t, h)
	online.settle(t, "the board to show today's number")
	online.step(t, 5*time.Second) // the turn ends: its play is reported
	waitReport(t, h, day(ahead))

	stop()
	h.stop() // from here on the board has no controller
	// Each restart sets the board's clock, a stepped one: its timers
	// fire when the test steps it past midnight, not seconds later.
	run := func(at time.Time) (clock *steppedClock, stop func()) {
		clock = &steppedClock{now: at}
		return clock, runPlayerOnClock(t, h.srv.URL, dir, frame, clock, player.Config{Token: board.Token})
	}
	midnight := nextMidnight(today, hcm)
	clock, stop := run(midnight.Add(-5 * time.Second))
	waitFrame(t, frame, first, "offline, five seconds before midnight")
	clock.settle(t, "the board to wait for midnight")
	clock.step(t, 5*time.Second)
	waitFrame(t, frame, second, "offline, after midnight")
	stop()

	// The last day with a picture, then the first without: the board
	// falls back to its default playlist rather than show a wrong number.
	clock, stop = run(midnight.AddDate(0, 0, playlists.CountdownWindow-1).Add(-5 * time.Second))
	waitFrame(t, frame, last, "offline, the last pre-rendered day")
	clock.settle(t, "the board to wait for midnight")
	clock.step(t, 5*time.Second)
	waitFrame(t, frame, fallback, "offline, past the pictures: the default playlist")
	stop()

	run(midnight.AddDate(0, 0, ahead-1).Add(30 * time.Second))
	waitFrame(t, frame, message, "offline, on the day itself")
}

func nextMidnight(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	return time.Date(lt.Year(), lt.Month(), lt.Day()+1, 0, 0, 0, 0, loc)
}

// waitReport waits until the report counts plays under every title.
func waitReport(t *testing.T, h *harness, titles ...string) {
	t.Helper()
	var r struct {
		Rows []struct {
			Title string `json:"title"`
			Plays int    `json:"plays"`
		} `json:"rows"`
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		h.api("GET", "/api/v1/report", nil, &r)
		seen := map[string]bool{}
		for _, row := range r.Rows {
			if slices.Contains(titles, row.Title) && row.Plays > 0 {
				seen[row.Title] = true
			}
		}
		if len(seen) == len(titles) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("report never counted plays of all of %q: %+v", titles, r.Rows)
		}
	}
}
