package e2e

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"codong/playlists"
	"codong/protocol"
)

// TestSwitchBackFetchesEachPictureOnce: a real player switched to the
// congress playlist and back, twice, then shown a slogan edited and
// edited back, fetches each picture from the real controller once. The
// player used to prune its cache to the manifest: every picture a
// manifest dropped (the old picture of an edited slogan) was fetched
// again when a later manifest brought it back, by every board.
func TestSwitchBackFetchesEachPictureOnce(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	var congress, def playlist
	h.api("GET", "/api/v1/playlists/"+playlists.CongressSuccessSlug, nil, &congress)
	h.api("GET", "/api/v1/playlists/"+playlists.DefaultSlug, nil, &def)
	h.approveAll()
	board := h.addBoard("Bảng LED chợ", size)

	var mu sync.Mutex
	fetched := map[string]int{}
	counting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sum, ok := strings.CutPrefix(r.URL.Path, protocol.AssetPath); ok {
			mu.Lock()
			fetched[sum]++
			mu.Unlock()
		}
		h.server.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(counting.Close)
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	runPlayer(t, counting.URL, board.Token, dir, frame)
	waitUpToDate(t, h)
	congressFirst := h.expectedAsset(congress.Items[0].Text, size)
	for range 2 {
		h.api("POST", "/api/v1/override", map[string]any{"playlist": playlists.CongressSuccessSlug}, nil)
		waitFrame(t, frame, congressFirst, "the congress playlist")
		waitUpToDate(t, h)
		h.api("DELETE", "/api/v1/override", nil, nil)
		waitFrameNot(t, frame, congressFirst, "back to the schedule")
		waitUpToDate(t, h)
	}
	// The last item of the schedule, far from the one on screen (a
	// picture on screen is kept anyway), edited and edited back.
	last := def.Items[len(def.Items)-1]
	h.editSlogan(last.SloganID, last.Text+" (bản sửa)")
	waitUpToDate(t, h)
	h.editSlogan(last.SloganID, last.Text)
	waitUpToDate(t, h)
	mu.Lock()
	defer mu.Unlock()
	if len(fetched) < len(congress.Items)+1 {
		t.Fatalf("the board fetched %d pictures, fewer than the congress playlist and the schedule have", len(fetched))
	}
	for sum, n := range fetched {
		if n != 1 {
			t.Errorf("picture %.12s… fetched %d times, want once", sum, n)
		}
	}
}
