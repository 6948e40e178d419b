package player

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"
)

// TestScrollThumbnailFollowsTheStrip: the thumbnail of a scrolling board
// is the board-wide window at the strip's position now, as the displays
// move it (entering at the right edge, leaving at the left, round again).
func TestScrollThumbnailFollowsTheStrip(t *testing.T) {
	const board, strip, h = 192, 960, 64
	// Five 192-px bands, each its own colour, so a window tells where it is.
	bands := []color.NRGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 0, 255}, {0, 255, 255, 255}}
	img := image.NewNRGBA(image.Rect(0, 0, strip, h))
	for x := range strip {
		for y := range h {
			img.SetNRGBA(x, y, bands[x/board])
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	tests := []struct {
		name    string
		elapsed time.Duration
		left    color.NRGBA // the thumbnail's left and right quarter
		right   color.NRGBA
	}{
		{"just shown: the strip is still off the right edge", 0, black, black},
		{"half entered", time.Duration(float64(board/2) / 60 * float64(time.Second)), black, bands[0]},
		{"first band fills the board", time.Duration(float64(board) / 60 * float64(time.Second)), bands[0], bands[0]},
		{"third band fills the board", time.Duration(float64(3*board) / 60 * float64(time.Second)), bands[2], bands[2]},
		{"round again", time.Duration(float64(strip+board+board) / 60 * float64(time.Second)), bands[0], bands[0]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := stripPosition(tc.elapsed, 60, board, strip)
			th, err := png.Decode(bytes.NewReader(ScrollThumbnailAt(buf.Bytes(), board, x)))
			if err != nil {
				t.Fatal(err)
			}
			b := th.Bounds()
			if b.Dy() < 40 {
				t.Fatalf("thumbnail %v: not readable", b)
			}
			at := func(fx float64) color.NRGBA {
				return color.NRGBAModel.Convert(th.At(b.Min.X+int(fx*float64(b.Dx())), b.Dy()/2)).(color.NRGBA)
			}
			if got := at(.2); !near(got, tc.left) {
				t.Errorf("left of the window %v, want %v (x=%d)", got, tc.left, x)
			}
			if got := at(.8); !near(got, tc.right) {
				t.Errorf("right of the window %v, want %v (x=%d)", got, tc.right, x)
			}
		})
	}
}

var black = color.NRGBA{0, 0, 0, 255}

func near(a, b color.NRGBA) bool {
	d := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return d(a.R, b.R) < 40 && d(a.G, b.G) < 40 && d(a.B, b.B) < 40
}
