package e2e

import (
	"bytes"
	"encoding/json"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"codong/assets"
	"codong/controller"
	"codong/player"
	"codong/playlists"
	"codong/protocol"
)

// scrollSlogan comes out as a strip on a 192×64 board.
const scrollSlogan = "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh"

// TestScrollingSloganRunsWholePasses: on a real 192×64 board the board's
// own scroll speed, set through the API, reaches its manifest; a slogan
// that scrolls stays on the board one whole pass at that speed, longer
// than its set 2 s; and the report counts the plays that ran a whole
// pass, not the one the congress-success button cut short.
func TestScrollingSloganRunsWholePasses(t *testing.T) {
	t.Parallel()
	// The controller and the board share a stepped clock: the test steps
	// it from one of the board's timers to the next, so a pass lasts no
	// real time, and the board's statuses still say when, by that clock,
	// each turn began.
	clock := &steppedClock{now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
	h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) { c.Now = clock.Now })
	const size, speed = "192x64", 400
	// The slogan that scrolls and one that fits.
	h.twoQuickItems(scrollSlogan, "Mừng Xuân")
	board := h.addBoard("Bảng chữ chạy cổng xã", size)

	var saved struct {
		ScrollSpeed int `json:"scroll_speed"`
	}
	path := "/api/v1/boards/" + itoa(board.Board.ID)
	if code := putStatus(t, h, path, map[string]any{"groups": []string{}, "scroll_speed": 1000, "version": 1}); code != http.StatusBadRequest {
		t.Fatalf("PUT %s with scroll_speed 1000: %d, want %d", path, code, http.StatusBadRequest)
	}
	// Version 1: a new board's settings, untouched by the refused PUT.
	h.api("PUT", path, map[string]any{"groups": []string{}, "scroll_speed": speed, "version": 1}, &saved)
	if saved.ScrollSpeed != speed {
		t.Fatalf("PUT %s saved scroll_speed %d, want %d", path, saved.ScrollSpeed, speed)
	}
	var views []struct {
		ID          int64 `json:"id"`
		ScrollSpeed int   `json:"scroll_speed"`
	}
	h.api("GET", "/api/v1/boards", nil, &views)
	if len(views) != 1 || views[0].ScrollSpeed != speed {
		t.Fatalf("GET /api/v1/boards: %+v, want scroll_speed %d", views, speed)
	}

	var pic []byte
	h.api("GET", "/api/v1/render?"+url.Values{"text": {scrollSlogan}, "size": {size}, "style": {"classic"}}.Encode(), nil, &pic)
	cfg, err := png.DecodeConfig(bytes.NewReader(pic))
	if err != nil || cfg.Width <= 192 {
		t.Fatalf("the slogan is no strip on %s: %d pixels wide, %v", size, cfg.Width, err)
	}
	seconds := playlists.ScrollSeconds(2, cfg.Width, 192, speed)
	if seconds <= 2 {
		t.Fatalf("a pass of %d pixels at %d px/s fits in the set 2 s: the test proves nothing", cfg.Width+192, speed)
	}

	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	runPlayerOnClock(t, h.srv.URL, dir, frame, clock, player.Config{Token: board.Token})
	long, other := h.expectedAsset(scrollSlogan, size), h.expectedAsset("Mừng Xuân", size)
	showing := func(sum string) func() bool { return func() bool { return frameSum(t, frame) == sum } }
	waitFrame(t, frame, long, "the scrolling slogan")

	waitUpToDate(t, h)
	m := cachedManifest(t, h, dir)
	if m.Board.ScrollSpeed != speed {
		t.Fatalf("manifest board scroll speed %d, want %d", m.Board.ScrollSpeed, speed)
	}
	it := m.Playlists[0].Items[0]
	if !it.Scroll || it.Seconds != seconds {
		t.Fatalf("manifest item %+v: want a strip for %d s", it, seconds)
	}

	clock.settle(t, "the board to take its manifest")

	// The turn on the board now may have begun under an older manifest;
	// the next begins under this one.
	current := waitItem(t, h, it.ID, time.Time{})
	clock.stepUntil(t, "the other item", showing(other))
	clock.stepUntil(t, "the slogan's next turn", showing(long))
	whole := waitItem(t, h, it.ID, current)
	// The board sends its plays in the order they ended: once the other
	// item's is in the report, so is every play of the slogan before.
	waitPlays(t, h, "Mừng Xuân", 1)
	before := reportedPlays(h, scrollSlogan)
	// The board's status says when each item started, by the shared
	// clock: the slogan's next item starts a whole pass after it.
	clock.stepUntil(t, "the other item after a whole pass", showing(other))
	if got := waitItemOther(t, h, it.ID).Sub(whole); got != time.Duration(seconds)*time.Second {
		t.Fatalf("the scrolling slogan stayed %v, want %d s", got, seconds)
	}
	// Its next turn is cut short by the congress-success button.
	clock.stepUntil(t, "the slogan's turn after", showing(long))
	waitItem(t, h, it.ID, whole)
	clock.step(t, time.Second)
	h.api("POST", "/api/v1/override", map[string]any{"playlist": playlists.CongressSuccessSlug}, nil)
	waitFrameNot(t, frame, long, "the congress-success playlist")

	// Give the cut turn the time a whole pass would have taken, and more:
	// once a congress-success play is in the report, so is any play of
	// the cut turn, which ended before it. Then count.
	clock.step(t, time.Duration(seconds)*time.Second+2*time.Second)
	var congress playlist
	h.api("GET", "/api/v1/playlists/"+playlists.CongressSuccessSlug, nil, &congress)
	for deadline := time.Now().Add(20 * time.Second); reportedPlays(h, congress.Items[0].Text) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no play of the congress-success playlist reached the report")
		}
		clock.stepNext(t)
	}
	if got := reportedPlays(h, scrollSlogan) - before; got != 1 {
		t.Fatalf("the report counts %d more plays of the scrolling slogan, want the 1 whole pass, not the turn cut short", got)
	}
}

// waitPlays waits until the report counts at least n plays of a title.
func waitPlays(t *testing.T, h *harness, title string, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); reportedPlays(h, title) < n; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the report never counted %d plays of %q", n, title)
		}
	}
}

// reportedPlays is the report's count of plays of a title.
func reportedPlays(h *harness, title string) int {
	var r struct {
		Rows []struct {
			Title string `json:"title"`
			Plays int    `json:"plays"`
		} `json:"rows"`
	}
	h.api("GET", "/api/v1/report", nil, &r)
	n := 0
	for _, row := range r.Rows {
		if row.Title == title {
			n += row.Plays
		}
	}
	return n
}

// cachedManifest is the manifest the player keeps on its disk, verified
// with the controller's key.
func cachedManifest(t *testing.T, h *harness, dir string) *playlists.Manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "cache", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sm protocol.SignedManifest
	if err := json.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	key, err := protocol.ParseKey(controllerKey(t, h))
	if err != nil {
		t.Fatal(err)
	}
	m, err := sm.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// putStatus sends a PUT with the harness's token and returns its status.
func putStatus(t *testing.T, h *harness, path string, body any) int {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest("PUT", h.srv.URL+path, bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// boardItem is what the only board says it shows: the item and since
// when, by the shared clock.
func boardItem(h *harness) (id int64, since time.Time) {
	var views []struct {
		Item *struct {
			ID    int64     `json:"id"`
			Since time.Time `json:"since"`
		} `json:"item"`
	}
	h.api("GET", "/api/v1/boards", nil, &views)
	if len(views) != 1 || views[0].Item == nil {
		return 0, time.Time{}
	}
	return views[0].Item.ID, views[0].Item.Since
}

// waitItem waits until the board shows item id in a turn that started
// after after, and returns when it started.
func waitItem(t *testing.T, h *harness, id int64, after time.Time) time.Time {
	t.Helper()
	return waitBoardItem(t, h, func(got int64, since time.Time) bool { return got == id && since.After(after) })
}

// waitItemOther waits until the board shows an item other than id, and
// returns when it started.
func waitItemOther(t *testing.T, h *harness, id int64) time.Time {
	t.Helper()
	return waitBoardItem(t, h, func(got int64, _ time.Time) bool { return got != 0 && got != id })
}

func waitBoardItem(t *testing.T, h *harness, ok func(int64, time.Time) bool) time.Time {
	t.Helper()
	for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if id, since := boardItem(h); ok(id, since) {
			return since
		}
	}
	t.Fatal("the board never showed the item awaited")
	return time.Time{}
}

// waitFrameNot waits until the board shows another picture than sum.
func waitFrameNot(t *testing.T, frame, sum, what string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if data, err := os.ReadFile(frame); err == nil && len(data) > 0 && assets.Sum(data) != sum {
			return
		}
	}
	t.Fatalf("the board never left its picture for %s", what)
}

// twoQuickItems makes the default playlist two approved items of 2 s,
// the texts given, so each comes round again within seconds.
func (h *harness) twoQuickItems(first, second string) {
	h.t.Helper()
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	h.draftSlogan(def.Items[0].SloganID, first)
	h.draftSlogan(def.Items[1].SloganID, second)
	for i, it := range def.Items {
		if i < 2 {
			h.setItemSeconds("default", it.ID, 2)
		} else {
			h.api("DELETE", "/api/v1/playlists/default/items/"+itoa(it.ID), nil, nil)
		}
	}
	h.approveAll()
}
