package fb

import (
	"image/color"
	"path/filepath"
	"runtime"
	"testing"

	"codong/player/display"
)

// slogan stands in for a rendered 1920×1080 slogan: a flat background
// with bands, which compresses like one.
func slogan(x, y int) color.Color {
	if (y/90)%3 == 1 && x%200 < 150 {
		return color.RGBA{0xFF, 0xD7, 0x00, 0xFF}
	}
	return color.RGBA{0xC8, 0x10, 0x2E, 0xFF}
}

func openBench(b *testing.B, g Geometry) *Display {
	d, err := OpenFile(filepath.Join(b.TempDir(), "fb0"), g)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return d
}

// BenchmarkShowStill is the work of one still on a 1920×1080 screen:
// decode, convert, one write. It also reports the heap in use with the
// picture on the screen, which is what the display keeps between frames.
func BenchmarkShowStill(b *testing.B) {
	for _, bpp := range []int{32, 16} {
		b.Run(map[int]string{32: "xrgb8888", 16: "rgb565"}[bpp], func(b *testing.B) {
			d := openBench(b, Geometry{Width: 1920, Height: 1080, BitsPerPixel: bpp})
			f := display.Frame{PNG: encodePNG(b, 1920, 1080, slogan), Width: 1920, Height: 1080, Brightness: 1}
			b.ReportAllocs()
			for b.Loop() {
				if err := d.Show(f); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			var m runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m)
			b.ReportMetric(float64(m.HeapInuse)/(1<<20), "MB-heap-after")
		})
	}
}

// BenchmarkScrollRedraw is one redraw of a strip on a 384×128 LED board:
// what the strip's goroutine does about 30 times a second.
func BenchmarkScrollRedraw(b *testing.B) {
	d := openBench(b, Geometry{Width: 1920, Height: 1080, BitsPerPixel: 32})
	pic, err := decode(encodePNG(b, 3000, 128, slogan))
	if err != nil {
		b.Fatal(err)
	}
	s := newStrip(pic, d.enc.table(256), 384, d.g.Width, d.g.Height)
	x := 0
	for b.Loop() {
		s.draw(d.screen, d.g.LineLength, 384-x%3384)
		if err := d.write(s.h * d.g.LineLength); err != nil {
			b.Fatal(err)
		}
		x++
	}
}
