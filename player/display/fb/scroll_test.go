package fb

import (
	"bytes"
	"image/color"
	"sync/atomic"
	"testing"
	"time"

	"codong/player/display"
)

func TestStripPosition(t *testing.T) {
	s := &strip{w: 3, board: 4}
	tests := []struct {
		name    string
		elapsed time.Duration
		speed   float64
		want    int
	}{
		{"starts off the right edge", 0, 10, 4},
		{"moves left", 200 * time.Millisecond, 10, 2},
		{"whole pixels only", 290 * time.Millisecond, 10, 2},
		{"leaving at the left edge", 600 * time.Millisecond, 10, -2},
		{"round again", 700 * time.Millisecond, 10, 4},
		{"second round", 800 * time.Millisecond, 10, 3},
		{"faster", 100 * time.Millisecond, 30, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.position(tc.elapsed, tc.speed); got != tc.want {
				t.Errorf("position(%v, %v) = %d, want %d", tc.elapsed, tc.speed, got, tc.want)
			}
		})
	}
}

// TestScroll moves a 3×2 strip across a 4-pixel board on a 6×2 screen
// by moving the display's clock, and checks that a still stops it.
func TestScroll(t *testing.T) {
	d, path := fakeDevice(t, Geometry{Width: 6, Height: 2, BitsPerPixel: 32})
	var clock atomic.Int64
	d.now = func() time.Time { return time.Unix(0, clock.Load()) }
	strip := func(x, y int) color.Color { return color.RGBA{uint8(0x10 + x), uint8(0x20 + y), 0x30, 0xFF} }
	// screenAt is the screen with the strip's left edge at column pos.
	screenAt := func(pos int) []byte {
		return expect(6, 2, 24, 4, func(x, y int) (color.Color, bool) {
			sx := x - pos
			return strip(sx, y), x < 4 && sx >= 0 && sx < 3
		}, xrgb)
	}
	frame := display.Frame{PNG: encodePNG(t, 3, 2, strip), Width: 4, Height: 2, Scroll: true, ScrollSpeed: 10, Brightness: 1}
	if err := d.Show(frame); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		at  time.Duration
		pos int
	}{{0, 4}, {200 * time.Millisecond, 2}, {500 * time.Millisecond, -1}, {800 * time.Millisecond, 3}}
	for _, s := range steps {
		clock.Store(int64(s.at))
		waitFor(t, path, screenAt(s.pos))
	}

	// A still stops the goroutine: moving the clock changes nothing more.
	still := encodePNG(t, 1, 1, func(x, y int) color.Color { return color.RGBA{9, 9, 9, 255} })
	if err := d.Show(display.Frame{PNG: still, Width: 1, Height: 1, Brightness: 1}); err != nil {
		t.Fatal(err)
	}
	shown := readDevice(t, path)
	clock.Store(int64(time.Second))
	time.Sleep(5 * frameInterval)
	if got := readDevice(t, path); !bytes.Equal(got, shown) {
		t.Errorf("the screen changed after a still replaced the strip:\n got %x\nwant %x", got, shown)
	}
	d.mu.Lock()
	running := d.scroll != nil
	d.mu.Unlock()
	if running {
		t.Error("the strip's goroutine still runs under a still")
	}
}

// waitFor polls the fake device until it holds want: the strip's
// goroutine redraws on its own ticker.
func waitFor(t *testing.T, path string, want []byte) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := readDevice(t, path)
		if bytes.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen:\n got %x\nwant %x", got, want)
		}
		time.Sleep(frameInterval / 2)
	}
}

func TestScrollDimmedAndClosed(t *testing.T) {
	d, path := fakeDevice(t, Geometry{Width: 2, Height: 1, BitsPerPixel: 16})
	var clock atomic.Int64
	d.now = func() time.Time { return time.Unix(0, clock.Load()) }
	pic := encodePNG(t, 2, 1, func(x, y int) color.Color { return color.RGBA{200, 100, 40, 255} })
	err := d.Show(display.Frame{PNG: pic, Width: 2, Height: 1, Scroll: true, Brightness: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	// The default speed, 60 px/s, moves the strip fully on after 2/60 s.
	clock.Store(int64(34 * time.Millisecond))
	waitFor(t, path, bytes.Repeat(rgb565(100, 50, 20), 2))
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if d.scroll != nil {
		t.Error("Close left the strip's goroutine running")
	}
}
