package e2e

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"codong/controller"
	"codong/player"
	"codong/player/display/web"
)

type wallBoard struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	Online         bool   `json:"online"`
	Connected      bool   `json:"connected"`
	State          string `json:"state"`
	DisplayProblem string `json:"display_problem"`
	Thumbnail      string `json:"thumbnail"`
}

// waitWall polls the boards until ok says they are as wanted.
func waitWall(t *testing.T, h *harness, what string, ok func([]wallBoard) bool) []wallBoard {
	t.Helper()
	var bs []wallBoard
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		bs = nil
		h.api("GET", "/api/v1/boards", nil, &bs)
		if ok(bs) {
			return bs
		}
	}
	t.Fatalf("%s: boards are %+v", what, bs)
	return nil
}

// TestDemoBoardsComeAlive: codong --demo runs its two boards inside the
// process, as real players over the real protocol: they come online and
// send thumbnails of what they play, and a restart on the same data
// directory brings the same two boards back, with the tokens it kept.
func TestDemoBoardsComeAlive(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	demo := func(c *controller.Config) { c.Demo = true }
	for _, start := range []string{"first start", "restart"} {
		h := startControllerWith(t, data, "", demo)
		base, _ := url.Parse(h.srv.URL)
		if err := h.server.RunDemoBoards(h.ctx, base); err != nil {
			t.Fatal(err)
		}
		bs := waitWall(t, h, start+": demo boards online with thumbnails", func(bs []wallBoard) bool {
			live := 0
			for _, b := range bs {
				if b.Online && b.State == "online" && b.Thumbnail != "" {
					live++
				}
			}
			return len(bs) == 2 && live == 2
		})
		for _, b := range bs {
			var pic []byte
			h.api("GET", "/api/v1/boards/"+itoa(b.ID)+"/thumbnail.png", nil, &pic)
			cfg, err := png.DecodeConfig(bytes.NewReader(pic))
			if err != nil || cfg.Width != 240 || cfg.Height < 60 {
				t.Fatalf("%s: %s's thumbnail is %dx%d (%v), want a readable 240 px wide picture", start, b.Name, cfg.Width, cfg.Height, err)
			}
		}
		h.stop()
	}
	// The tokens live under the data directory, one per demo board.
	if tokens, _ := filepath.Glob(filepath.Join(data, "demo", "*", "token")); len(tokens) != 2 {
		t.Fatalf("demo tokens kept: %q, want two", tokens)
	}
}

// TestKioskWithoutBrowserIsNotOnline: a board drawn by a kiosk page is
// online only while a browser has the page open; its player says so,
// and the wall believes it, both ways.
func TestKioskWithoutBrowserIsNotOnline(t *testing.T) {
	t.Parallel()
	h := startController(t)
	board := h.addBoard("Màn hình hội trường", "384x128")
	d, err := web.New("127.0.0.1:0", web.Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(h.srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		player.Run(ctx, player.Config{Controllers: []*url.URL{u}, Token: board.Token, CacheDir: t.TempDir(), Display: d, Logger: testLogger(t)})
	}()
	t.Cleanup(func() { cancel(); <-done })
	notShown := func(bs []wallBoard) bool {
		return len(bs) == 1 && bs[0].Connected && !bs[0].Online && bs[0].State == "not_displaying" && bs[0].DisplayProblem != ""
	}
	waitWall(t, h, "a kiosk page nobody opened", notShown)

	// A page opens: the kiosk's event stream, as the browser reads it.
	page, err := http.Get("http://" + d.Addr() + "/events")
	if err != nil {
		t.Fatal(err)
	}
	waitWall(t, h, "the kiosk page open", func(bs []wallBoard) bool {
		return len(bs) == 1 && bs[0].Online && bs[0].State == "online" && bs[0].DisplayProblem == ""
	})
	page.Body.Close()
	waitWall(t, h, "the kiosk page closed", notShown)
}
