package player

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// TestPageCutter: each page cut from a picture of pages stacked top to
// bottom is exactly its board-high band; a picture that does not split
// into the pages the manifest says, or a page beyond them, is refused.
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
		data, err := c.cut("a", buf.Bytes(), k, n)
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
	for _, bad := range []struct{ k, n int }{{3, 3}, {-1, 3}, {0, 5}, {0, 0}} {
		if _, err := c.cut("a", buf.Bytes(), bad.k, bad.n); err == nil {
			t.Errorf("page %d of %d cut from a picture of 3", bad.k, bad.n)
		}
	}
	if _, err := (&pageCutter{}).cut("b", []byte("not a png"), 0, 2); err == nil {
		t.Error("a picture that is no PNG was cut")
	}
}
