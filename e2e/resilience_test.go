package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBoardKeepsPlayingAndRejoins: the controller dies, the board keeps
// its picture; the controller comes back on the same address and data,
// and an edit made then reaches the board.
func TestBoardKeepsPlayingAndRejoins(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	// The first item stays up: the edit below must reach the picture on
	// the board, however long the restart takes, not wait for the
	// rotation to come round (past a 46 s strip on 384x128).
	h.setItemSeconds("default", def.Items[0].ID, 3600)
	h.approveAll()
	board := h.addBoard("Bảng LED thôn Đông", size)
	frame := h.startPlayer(board.Token)
	want := h.expectedAsset(def.Items[0].Text, size)
	waitFrame(t, frame, want, "first item")

	addr := strings.TrimPrefix(h.srv.URL, "http://")
	h.stop()
	// With the controller gone, the board still shows the same picture.
	waitFrame(t, frame, want, "while the controller is down")

	h2 := startControllerAt(t, h.data, addr)
	edited := "Toàn Đảng, toàn dân, toàn quân đồng lòng xây dựng quê hương!"
	h2.editSlogan(def.Items[0].SloganID, edited)
	waitFrame(t, frame, h2.expectedAsset(edited, size), "edit after the controller came back")
}

// TestBoardStartsFromCacheWithoutController: a board that restarts (power
// cut) while the controller is unreachable shows its last content from
// its disk cache.
func TestBoardStartsFromCacheWithoutController(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "192x64"
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	board := h.addBoard("Bảng LED nhỏ", size)
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	stopPlayer := runPlayer(t, h.srv.URL, board.Token, dir, frame)
	want := h.expectedAsset(def.Items[0].Text, size)
	waitFrame(t, frame, want, "first item")

	stopPlayer()
	deadURL := h.srv.URL
	h.stop()
	if err := os.Remove(frame); err != nil {
		t.Fatal(err)
	}
	runPlayer(t, deadURL, board.Token, dir, frame)
	waitFrame(t, frame, want, "from the cache with no controller")
}

// TestDeletedBoardIsCutOff: deleting a board revokes its token at once.
func TestDeletedBoardIsCutOff(t *testing.T) {
	t.Parallel()
	h := startController(t)
	board := h.addBoard("Bảng bị thu hồi", "384x128")
	h.startPlayer(board.Token)
	waitBoards(t, h, func(bs []boardView) bool { return len(bs) == 1 && bs[0].Online })
	h.api("DELETE", "/api/v1/boards/"+itoa(board.Board.ID), nil, nil)
	waitBoards(t, h, func(bs []boardView) bool { return len(bs) == 0 })
	req := h.srv.URL + "/api/v1/player/assets/" + strings.Repeat("a", 64)
	status := getWithToken(t, req, board.Token)
	if status != 401 {
		t.Fatalf("revoked token: got %d, want 401", status)
	}
}
