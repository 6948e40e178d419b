package fb

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"codong/player/display"
)

// Grab reads back the board's part of the framebuffer: on a 32-bit
// screen exactly the picture shown, brightness applied; on a 16-bit one
// each channel as the screen holds it; on a screen larger than the
// board, only the board's corner; nothing before the first frame.
func TestGrabReadsTheFramebufferBack(t *testing.T) {
	pic := encodePNG(t, 3, 2, palette)
	for _, c := range []struct {
		name       string
		g          Geometry
		brightness float64
		tolerance  int // what the screen's channels lose
	}{
		{"xrgb8888", Geometry{Width: 3, Height: 2, BitsPerPixel: 32}, 1, 0},
		{"xrgb8888 half lit, wide screen", Geometry{Width: 8, Height: 4, BitsPerPixel: 32, LineLength: 40}, 0.5, 1},
		{"rgb565", Geometry{Width: 3, Height: 2, BitsPerPixel: 16}, 1, 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, _ := fakeDevice(t, c.g)
			if got, err := d.Grab(); got != nil || err != nil {
				t.Fatalf("before any frame: %d bytes, %v", len(got), err)
			}
			if err := d.Show(display.Frame{PNG: pic, Width: 3, Height: 2, Brightness: c.brightness}); err != nil {
				t.Fatal(err)
			}
			data, err := d.Grab()
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if img.Bounds() != image.Rect(0, 0, 3, 2) {
				t.Fatalf("grabbed %v, want the board's 3×2", img.Bounds())
			}
			for y := range 2 {
				for x := range 3 {
					want := palette(x, y).(color.RGBA)
					got := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
					for i, pair := range [][2]uint8{{got.R, want.R}, {got.G, want.G}, {got.B, want.B}} {
						w := int(float64(pair[1]) * c.brightness)
						if d := int(pair[0]) - w; d < -c.tolerance || d > c.tolerance {
							t.Fatalf("pixel (%d,%d) channel %d: %d, want %d (±%d)", x, y, i, pair[0], w, c.tolerance)
						}
					}
				}
			}
		})
	}
}
