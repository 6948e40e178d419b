package e2e

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codong/player"
)

// TestBoardFailsOverToAnotherController: a board given several
// controller addresses pairs with the first; when that controller goes
// away, the board moves on by itself. A stranger on the list (a
// controller of another installation, with another key) is refused as
// it would be alone, and the board reaches the next address: a second
// controller serving the same data folder, which brings it up to date
// and whose edits reach it.
func TestBoardFailsOverToAnotherController(t *testing.T) {
	t.Parallel()
	a := startController(t)
	stranger := startController(t)
	addrB := freeAddr(t)
	const size = "384x128"
	var def playlist
	a.api("GET", "/api/v1/playlists/default", nil, &def)
	// The first item stays up: the edit below must reach the picture on
	// the board, however long the restart takes, not wait for the
	// rotation to come round (past a 46 s strip on 384x128).
	a.setItemSeconds("default", def.Items[0].ID, 3600)
	a.approveAll()

	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	list := strings.Join([]string{a.srv.URL, stranger.srv.URL, "http://" + addrB}, ",")
	runPlayerWith(t, list, dir, frame, player.Config{Width: 384, Height: 128})
	p := waitPairing(t, a, "")
	a.api("POST", "/api/v1/boards/adopt", map[string]any{"code": p.Code, "name": "Bảng LED bến xe", "size": size}, nil)
	waitFrame(t, frame, a.expectedAsset(def.Items[0].Text, size), "content from the first controller")
	waitBoards(t, a, func(bs []boardView) bool { return len(bs) == 1 && bs[0].Online && bs[0].UpToDate })

	// SQLite serves one controller at a time: the second takes over the
	// data folder once the first is gone, on another address.
	a.stop()
	b := startControllerAt(t, a.data, addrB)
	waitBoards(t, b, func(bs []boardView) bool { return len(bs) == 1 && bs[0].Online && bs[0].UpToDate })

	edited := "Cả làng chung tay giữ gìn đường làng sạch đẹp!"
	b.editSlogan(def.Items[0].SloganID, edited)
	waitFrame(t, frame, b.expectedAsset(edited, size), "edit made through the second controller")

	// The stranger's refusal was not taken for a revocation: the board
	// kept its secret, and the stranger never saw a board of its own.
	if data, err := os.ReadFile(filepath.Join(dir, "cache", "board.json")); err != nil || !strings.Contains(string(data), "cdb_") {
		t.Fatalf("board credentials after failover: %s, %v; want the token kept", data, err)
	}
	var strangers []boardView
	stranger.api("GET", "/api/v1/boards", nil, &strangers)
	if len(strangers) != 0 {
		t.Fatalf("the stranger controller knows boards: %+v", strangers)
	}
}

// freeAddr is a loopback address nothing listens on, for a controller
// started later in the test.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
