package e2e

import (
	"path/filepath"
	"testing"
	"time"

	"codong/player"
)

// BenchmarkEditReachesBoard measures one staff edit, through the API,
// the renderer, the signed manifest and the player's download, to the
// frame on the board. Target (issue 2): well under 2 s.
func BenchmarkEditReachesBoard(b *testing.B) {
	h := startController(b)
	const size = "384x128"
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	board := h.addBoard("Bảng đo độ trễ", size)
	frame := h.startPlayer(board.Token)
	waitFrame(b, frame, h.expectedAsset(def.Items[0].Text, size), "first item")
	b.ResetTimer()
	for i := range b.N {
		text := "Thi đua lập thành tích chào mừng Đại hội, lần sửa " + itoa(int64(i+1))
		b.StopTimer()
		want := h.expectedAsset(text, size) // also warms the render cache, as the form's preview does
		b.StartTimer()
		h.editSlogan(def.Items[0].SloganID, text)
		waitFrame(b, frame, want, "edit")
	}
}

// BenchmarkOverrideReachesFleet measures the one-click switch: from the
// override request until every connected board has acknowledged the new
// manifest. 50 real players in one process here; DESIGN.md aims at
// 10,000 boards in ≤ 1 s.
func BenchmarkOverrideReachesFleet(b *testing.B) {
	const boards = 50
	h := startController(b)
	for i := range boards {
		bc := h.addBoard("Bảng số "+itoa(int64(i+1)), "192x64")
		dir := b.TempDir()
		runPlayerWith(b, h.srv.URL, dir, filepath.Join(dir, "frame.png"), player.Config{Token: bc.Token, Logger: nil})
	}
	allAcked := func() bool {
		var bs []boardView
		h.api("GET", "/api/v1/boards", nil, &bs)
		for _, v := range bs {
			if !v.Online || !v.UpToDate {
				return false
			}
		}
		return len(bs) == boards
	}
	waitUntil(b, allAcked, "fleet online")
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			h.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success"}, nil)
		} else {
			h.api("DELETE", "/api/v1/override", nil, nil)
		}
		waitUntil(b, allAcked, "every board acknowledged")
	}
}

func waitUntil(b testing.TB, ok func() bool, what string) {
	b.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if ok() {
			return
		}
	}
	b.Fatalf("never: %s", what)
}
