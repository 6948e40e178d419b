package e2e

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"codong/internal/browsertest"
	"codong/player"
	"codong/player/display/web"
)

// TestKioskPageShowsTheBoard: the real player with the web display, as a
// PC driving a LED sending card runs it, seen through headless Chromium:
// the board's pixels are exactly the approved picture at the region's
// offset, and the override changes them.
func TestKioskPageShowsTheBoard(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	var def, congress playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	board := h.addBoard("Bảng LED qua card phát", size)
	region, _ := web.ParseRegion("384x128+16+8")
	d, err := web.New("127.0.0.1:0", web.Options{Region: region, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(h.srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		player.Run(ctx, player.Config{Controllers: []*url.URL{u}, Token: board.Token, CacheDir: filepath.Join(t.TempDir(), "cache"), Display: d, Logger: testLogger(t)})
	}()
	t.Cleanup(func() { cancel(); <-done })

	b := browsertest.Start(t, browsertest.Options{})
	b.Navigate("http://" + d.Addr() + "/")
	waitKiosk(t, b, h, def.Items[0].Text, size, region, "kiosk-default")
	h.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success"}, nil)
	waitKiosk(t, b, h, congress.Items[0].Text, size, region, "kiosk-override")
}

// waitKiosk waits until the screenshot shows the rendered text exactly
// at the region.
func waitKiosk(t *testing.T, b *browsertest.Browser, h *harness, text, size string, r web.Region, name string) {
	t.Helper()
	var want []byte
	q := url.Values{"text": {text}, "size": {size}}
	h.api("GET", "/api/v1/render?"+q.Encode(), nil, &want)
	wantImg, _ := png.Decode(bytes.NewReader(want))
	var shot []byte
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var err error
		if shot, err = b.ScreenshotPage(); err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(bytes.NewReader(shot))
		if err == nil && samePixels(got, wantImg, r.X, r.Y) {
			if dir := os.Getenv("CODONG_SCREENSHOTS"); dir != "" {
				os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644)
			}
			return
		}
	}
	t.Fatalf("%s: the kiosk page never showed %q exactly at %v", name, text, r)
}

// samePixels compares want with got at offset (x, y), every pixel.
func samePixels(got, want image.Image, x, y int) bool {
	wb := want.Bounds()
	if !image.Rect(x, y, x+wb.Dx(), y+wb.Dy()).In(got.Bounds()) {
		return false
	}
	for py := wb.Min.Y; py < wb.Max.Y; py++ {
		for px := wb.Min.X; px < wb.Max.X; px++ {
			r1, g1, b1, _ := got.At(x+px, y+py).RGBA()
			r2, g2, b2, _ := want.At(px, py).RGBA()
			if r1>>8 != r2>>8 || g1>>8 != g2>>8 || b1>>8 != b2>>8 {
				return false
			}
		}
	}
	return true
}
