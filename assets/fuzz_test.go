package assets

import (
	"errors"
	"testing"
)

// FuzzRender: any string gives an image or an error, never a panic, and
// the image is never larger than the board, or a strip of board height
// and bounded width.
func FuzzRender(f *testing.F) {
	for _, s := range officialSlogans(f) {
		f.Add(s, uint8(0))
	}
	for _, s := range []string{"", " \n ", "😀", "a\u0301\u0323", "Ðảng", "\x00", "Việt\u00a0Nam", "2025--2030", "“", "lần thứ"} {
		f.Add(s, uint8(1))
	}
	sizes := []Size{{192, 64}, {384, 128}, {64, 32}, {16, 16}, {320, 240}, {128, 512}}
	r, err := NewRenderer(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, which uint8) {
		size := sizes[int(which)%len(sizes)]
		out, err := r.Render(Request{Text: text, Size: size})
		if err != nil {
			var ge *GlyphError
			if !errors.As(err, &ge) && !errors.Is(err, ErrEmptyText) && !errors.Is(err, ErrTextTooLong) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		l := out.Layout
		if l.Image.H != size.H || l.Image.W > maxStripWidth || (!l.Scroll && l.Image != size) {
			t.Fatalf("image %v for board %v", l.Image, size)
		}
		if len(out.PNG) == 0 || len(out.SHA256) != 64 {
			t.Fatalf("empty output")
		}
	})
}
