// Package fb is the display that draws straight into a Linux framebuffer
// (/dev/fb0): a Raspberry Pi behind a screen or a LED sending card, with
// no desktop. Pixels are written with WriteAt, so a regular file of the
// right size stands in for the device in tests (OpenFile).
//
// The frame is drawn at the top-left corner of the screen, clipped to the
// screen, with black everywhere else: a LED sending card fed over HDMI
// captures its region from the top-left, and on a screen of the board's
// own size the corner is the whole screen. Padding bytes at the end of
// each line (the stride) are written as zeros.
//
// Brightness scales every channel; 0 or less is black, like Off, and
// above 1 is full. A scrolling strip enters at the board's right edge,
// moves left at ScrollSpeed pixels per second until it has left at the
// left edge, then starts again. One goroutine redraws it about 30 times a
// second, and only while a strip is shown: a still costs no CPU.
package fb

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"codong/player/display"
)

// Display draws frames into a framebuffer device or a file standing in
// for one. Its methods are safe for concurrent use.
type Display struct {
	mu     sync.Mutex
	f      *os.File
	g      Geometry
	enc    encoder
	screen []byte    // the visible area, LineLength×Height bytes
	scroll *scroller // the strip being moved, nil while a still is shown
	closed bool
	now    func() time.Time // tests move the clock
	// boardW, boardH are the last frame's size, shown whether one was
	// shown: what Grab reads back.
	boardW, boardH int
	shown          bool
}

var _ display.Display = (*Display)(nil)

var errClosed = errors.New("màn hình framebuffer đã đóng")

// OpenFile draws into the file at path, which has the given geometry; the
// file is created if it does not exist. Nothing is drawn until Show.
func OpenFile(path string, g Geometry) (*Display, error) {
	g, err := g.normalize()
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("không mở được framebuffer %s: %w", path, err)
	}
	return newDisplay(f, g), nil
}

func newDisplay(f *os.File, g Geometry) *Display {
	return &Display{
		f: f, g: g, enc: newEncoder(g),
		screen: make([]byte, g.LineLength*g.Height),
		now:    time.Now,
	}
}

// Geometry is the framebuffer's, with the defaults filled in.
func (d *Display) Geometry() Geometry { return d.g }

// Show replaces the picture. A strip starts scrolling from the right
// edge; anything else stops a strip that was scrolling.
func (d *Display) Show(f display.Frame) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return errClosed
	}
	lvl := level(f)
	var pic *picture
	if lvl > 0 {
		// A broken picture leaves the old one on the board.
		var err error
		if pic, err = decode(f.PNG); err != nil {
			return err
		}
	}
	d.boardW, d.boardH, d.shown = f.Width, f.Height, true
	// A failed redraw of the old strip is not this frame's failure; a
	// device that broke fails the writes below as well.
	_ = d.stopScroll()
	clear(d.screen)
	if lvl == 0 {
		return d.write(len(d.screen))
	}
	if f.Scroll {
		s := newStrip(pic, d.enc.table(lvl), f.Width, d.g.Width, d.g.Height)
		if err := d.write(len(d.screen)); err != nil {
			return err
		}
		d.startScroll(s, speed(f))
		return nil
	}
	d.drawStill(pic, d.enc.table(lvl), f.Width, f.Height)
	return d.write(len(d.screen))
}

// drawStill puts the picture at the top-left corner, clipped to the
// board (when the frame gives its size) and to the screen.
func (d *Display) drawStill(pic *picture, t *pixelTable, boardW, boardH int) {
	size := pic.size()
	w, h := min(size.X, d.g.Width), min(size.Y, d.g.Height)
	if boardW > 0 {
		w = min(w, boardW)
	}
	if boardH > 0 {
		h = min(h, boardH)
	}
	bpp := d.g.bytesPerPixel()
	for y := range h {
		line := d.screen[y*d.g.LineLength:]
		t.row(line[:w*bpp], pic.row(y, 0, w))
	}
}

// write sends the first n bytes of the screen to the device.
func (d *Display) write(n int) error {
	if _, err := d.f.WriteAt(d.screen[:n], d.g.Offset); err != nil {
		return fmt.Errorf("không ghi được vào framebuffer: %w", err)
	}
	return nil
}

// Close stops a scrolling strip and releases the device; the last picture
// stays on the screen. It reports a redraw of the strip that failed.
func (d *Display) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	return errors.Join(d.stopScroll(), d.f.Close())
}
