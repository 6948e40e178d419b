package e2e

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"codong/controller"
	"codong/player"
	"codong/player/display/pngfile"
)

// TestRevocationFromAnotherInstallationRefused: a board paired with one
// installation meets, at its next address, a controller of another
// installation that signs with the same key (its data folder got the old
// key file beside a new database) and knows no board. That controller
// answers with a revocation properly signed by the pinned key; the
// board refuses it, says so in its log, keeps its token and manifest and
// goes on showing its content, where it once went dark and showed a
// pairing code.
func TestRevocationFromAnotherInstallationRefused(t *testing.T) {
	t.Parallel()
	a := startController(t)
	addrB := freeAddr(t)
	const size = "384x128"
	var def playlist
	a.api("GET", "/api/v1/playlists/default", nil, &def)

	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	logs := &lockedBuffer{}
	runPlayerLogged(t, a.srv.URL+",http://"+addrB, dir, frame, logs, player.Config{Width: 384, Height: 128})
	p := waitPairing(t, a, "")
	a.api("POST", "/api/v1/boards/adopt", map[string]any{"code": p.Code, "name": "Bảng LED chợ", "size": size}, nil)
	content := a.expectedAsset(def.Items[0].Text, size)
	waitFrame(t, frame, content, "content from the installation that paired the board")
	waitBoards(t, a, func(bs []boardView) bool { return len(bs) == 1 && bs[0].Online && bs[0].UpToDate })
	// The board rotates its playlist meanwhile: any of its pictures is
	// its content, the pairing code is not.
	playlist := map[string]bool{}
	for _, it := range def.Items {
		playlist[a.expectedAsset(it.Text, size)] = true
	}

	a.stop()
	ours := installationOf(t, a.data)
	creds := filepath.Join(dir, "cache", "board.json")
	if data, err := os.ReadFile(creds); err != nil || !strings.Contains(string(data), `"installation":"`+ours+`"`) {
		t.Fatalf("board credentials %s, %v; want installation %s pinned at pairing", data, err, ours)
	}

	// Another installation with the same key: a new database made in a
	// folder with no key, then the old key file copied beside it.
	other := t.TempDir()
	st, err := controller.OpenStore(context.Background(), other, "")
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	key, err := os.ReadFile(filepath.Join(a.data, "controller.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "controller.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	b := startControllerAt(t, other, addrB)
	if theirs := installationOf(t, b.data); theirs == ours {
		t.Fatalf("both controllers are installation %s", ours)
	}

	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(logs.String(), "lời thu hồi mã bảng từ một hệ thống khác") {
		if data, _ := os.ReadFile(creds); !strings.Contains(string(data), "cdb_") {
			t.Fatalf("the board took the other installation's revocation: credentials now %s", data)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the board never met the other installation; its log:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if data, err := os.ReadFile(creds); err != nil || !strings.Contains(string(data), "cdb_") || !strings.Contains(string(data), ours) {
		t.Fatalf("board credentials after the foreign revocation: %s, %v; want token and installation kept", data, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "cache", "manifest.json")); err != nil {
		t.Fatalf("the board dropped its manifest: %v", err)
	}
	if got := frameSum(t, frame); !playlist[got] {
		t.Fatalf("the board shows %.12s…, want a picture of its playlist still", got)
	}
	var boards []boardView
	b.api("GET", "/api/v1/boards", nil, &boards)
	if len(boards) != 0 {
		t.Fatalf("the other installation knows boards: %+v", boards)
	}
}

// installationOf reads the installation ID of a stopped controller's
// data folder.
func installationOf(t *testing.T, data string) string {
	t.Helper()
	st, err := controller.OpenStore(context.Background(), data, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	id, err := st.Installation(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// runPlayerLogged is runPlayerWith whose log lines also go to logs, for
// a test to wait on what the board says.
func runPlayerLogged(t *testing.T, controllerURLs, dir, frame string, logs io.Writer, cfg player.Config) {
	t.Helper()
	d, err := pngfile.New(frame)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Controllers, err = player.ParseControllers(controllerURLs); err != nil {
		t.Fatal(err)
	}
	cfg.CacheDir, cfg.Display, cfg.ReportEvery = filepath.Join(dir, "cache"), d, reportEvery
	cfg.Logger = slog.New(slog.NewTextHandler(io.MultiWriter(testWriter{t}, logs), &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := player.Run(ctx, cfg); err != nil {
			t.Errorf("player: %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
}

// lockedBuffer is a bytes.Buffer written by one goroutine and read by
// another.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
