package assets

import (
	"sync"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// fontFace is one parsed font with caches of its metrics in font units.
// Layout works in font units, which scale linearly with the size, so the
// fit can try many sizes without building a face or loading a glyph again.
type fontFace struct {
	name      string
	tt        *truetype.Font // outlines and hinting (golang/freetype)
	sf        *sfnt.Font     // kerning, including GPOS (golang.org/x/image)
	ttf       []byte         // the file itself, for embedding in a PDF
	upem      int32
	capHeight int32 // top of "H"

	mu     sync.Mutex
	gb     truetype.GlyphBuf
	sfBuf  sfnt.Buffer
	glyphs map[rune]glyphMetrics
	kerns  map[uint32]int32
}

// glyphMetrics are in font units, y up. A blank glyph has no outline.
type glyphMetrics struct {
	idx                    truetype.Index
	adv                    int32
	xMin, yMin, xMax, yMax int32
	blank                  bool
}

func newFontFace(name string, tt *truetype.Font, sf *sfnt.Font) *fontFace {
	f := &fontFace{name: name, tt: tt, sf: sf, upem: tt.FUnitsPerEm(),
		glyphs: make(map[rune]glyphMetrics), kerns: make(map[uint32]int32)}
	if m, ok := f.glyph('H'); ok {
		f.capHeight = m.yMax
	}
	if f.capHeight <= 0 {
		f.capHeight = f.upem * 7 / 10
	}
	return f
}

// glyph returns r's metrics, loading them once.
func (f *fontFace) glyph(r rune) (glyphMetrics, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.glyphs[r]; ok {
		return m, m.idx != 0
	}
	m := glyphMetrics{idx: f.tt.Index(r)}
	if m.idx != 0 {
		// Loading at a scale of one em per font unit gives font units in 26.6.
		if err := f.gb.Load(f.tt, fixed.Int26_6(f.upem)<<6, m.idx, font.HintingNone); err == nil {
			m.adv = int32(f.gb.AdvanceWidth >> 6)
			b := f.gb.Bounds
			m.xMin, m.yMin = int32(b.Min.X>>6), int32(b.Min.Y>>6)
			m.xMax, m.yMax = int32((b.Max.X+63)>>6), int32((b.Max.Y+63)>>6)
			m.blank = len(f.gb.Ends) == 0
		} else {
			m.idx = 0
		}
	}
	f.glyphs[r] = m
	return m, m.idx != 0
}

// kern returns the pair adjustment in font units. sfnt reads GPOS as well as
// the old kern table; asking at ppem = units-per-em sidesteps the unscaled
// Face.Kern of golang/go#46727 and yields font units exactly.
func (f *fontFace) kern(a, b truetype.Index) int32 {
	key := uint32(a)<<16 | uint32(b)
	f.mu.Lock()
	defer f.mu.Unlock()
	if k, ok := f.kerns[key]; ok {
		return k
	}
	// A pair the font does not list (sfnt.ErrNotFound) or cannot read
	// is simply not kerned.
	var k int32
	v, err := f.sf.Kern(&f.sfBuf, sfnt.GlyphIndex(a), sfnt.GlyphIndex(b), fixed.Int26_6(f.upem)<<6, font.HintingNone)
	if err == nil {
		k = int32(v >> 6)
	}
	f.kerns[key] = k
	return k
}

// spaceAdvance is the width of the word space in font units.
func (f *fontFace) spaceAdvance() int32 {
	if m, ok := f.glyph(' '); ok {
		return m.adv
	}
	return f.upem / 4
}
