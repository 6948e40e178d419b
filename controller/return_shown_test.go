package controller

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"codong/controller/wall"
)

// TestReturnLeavesTheDashboard: once every board is back on the
// schedule, the return's count stays on the dashboard a while, then
// leaves it; a switch in force keeps its count.
func TestReturnLeavesTheDashboard(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	step := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	h := newHarnessWith(t, Config{Now: clock})
	const js = "application/json"
	progress := func() *wall.Progress {
		t.Helper()
		status, _, raw := h.do(t, "GET", "/api/v1/wall", h.token, "", "")
		var w wall.State
		if err := json.Unmarshal(raw, &w); status != http.StatusOK || err != nil {
			t.Fatalf("wall: %d %s", status, raw)
		}
		return w.Progress
	}
	// The harness's one board is offline: remove it, so every board
	// (none) has the switch at once.
	if status, _, raw := h.do(t, "DELETE", "/api/v1/boards/1", h.token, "", ""); status/100 != 2 {
		t.Fatalf("delete the board: %d %s", status, raw)
	}
	if status, _, raw := h.do(t, "POST", "/api/v1/override", h.token, js, `{"playlist":"congress-success"}`); status != http.StatusOK {
		t.Fatalf("switch: %d %s", status, raw)
	}
	step(time.Hour)
	if p := progress(); p == nil || p.Clear {
		t.Fatalf("an hour into a switch in force, the dashboard says %+v", p)
	}
	if status, _, raw := h.do(t, "DELETE", "/api/v1/override", h.token, "", ""); status/100 != 2 {
		t.Fatalf("return: %d %s", status, raw)
	}
	step(wall.ReturnShownFor - time.Minute)
	if p := progress(); p == nil || !p.Clear {
		t.Fatalf("just after the return, the dashboard says %+v, want the count", p)
	}
	step(2 * time.Minute)
	if p := progress(); p != nil {
		t.Fatalf("%v after every board went back, the dashboard still says %+v", wall.ReturnShownFor+time.Minute, p)
	}
}
