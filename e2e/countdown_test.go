package e2e

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"codong/player"
)

// TestCountdownTurnsAtMidnightOffline: a countdown approved on the
// controller shows today's number on a board; with the controller gone,
// the board (restarted from its disk, its clock set just before its
// midnight) shows one day less when midnight passes, and the message of
// the day once the day comes: nothing after the last manifest tells it.
// Plays of the day's picture are reported under the day's text.
func TestCountdownTurnsAtMidnightOffline(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh") // the controller's default zone
	if err != nil {
		t.Fatal(err)
	}
	if left := time.Until(nextMidnight(time.Now(), hcm)); left < 2*time.Minute {
		// The controller must cut its manifest on the day the test
		// counts from.
		time.Sleep(left + 5*time.Second)
	}
	h := startController(t)
	const size = "384x128"
	today := time.Now().In(hcm)
	date := today.AddDate(0, 0, 3)
	const text = "Còn {N} ngày đến Đại hội Đảng bộ xã"
	const after = "Mừng Đại hội thành công!"
	var sl struct {
		ID int64 `json:"id"`
	}
	h.api("POST", "/api/v1/slogans", map[string]any{"text": text, "style": "classic",
		"countdown": map[string]string{"date": date.Format("2006-01-02"), "after": after}}, &sl)
	h.api("POST", "/api/v1/playlists", map[string]string{"slug": "dem-nguoc", "name": "Đếm ngược Đại hội"}, nil)
	// One long item: only the midnight itself can change the picture.
	h.api("POST", "/api/v1/playlists/dem-nguoc/items", map[string]any{"slogan_id": sl.ID, "seconds": 3600}, nil)
	h.approveAll()
	h.api("POST", "/api/v1/override", map[string]any{"playlist": "dem-nguoc"}, nil)

	day := func(n int) string { return fmt.Sprintf("Còn %d ngày đến Đại hội Đảng bộ xã", n) }
	three, two, message := h.expectedAsset(day(3), size), h.expectedAsset(day(2), size), h.expectedAsset(after, size)
	board := h.addBoard("Bảng LED đếm ngược", size)
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	stop := runPlayer(t, h.srv.URL, board.Token, dir, frame)
	waitFrame(t, frame, three, "online, three days before")
	waitReport(t, h, day(3))

	stop()
	h.stop() // from here on the board has no controller
	run := func(at time.Time) (stop func()) {
		shift := time.Until(at)
		return runPlayerWith(t, h.srv.URL, dir, frame, player.Config{Token: board.Token, Now: func() time.Time { return time.Now().Add(shift) }})
	}
	midnight := nextMidnight(today, hcm)
	stop = run(midnight.Add(-5 * time.Second))
	waitFrame(t, frame, three, "offline, five seconds before midnight")
	waitFrame(t, frame, two, "offline, after midnight")
	stop()

	run(midnight.AddDate(0, 0, 2).Add(30 * time.Second))
	waitFrame(t, frame, message, "offline, on the day itself")
}

func nextMidnight(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	return time.Date(lt.Year(), lt.Month(), lt.Day()+1, 0, 0, 0, 0, loc)
}

// waitReport waits until the report counts a play under title.
func waitReport(t *testing.T, h *harness, title string) {
	t.Helper()
	var r struct {
		Rows []struct {
			Title string `json:"title"`
			Plays int    `json:"plays"`
		} `json:"rows"`
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		h.api("GET", "/api/v1/report", nil, &r)
		for _, row := range r.Rows {
			if row.Title == title && row.Plays > 0 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("report never counted a play of %q: %+v", title, r.Rows)
		}
	}
}
