package player

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"codong/assets"
	"codong/player/display"
	"codong/playlists"
	"codong/protocol"
)

// TestPageCutter: each page cut from a picture of pages stacked top to
// bottom is exactly its board-high band; a picture that is not the pages
// the manifest says of this board's size, or a page beyond them, is
// refused.
func TestPageCutter(t *testing.T) {
	const w, h, n = 12, 4, 3
	img := image.NewNRGBA(image.Rect(0, 0, w, h*n))
	for y := range h * n {
		for x := range w {
			img.Set(x, y, color.NRGBA{R: uint8(y / h * 100), G: uint8(x), B: uint8(y % h), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	var c pageCutter
	for k := range n {
		data, err := c.cut("a", buf.Bytes(), k, n, w, h)
		if err != nil {
			t.Fatal(err)
		}
		page, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if page.Bounds().Dx() != w || page.Bounds().Dy() != h {
			t.Fatalf("page %d is %v, want %dx%d", k, page.Bounds(), w, h)
		}
		for y := range h {
			for x := range w {
				got := color.NRGBAModel.Convert(page.At(page.Bounds().Min.X+x, page.Bounds().Min.Y+y)).(color.NRGBA)
				if want := img.NRGBAAt(x, k*h+y); got != want {
					t.Fatalf("page %d pixel (%d,%d) = %v, want %v", k, x, y, got, want)
				}
			}
		}
	}
	for _, bad := range []struct{ k, n, w, h int }{{3, 3, w, h}, {-1, 3, w, h}, {0, 5, w, h}, {0, 0, w, h}, {0, 2, w, h}, {0, 3, w + 1, h}} {
		if _, err := c.cut("a", buf.Bytes(), bad.k, bad.n, bad.w, bad.h); err == nil {
			t.Errorf("page %d of %d on a %dx%d board cut from a picture of 3 pages of %dx%d", bad.k, bad.n, bad.w, bad.h, w, h)
		}
	}
	if _, err := (&pageCutter{}).cut("b", []byte("not a png"), 0, 2, w, h); err == nil {
		t.Error("a picture that is no PNG was cut")
	}
}

// TestPagesTurnInOrder: an item of three pages shows each page, cut from
// its picture, for its share of the item's seconds, then starts again;
// its play is recorded once, for the turn shown from the first page; a
// dimmed board keeps counting the turn, and the thumbnail is the page on
// the board.
func TestPagesTurnInOrder(t *testing.T) {
	pub, priv := testKey(t)
	fc := newFakeController(t, priv)
	const w, h, n = 64, 32, 3
	colors := []color.NRGBA{{R: 255, A: 255}, {G: 255, A: 255}, {B: 255, A: 255}}
	img := image.NewNRGBA(image.Rect(0, 0, w, h*n))
	for y := range h * n {
		for x := range w {
			img.SetNRGBA(x, y, colors[y/h])
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	sum := assets.Sum(buf.Bytes())
	fc.pictures[sum] = buf.Bytes()
	clock := newTestClock()
	// The item's first turn starts at 07:59:58; the board dims at 08:00,
	// two seconds into its first page.
	clock.now = clock.now.Add(-2 * time.Second)
	screen := frameDisplay{frames: make(chan display.Frame, 16)}
	p := testPlayer(t, fc.url(), pub, func(c *Config) { c.Now, c.Display = clock.Now, screen })
	p.after = clock.After
	m := testManifest(7, 3, sum)
	m.TimeZone = "UTC"
	m.Board.Power = []playlists.PowerWindow{{Start: "08:00", End: "09:00", Brightness: 50}}
	it := &m.Content.Playlists[0].Items[0]
	it.Seconds, it.Pages, it.Title = 12, n, "Khẩu hiệu ba trang"
	runUntilEnd(t, p)
	conn := fc.link()
	fc.sendManifest(conn, m)
	until(t, conn, "the acknowledgement", isAck(3))

	page := func(k int, what string) {
		t.Helper()
		f := within(t, screen.frames, what)
		got, err := png.Decode(bytes.NewReader(f.PNG))
		if err != nil {
			t.Fatal(err)
		}
		if b := got.Bounds(); b.Dx() != w || b.Dy() != h || f.Width != w || f.Height != h || f.Scroll || f.Off {
			t.Fatalf("%s: frame %v of a %dx%d board, scroll %v", what, b, f.Width, f.Height, f.Scroll)
		}
		if c := color.NRGBAModel.Convert(got.At(got.Bounds().Min.X+w/2, got.Bounds().Min.Y+h/2)); c != colors[k] {
			t.Fatalf("%s: colour %v, want page %d's %v", what, c, k+1, colors[k])
		}
		// The engine keeps the thumbnail just after drawing the frame.
		want := assets.Sum(Thumbnail(f.PNG))
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
			if th := p.takeThumbnail(true); th != nil && assets.Sum(th) == want {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the thumbnail is not the page on the board", what)
			}
		}
	}
	page(0, "the first page")
	clock.Advance(t, 2*time.Second)
	page(0, "the first page, dimmed")
	clock.Advance(t, 2*time.Second)
	page(1, "the second page")
	clock.Advance(t, 4*time.Second)
	page(2, "the third page")
	clock.Advance(t, 4*time.Second)
	page(0, "the first page of the next turn")
	msg := until(t, conn, "the turn's play", func(m protocol.Message) bool { return m.Type == protocol.TypePlays })
	if recs := msg.Plays.Records; len(recs) != 1 || recs[0].Title != "Khẩu hiệu ba trang" || recs[0].Seconds != 12 {
		t.Fatalf("plays %+v, want the one whole turn", recs)
	}
}
