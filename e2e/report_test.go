package e2e

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codong/controller"
	"codong/player"
)

// TestPlaysAreReportedAndThumbnailShown: every play is journaled by the
// player and stored once by the controller; the report counts them, as
// JSON and as a CSV an office opens in Excel; the dashboard gets a
// thumbnail of the board's frame.
func TestPlaysAreReportedAndThumbnailShown(t *testing.T) {
	t.Parallel()
	// The controller and the board share a stepped clock: the test steps
	// it from one of the board's turns to the next instead of waiting
	// for them.
	clock := &steppedClock{now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
	h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) { c.Now = clock.Now })
	// A screen on which no slogan scrolls: a strip lasts a whole pass,
	// far longer than these two-second items.
	const size = "1920x1080"
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	// Short items so the rotation makes several plays quickly.
	for _, it := range def.Items {
		h.setItemSeconds("default", it.ID, 2)
	}
	h.approveAll()
	board := h.addBoard("Bảng LED báo cáo", size)
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	runPlayerOnClock(t, h.srv.URL, dir, frame, clock, player.Config{Token: board.Token})
	waitFrame(t, frame, h.expectedAsset(def.Items[0].Text, size), "first item")
	waitUpToDate(t, h)
	clock.settle(t, "the board to show the first item")

	type report struct {
		Rows []struct {
			Board string `json:"board"`
			Title string `json:"title"`
			Plays int    `json:"plays"`
		} `json:"rows"`
	}
	var r report
	deadline := time.Now().Add(20 * time.Second)
	for {
		h.api("GET", "/api/v1/report", nil, &r)
		total := 0
		for _, row := range r.Rows {
			total += row.Plays
		}
		if total >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("report never counted 3 plays: %+v", r)
		}
		clock.stepNext(t) // the turn ends: its play is reported
		time.Sleep(50 * time.Millisecond)
	}
	if r.Rows[0].Board != "Bảng LED báo cáo" || r.Rows[0].Title == "" {
		t.Fatalf("report rows %+v", r.Rows)
	}

	var raw []byte
	h.api("GET", "/api/v1/report?format=csv", nil, &raw)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) < 2 || recs[0][0] != "Bảng" || !strings.Contains(recs[1][0], "báo cáo") {
		t.Fatalf("csv %q: %v", raw, err)
	}

	var boards []struct {
		Thumbnail string `json:"thumbnail"`
		Uptime    int64  `json:"uptime_seconds"`
		Cache     int64  `json:"cache_bytes"`
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		h.api("GET", "/api/v1/boards", nil, &boards)
		if len(boards) == 1 && boards[0].Thumbnail != "" && boards[0].Cache > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no thumbnail or cache size reported: %+v", boards)
		}
	}
	var thumb []byte
	h.api("GET", boards[0].Thumbnail, nil, &thumb)
	img, err := png.Decode(bytes.NewReader(thumb))
	if err != nil || img.Bounds().Dx() != 240 {
		t.Fatalf("thumbnail: %v, %v", img.Bounds(), err)
	}
}
