package assets

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// placedGlyph is one glyph of a word: its font, metrics and the pen
// position of its origin from the word's start, in layout units.
type placedGlyph struct {
	face  *fontFace
	m     glyphMetrics
	x     int64
	shown rune // the character drawn: print writes it as text, not as an outline
}

// word is a token ready for layout. Layout units are the primary font's
// units, so every width is an integer and every result exact on any CPU.
type word struct {
	display string // as shown, uppercased when the style says so
	glyphs  []placedGlyph
	width   int64 // advance width in layout units
}

// shaper turns tokens into glyphs with a font chain: the style's font
// first, then the embedded fallbacks.
type shaper struct {
	fonts     []*fontFace
	upem      int64 // of fonts[0]: the layout unit
	uppercase bool
}

func (s *shaper) shape(toks []token) ([]word, error) {
	words := make([]word, len(toks))
	for i, t := range toks {
		w, err := s.shapeWord(t)
		if err != nil {
			return nil, err
		}
		words[i] = w
	}
	return words, nil
}

func (s *shaper) shapeWord(t token) (word, error) {
	var w word
	runes := make([]rune, 0, len(t.text))
	var prev *placedGlyph
	for i, r := range t.text {
		face, m, shown, ok := s.find(r)
		if !ok {
			return word{}, &GlyphError{Rune: r, Pos: t.pos[i]}
		}
		runes = append(runes, shown)
		if prev != nil && prev.face == face {
			w.width += s.toLayout(face, int64(face.kern(prev.m.idx, m.idx)))
		}
		w.glyphs = append(w.glyphs, placedGlyph{face: face, m: m, x: w.width, shown: shown})
		w.width += s.toLayout(face, int64(m.adv))
		prev = &w.glyphs[len(w.glyphs)-1]
	}
	w.display = norm.NFC.String(string(runes))
	return w, nil
}

// find picks the first font that draws r (uppercased when asked; when only
// the lower case exists it is kept rather than failing). A blank glyph
// for a visible character would show nothing, so it does not count.
func (s *shaper) find(r rune) (*fontFace, glyphMetrics, rune, bool) {
	want := []rune{r}
	if s.uppercase {
		if u := unicode.ToUpper(r); u != r {
			want = []rune{u, r}
		}
	}
	for _, c := range want {
		for _, f := range s.fonts {
			if m, ok := f.glyph(c); ok && !m.blank {
				return f, m, c, true
			}
		}
	}
	return nil, glyphMetrics{}, 0, false
}

func (s *shaper) toLayout(f *fontFace, v int64) int64 {
	if int64(f.upem) == s.upem {
		return v
	}
	return v * s.upem / int64(f.upem)
}

// inkExtent is the highest and the lowest ink of all glyphs in layout units
// (y up): the vertical room one line of this text needs.
func (s *shaper) inkExtent(words []word) (top, bottom int64) {
	for _, w := range words {
		for _, g := range w.glyphs {
			top = max(top, s.toLayout(g.face, int64(g.m.yMax)))
			bottom = max(bottom, -s.toLayout(g.face, int64(g.m.yMin)))
		}
	}
	return top, bottom
}
