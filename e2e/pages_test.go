package e2e

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"codong/assets"
	"codong/controller"
	"codong/player"
	"codong/playlists"
)

// pagedSlogan is a two-page slogan on a 192×64 board at 20 px/s, a page
// each side of its comma. ("Đảng Cộng sản Việt Nam quang vinh muôn năm!"
// has no paging there since pages keep 16-row capitals: "ĐẢNG CỘNG SẢN"
// is wider than the board at that size.)
const pagedSlogan = "Mừng Đảng quang vinh, mừng Xuân Bính Ngọ!"

// TestLongSloganTurnsPages: on a real 192×64 board scrolling at 20 px/s a
// slogan whose strip would take over a minute to pass comes as pages
// (lật trang): the manifest says how many, the item lasts every page its
// playlists.PageSeconds, the board shows page after page of the very
// picture the preview API gives for that speed, and the report counts
// the item once all its pages were on the board.
func TestLongSloganTurnsPages(t *testing.T) {
	t.Parallel()
	// The controller and the board share a stepped clock: the test
	// steps it from one of the board's timers to the next, so the pages
	// turn as fast as the board draws them, and none is missed.
	clock := &steppedClock{now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
	h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) { c.Now = clock.Now })
	const size, speed = "192x64", playlists.MinScrollSpeed
	h.twoQuickItems(pagedSlogan, "Mừng Xuân")
	board := h.addBoard("Bảng chợ lật trang", size)
	h.setBoard(board.Board.ID, map[string]any{"groups": []string{}, "scroll_speed": speed})

	q := url.Values{"text": {pagedSlogan}, "size": {size}, "style": {"classic"}, "scroll_speed": {itoa(speed)}}
	var layout assets.Layout
	h.api("GET", "/api/v1/render?"+q.Encode()+"&layout=1", nil, &layout)
	if layout.Pages < 2 || layout.Scroll {
		t.Fatalf("at %d px/s the slogan is not set in pages: %+v", speed, layout)
	}
	var pic []byte
	h.api("GET", "/api/v1/render?"+q.Encode(), nil, &pic)
	pages := cutPages(t, pic, layout.Pages)

	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	runPlayerOnClock(t, h.srv.URL, dir, frame, clock, player.Config{Token: board.Token})
	waitUpToDate(t, h)
	m := cachedManifest(t, h, dir)
	it := m.Playlists[0].Items[0]
	if it.Asset != assets.Sum(pic) || it.Pages != layout.Pages || it.Scroll || it.Seconds != playlists.PagedSeconds(2, layout.Pages) {
		t.Fatalf("manifest item %+v: want %d pages of %s for %d s", it, layout.Pages, assets.Sum(pic), playlists.PagedSeconds(2, layout.Pages))
	}
	clock.settle(t, "the board to take its manifest")

	// A turn that starts under this manifest shows every page in order,
	// from the first; the turn under way may have begun as a strip, so
	// the other item's turn comes first.
	before := reportedPlays(h, pagedSlogan)
	from := clock.Now()
	other := h.expectedAsset("Mừng Xuân", size)
	clock.stepUntil(t, "the other item's turn", func() bool { return frameSum(t, frame) == other })
	clock.stepUntil(t, "the first page", func() bool { return framePage(frame, pages[0]) })
	waitItem(t, h, it.ID, from) // and the board says so
	// Each of the board's timers in the turn turns a page: the next one.
	for k := 1; k < len(pages); k++ {
		clock.stepNext(t)
		if !framePage(frame, pages[k]) {
			t.Fatalf("after page %d the board shows %.12s…, not page %d", k, frameSum(t, frame), k+1)
		}
	}
	clock.stepUntil(t, "the other item after the pages", func() bool { return frameSum(t, frame) == other })
	waitItemOther(t, h, it.ID)
	deadline := time.Now().Add(10 * time.Second)
	for reportedPlays(h, pagedSlogan) == before && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if got := reportedPlays(h, pagedSlogan) - before; got < 1 {
		t.Fatalf("the report counts %d more plays after a whole turn of pages", got)
	}
}

// cutPages cuts a picture of n pages stacked top to bottom.
func cutPages(t *testing.T, data []byte, n int) []image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	h := b.Dy() / n
	out := make([]image.Image, n)
	for k := range out {
		page := image.NewNRGBA(image.Rect(0, 0, b.Dx(), h))
		draw.Draw(page, page.Bounds(), img, image.Pt(b.Min.X, b.Min.Y+k*h), draw.Src)
		out[k] = page
	}
	return out
}

// framePage reports whether the board's frame is the page, pixel for
// pixel.
func framePage(frame string, page image.Image) bool {
	data, err := os.ReadFile(frame)
	if err != nil {
		return false
	}
	img, err := png.Decode(bytes.NewReader(data))
	return err == nil && img.Bounds().Size() == page.Bounds().Size() && samePixels(img, page, 0, 0)
}
