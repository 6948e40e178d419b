package player

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// TestScrollThumbnailIsReadable: a scrolling strip's thumbnail is the
// board's window at the strip's head, as tall as a still's, and shows
// the head's pixels, not the whole strip squeezed into a sliver.
func TestScrollThumbnailIsReadable(t *testing.T) {
	const boardW, boardH, stripW = 384, 128, 6000
	// The head (the board's width) is white, the rest dark.
	strip := image.NewRGBA(image.Rect(0, 0, stripW, boardH))
	for y := range boardH {
		for x := range stripW {
			c := color.RGBA{0x10, 0x10, 0x10, 0xff}
			if x < boardW {
				c = color.RGBA{0xff, 0xff, 0xff, 0xff}
			}
			strip.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, strip); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		thumb      []byte
		wantHeight int
		wantWhite  bool
	}{
		{"scrolling", ScrollThumbnail(buf.Bytes(), boardW), thumbnailWidth * boardH / boardW, true},
		// What a still's thumbnail would make of it: unreadable.
		{"squeezed", Thumbnail(buf.Bytes()), thumbnailWidth * boardH / stripW, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, err := png.Decode(bytes.NewReader(tc.thumb))
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			if b.Dx() != thumbnailWidth || b.Dy() != tc.wantHeight {
				t.Fatalf("thumbnail %dx%d, want %dx%d", b.Dx(), b.Dy(), thumbnailWidth, tc.wantHeight)
			}
			r, _, _, _ := img.At(b.Dx()-2, b.Dy()/2).RGBA()
			if white := r > 0xf000; white != tc.wantWhite {
				t.Fatalf("right edge red %#x: white=%v, want %v", r, white, tc.wantWhite)
			}
		})
	}
}
