//go:build linux

package web

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"codong/internal/browsertest"
	"codong/player/display"
)

// The board of the browser test: a 384×128 LED board at 40,30 on a
// 480×200 screen.
var (
	testRegion = Region{Width: 384, Height: 128, X: 40, Y: 30}
	screenW    = 480
	screenH    = 200
)

// banner is a still: red with a yellow block and a one-pixel checkerboard
// that any smoothing would turn grey.
func banner(x, y int) color.RGBA {
	switch {
	case x >= 24 && x < 88 && y >= 32 && y < 96:
		if (x+y)%2 == 0 {
			return color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
		}
		return color.RGBA{0x00, 0x00, 0x80, 0xFF}
	case x >= 120 && x < 360 && y >= 48 && y < 80:
		return color.RGBA{0xFF, 0xD7, 0x00, 0xFF}
	}
	return color.RGBA{0xDA, 0x25, 0x1D, 0xFF}
}

// stripes is a second still: blue with a gradient and thin white lines.
func stripes(x, y int) color.RGBA {
	if x%16 == 0 || y%16 == 0 {
		return color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	}
	return color.RGBA{uint8(x / 2), uint8(y * 2), 0xC0, 0xFF}
}

// ribbon is a 700-pixel strip in which every column has its own colour:
// red is the column's low byte, blue tells the 256-column band.
func ribbon(x, y int) color.RGBA {
	return color.RGBA{uint8(x), uint8(y * 2), uint8(40 + 80*(x>>8)), 0xFF}
}

// ribbonColumn is the strip column a screen pixel shows, from its colour.
func ribbonColumn(c color.RGBA) int { return int(c.R) + 256*((int(c.B)-40)/80) }

var black = color.RGBA{0, 0, 0, 0xFF}

func rgbaAt(img image.Image, x, y int) color.RGBA {
	r, g, b, a := img.At(x, y).RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

// checkScreen compares a screenshot with the board's picture at the test
// region and black elsewhere; near allows each channel that much off.
func checkScreen(img image.Image, want func(x, y int) color.RGBA, near int) error {
	size := img.Bounds().Size()
	if size.X < testRegion.X+testRegion.Width+1 || size.Y < testRegion.Y+testRegion.Height+1 {
		return fmt.Errorf("screenshot is %v, too small for the board at %v", size, testRegion)
	}
	for y := range size.Y {
		for x := range size.X {
			w := black
			if bx, by := x-testRegion.X, y-testRegion.Y; bx >= 0 && by >= 0 && bx < testRegion.Width && by < testRegion.Height {
				w = want(bx, by)
			}
			if g := rgbaAt(img, x, y); !within(g, w, near) {
				return fmt.Errorf("pixel %d,%d is %v, want %v", x, y, g, w)
			}
		}
	}
	return nil
}

func within(a, b color.RGBA, near int) bool {
	d := func(p, q uint8) bool { return abs(int(p)-int(q)) <= near }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func abs(v int) int { return max(v, -v) }

// stripPosition is the column where the strip's left edge is, checking
// that every visible pixel is exactly the strip's; -1 if none shows.
func stripPosition(img image.Image) (int, error) {
	pos := -1
	for y := range testRegion.Height {
		for x := range testRegion.Width {
			c := rgbaAt(img, testRegion.X+x, testRegion.Y+y)
			if c == black {
				continue
			}
			p := x - ribbonColumn(c)
			if pos == -1 {
				pos = p
			}
			if p != pos || c != ribbon(x-pos, y) {
				return 0, fmt.Errorf("pixel %d,%d of the board is %v: not the strip at %d", x, y, c, pos)
			}
		}
	}
	return pos, nil
}

func saveScreenshot(t *testing.T, name string, img image.Image) {
	dir := os.Getenv("CODONG_SCREENSHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, "web-"+name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// waitScreen takes screenshots until check passes: the page draws on its
// next animation frame, a moment after it says it has the frame.
func waitScreen(t *testing.T, b *browsertest.Browser, name string, check func(image.Image) error) image.Image {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		img := screenshot(t, b)
		err := check(img)
		if err == nil || time.Now().After(deadline) {
			saveScreenshot(t, name, img)
			if err != nil {
				var page string
				b.Eval("JSON.stringify([devicePixelRatio, innerWidth, innerHeight, document.getElementById('board').width, document.getElementById('board').height])", &page)
				t.Logf("page [devicePixelRatio, innerWidth, innerHeight, canvas width, canvas height]: %s", page)
				t.Fatalf("%s: %v", name, err)
			}
			return img
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// screenshot is what the window shows, in device pixels.
func screenshot(t *testing.T, b *browsertest.Browser) image.Image {
	t.Helper()
	data, err := b.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// waitEval waits until expr, a string in the page, is want.
func waitEval(b *browsertest.Browser, expr, want string) {
	var got string
	b.Wait(expr+" = "+want, expr, &got, func() bool { return got == want })
}

// TestBrowser drives the kiosk page in headless Chromium through what a
// board does: two stills, dimming, off hours, a scrolling strip, and a
// player restart, checking the screen pixel by pixel each time.
func TestBrowser(t *testing.T) {
	b := browsertest.Start(t, browsertest.Options{Viewport: browsertest.Viewport{Width: screenW, Height: screenH}})
	d, err := New("", Options{Region: testRegion})
	if err != nil {
		t.Fatal(err)
	}
	addr := d.Addr()
	b.Navigate("http://" + addr + "/")
	waitEval(b, "document.documentElement.dataset.link", "open")
	shown := 0
	show := func(f display.Frame) {
		t.Helper()
		f.Width, f.Height = testRegion.Width, testRegion.Height
		if err := d.Show(f); err != nil {
			t.Fatal(err)
		}
		shown++
		waitEval(b, "document.documentElement.dataset.shown", strconv.Itoa(shown))
	}
	w, h := testRegion.Width, testRegion.Height

	show(display.Frame{PNG: encodePNG(t, w, h, banner), Brightness: 1})
	waitScreen(t, b, "1-still", func(img image.Image) error { return checkScreen(img, banner, 0) })

	show(display.Frame{PNG: encodePNG(t, w, h, stripes), Brightness: 1})
	waitScreen(t, b, "2-second-still", func(img image.Image) error { return checkScreen(img, stripes, 0) })

	halved := func(x, y int) color.RGBA {
		c := stripes(x, y)
		return color.RGBA{c.R / 2, c.G / 2, c.B / 2, 0xFF}
	}
	show(display.Frame{PNG: encodePNG(t, w, h, stripes), Brightness: 0.5})
	waitScreen(t, b, "3-half-brightness", func(img image.Image) error { return checkScreen(img, halved, 2) })

	show(display.Frame{Off: true})
	waitScreen(t, b, "4-off", func(img image.Image) error {
		return checkScreen(img, func(x, y int) color.RGBA { return black }, 0)
	})

	const speed = 120
	show(display.Frame{PNG: encodePNG(t, 700, h, ribbon), Scroll: true, ScrollSpeed: speed, Brightness: 1})
	var first int
	waitScreen(t, b, "5-scroll-a", func(img image.Image) (err error) {
		if first, err = stripPosition(img); err == nil && (first < 0 || first > w-60) {
			err = fmt.Errorf("the strip is at %d, not yet well on the board", first)
		}
		return err
	})
	time.Sleep(300 * time.Millisecond)
	var second int
	waitScreen(t, b, "5-scroll-b", func(img image.Image) (err error) {
		second, err = stripPosition(img)
		return err
	})
	if second >= first {
		t.Errorf("the strip went from column %d to %d; it should move left", first, second)
	}
	t.Logf("the strip moved from column %d to %d", first, second)

	// The player restarts on the same address: the page reconnects by
	// itself and shows what the new player shows.
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	waitEval(b, "document.documentElement.dataset.link", "lost")
	d, err = New(addr, Options{Region: testRegion})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	shown = 0
	show(display.Frame{PNG: encodePNG(t, w, h, banner), Brightness: 1})
	waitScreen(t, b, "6-after-restart", func(img image.Image) error { return checkScreen(img, banner, 0) })
}

// TestBrowserDevicePixels shows a still on screens with several device
// pixels per CSS pixel (a scaled desktop): a board pixel must stay one
// device pixel at the region's device-pixel offset, because that is what
// a LED sending card copies.
func TestBrowserDevicePixels(t *testing.T) {
	for _, scale := range []float64{2, 1.25, 1.5} {
		name := strconv.FormatFloat(scale, 'f', -1, 64)
		t.Run(name, func(t *testing.T) {
			b := browsertest.Start(t, browsertest.Options{Viewport: browsertest.Viewport{Width: 640, Height: 400}, Scale: scale})
			d := newDisplay(t, Options{Region: testRegion})
			b.Navigate("http://" + d.Addr() + "/")
			waitEval(b, "document.documentElement.dataset.link", "open")
			waitEval(b, "String(window.devicePixelRatio)", name)
			f := display.Frame{PNG: encodePNG(t, testRegion.Width, testRegion.Height, banner),
				Width: testRegion.Width, Height: testRegion.Height, Brightness: 1}
			if err := d.Show(f); err != nil {
				t.Fatal(err)
			}
			waitEval(b, "document.documentElement.dataset.shown", "1")
			waitScreen(t, b, "7-device-pixels-"+name, func(img image.Image) error { return checkScreen(img, banner, 0) })
		})
	}
}
