package fb

import (
	"math"
	"time"
)

// frameInterval paces a scrolling strip: about 30 redraws a second is
// smooth on a LED board and light on a Raspberry Pi.
const frameInterval = time.Second / 30

// strip is a scrolling picture converted once to device pixels, so each
// redraw only copies bytes.
type strip struct {
	pix    []byte // rows of w pixels in the device's format
	w, h   int    // the strip, h clipped to the screen
	board  int    // the board's width: the path is board+w pixels long
	screen int    // columns of the board that are on the screen
	bpp    int
}

func newStrip(pic *picture, t *pixelTable, boardW, screenW, screenH int) *strip {
	size := pic.size()
	if boardW <= 0 {
		boardW = screenW
	}
	s := &strip{
		w: size.X, h: min(size.Y, screenH),
		board: boardW, screen: min(boardW, screenW),
		bpp: t.bytesPerPixel,
	}
	s.pix = make([]byte, s.w*s.h*s.bpp)
	stride := s.w * s.bpp
	for y := range s.h {
		t.row(s.pix[y*stride:(y+1)*stride], pic.row(y, 0, s.w))
	}
	return s
}

// position is where the strip's left edge is on the board after moving
// for elapsed at speed pixels per second: board (just off the right
// edge) down to -w (just gone off the left edge), then round again.
func (s *strip) position(elapsed time.Duration, speed float64) int {
	period := int64(s.board + s.w)
	moved := int64(math.Floor(elapsed.Seconds()*speed)) % period
	return s.board - int(moved)
}

// draw puts the strip with its left edge at column x into the first h
// lines of screen, black where the strip is not.
func (s *strip) draw(screen []byte, lineLength, x int) {
	src0 := max(0, -x)
	dst0 := max(0, x)
	n := min(s.w-src0, s.screen-dst0)
	for y := range s.h {
		line := screen[y*lineLength : y*lineLength+s.screen*s.bpp]
		clear(line)
		if n > 0 {
			row := s.pix[(y*s.w+src0)*s.bpp:]
			copy(line[dst0*s.bpp:], row[:n*s.bpp])
		}
	}
}

// scroller is the goroutine moving a strip; err is its failed write.
type scroller struct {
	stop, done chan struct{}
	err        error
}

// startScroll moves s until stopScroll. The goroutine owns d.screen and
// writes to d.f while it runs; Show and Close stop it before touching
// either.
func (d *Display) startScroll(s *strip, speed float64) {
	sc := &scroller{stop: make(chan struct{}), done: make(chan struct{})}
	d.scroll = sc
	start := d.now()
	go func() {
		defer close(sc.done)
		tick := time.NewTicker(frameInterval)
		defer tick.Stop()
		last := math.MinInt
		for {
			if x := s.position(d.now().Sub(start), speed); x != last {
				s.draw(d.screen, d.g.LineLength, x)
				if err := d.write(s.h * d.g.LineLength); err != nil {
					sc.err = err
					return
				}
				last = x
			}
			select {
			case <-sc.stop:
				return
			case <-tick.C:
			}
		}
	}()
}

// stopScroll waits for the strip's goroutine to end, if one runs, and
// returns its error.
func (d *Display) stopScroll() error {
	sc := d.scroll
	if sc == nil {
		return nil
	}
	close(sc.stop)
	<-sc.done
	d.scroll = nil
	return sc.err
}
