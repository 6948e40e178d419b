package assets

import "testing"

// BenchmarkRender1920x1080 measures what a board asks for: render and PNG
// encode of an official slogan, with warm glyph and layout caches.
func BenchmarkRender1920x1080(b *testing.B) {
	r := testRenderer(b)
	req := Request{Text: officialSlogans(b)[1], Size: Size{1920, 1080}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderCold is the first render of a text: layout, fit and
// rasterising glyphs at a new size.
func BenchmarkRenderCold(b *testing.B) {
	slogans := officialSlogans(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r, err := NewRenderer(Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Render(Request{Text: slogans[i%len(slogans)], Size: Size{1920, 1080}}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
