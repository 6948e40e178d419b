package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codong/player"
)

type pairing struct {
	Code   string `json:"code"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// waitPairing waits for a player to be waiting with a code.
func waitPairing(t *testing.T, h *harness, not string) pairing {
	t.Helper()
	var ps []pairing
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		h.api("GET", "/api/v1/pairings", nil, &ps)
		for _, p := range ps {
			if p.Code != not {
				return p
			}
		}
	}
	t.Fatalf("no player waiting to pair: %+v", ps)
	return pairing{}
}

// TestPairingByCode: a player started with no credentials shows a code;
// the administrator adopts it by that code; the player keeps its secret
// (mode 0600) and needs no code after a restart; revoking the board sends
// it back to pairing.
func TestPairingByCode(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)

	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	stop := runPlayerWith(t, h.srv.URL, dir, frame, player.Config{Width: 384, Height: 128})
	p := waitPairing(t, h, "")
	if len(p.Code) != 6 || p.Width != 384 || p.Height != 128 {
		t.Fatalf("pairing %+v: want a 6-character code for a 384x128 display", p)
	}
	waitFrameExists(t, frame) // the code on the display

	var board struct {
		ID int64 `json:"id"`
	}
	var thon struct {
		Slug string `json:"slug"`
	}
	h.api("POST", "/api/v1/groups", map[string]string{"name": "Thôn Pả Pẻn"}, &thon)
	h.api("POST", "/api/v1/boards/adopt", map[string]any{"code": p.Code, "name": "Bảng LED nhà văn hoá", "size": size, "groups": []string{thon.Slug}}, &board)
	want := h.expectedAsset(def.Items[0].Text, size)
	waitFrame(t, frame, want, "content after adoption")

	creds := filepath.Join(dir, "cache", "board.json")
	fi, err := os.Stat(creds)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials %v, mode %v: want a 0600 file", err, fi)
	}

	// Restart: no code again, straight to content.
	stop()
	os.Remove(frame)
	stop = runPlayerWith(t, h.srv.URL, dir, frame, player.Config{Width: 384, Height: 128})
	waitFrame(t, frame, want, "after restart")
	var ps []pairing
	h.api("GET", "/api/v1/pairings", nil, &ps)
	if len(ps) != 0 {
		t.Fatalf("a paired player asked for a code again: %+v", ps)
	}

	// Revoke: the player loses its secret and shows a new code.
	h.api("DELETE", "/api/v1/boards/"+itoa(board.ID), nil, nil)
	waitPairing(t, h, p.Code)
	// The secret is gone; the controller's key stays pinned, so the board
	// pairs again only with this controller.
	if data, err := os.ReadFile(creds); err != nil || strings.Contains(string(data), "cdb_") || !strings.Contains(string(data), "ed25519:") {
		t.Fatalf("revoked board's credentials: %s, %v; want the key kept and no token", data, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "cache", "manifest.json")); !os.IsNotExist(err) {
		t.Fatalf("revoked board still keeps its manifest: %v", err)
	}
	stop()
}

// TestWrongClockFollowsController: a board whose clock is three hours
// behind still switches at once when the override starts.
func TestWrongClockFollowsController(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	var congress playlist
	h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	board := h.addBoard("Bảng LED đồng hồ sai", size)
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	slow := func() time.Time { return time.Now().Add(-3 * time.Hour) }
	runPlayerWith(t, h.srv.URL, dir, frame, player.Config{Token: board.Token, Now: slow})
	waitFrameExists(t, frame)
	h.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success"}, nil)
	waitFrame(t, frame, h.expectedAsset(congress.Items[0].Text, size), "override on a board with a slow clock")
}

func waitFrameExists(t *testing.T, frame string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(frame); err == nil {
			return
		}
	}
	t.Fatalf("nothing shown at %s", frame)
}
