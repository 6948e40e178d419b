package assets

import (
	"image"
	"math"
)

// Text is hinted on small LED boards (shorter side up to hintBoardSide)
// and at small sizes anywhere: grid-fitted stems are crisper on a coarse
// grid than antialiased blur.
const (
	hintBoardSide = 256
	hintMaxPPEM   = 40
)

// maxStripWidth bounds a scrolling strip, and so the memory of one render.
const maxStripWidth = 1 << 14

// plan is a finished layout: what to draw where. Drawing it is cheap, so
// plans are what the renderer caches.
type plan struct {
	layout Layout
	fitted fitResult // what placeStatic chose, for tests
	// names is the variant placeStatic chose, keeping long names whole
	// at the cost of some size, or nil; for tests.
	names  *fitter
	bg     Color
	ink    Color
	stamps []stamp
	// emblems are the style's emblem where it is drawn: once, or on
	// every page of a layout in pages.
	emblems []emblemShape
	masks   *maskCache
}

// emblemShape is drawn when the image is, like the glyphs: a plan stays
// small whatever the board.
type emblemShape struct {
	outline []Point
	box     image.Rectangle
	color   Color
}

// text is a slogan after every step that does not depend on the board.
type text struct {
	words []word
	fit   *fitter
	// names are the long names of the text; variants[open] keeps whole
	// all but those in the bit set open (fit opens them all). With more
	// than maxNameVariants names, variants[0] alone.
	names    []longName
	variants []*fitter
	sh       *shaper
	capH     int64 // cap height, layout units
}

// maxNameVariants: with up to this many long names in one slogan, each is
// kept whole or not by itself; with more, all or none.
const maxNameVariants = 3

// prepare runs the board-independent steps: normalisation, words, units
// that must not break, glyphs and their metrics.
func (r *Renderer) prepare(s string, style Style) (*text, error) {
	para, err := r.paragraph(s)
	if err != nil {
		return nil, err
	}
	chain, err := r.fontChain(style.Font)
	if err != nil {
		return nil, err
	}
	sh := &shaper{fonts: chain, upem: int64(chain[0].upem), uppercase: style.Uppercase}
	words, err := sh.shape(para.toks)
	if err != nil {
		return nil, err
	}
	top, bot := sh.inkExtent(words)
	capH := int64(chain[0].capHeight)
	fitterFor := func(gaps []gap) *fitter {
		return &fitter{m: newMeasured(words, gaps, int64(chain[0].spaceAdvance())), upem: sh.upem,
			inkTop: top, inkBot: bot, gap: int64(math.Round(style.LineGap * float64(capH)))}
	}
	// fit breaks every long name at its points; a board keeps whole the
	// names that fit it (placeStatic), with the variant for that choice.
	all := 1<<len(para.names) - 1
	t := &text{words: words, fit: fitterFor(openNames(para.gaps, para.names, all)), sh: sh, capH: capH,
		names: para.names}
	if n := len(para.names); n > 0 && n <= maxNameVariants {
		t.variants = make([]*fitter, all)
		for open := range all {
			t.variants[open] = fitterFor(openNames(para.gaps, para.names, open))
		}
	} else if n > 0 {
		t.variants = []*fitter{fitterFor(para.gaps)}
	}
	return t, nil
}

// paragraph splits s into words and marks where lines may break.
func (r *Renderer) paragraph(s string) (paragraph, error) {
	prep, err := prepareText(s)
	if err != nil {
		return paragraph{}, err
	}
	para := splitWords(prep)
	para.attachPunctuation()
	keys := wordKeys(para.toks)
	protectNumbers(&para, keys)
	protectOrdinals(&para, keys)
	protectNames(&para, keys)
	protectWords(&para, keys, vietnameseWords(), r.phrases)
	protectPhrases(&para, keys, r.phrases)
	weighGaps(&para, keys)
	weighPhrases(&para, keys, r.soft)
	splitUnits(&para, keys, r.splits)
	return para, nil
}

func (r *Renderer) makePlan(s string, size Size, style Style, speed int) (*plan, error) {
	t, err := r.prepare(s, style)
	if err != nil {
		return nil, err
	}
	p := &plan{bg: style.Background, ink: style.Ink, masks: r.masks}
	p.layout = Layout{Size: size, Image: size, Style: style.Name, Font: t.sh.fonts[0].name}
	if r.placeStatic(p, t, size, style) {
		return p, nil
	}
	r.placeStrip(p, t, size, style)
	if wantsPages(p.layout, speed) {
		q := &plan{bg: p.bg, ink: p.ink, masks: p.masks}
		q.layout = Layout{Size: size, Image: size, Style: style.Name, Font: p.layout.Font}
		if r.placePages(q, t, size, style) {
			return q, nil
		}
	}
	return p, nil
}

// margin is the style's border scaled to the board's shorter side.
func margin(style Style, size Size) int {
	return max(1, int(math.Round(style.Margin*float64(min(size.W, size.H)))))
}

// setSize records the chosen size in the layout and says whether to hint.
func (t *text) setSize(l *Layout, ppem int64) bool {
	l.FontSize = float64(ppem) / 64
	l.CapHeight = math.Round(float64(t.capH)*float64(ppem)/float64(t.sh.upem)/64*100) / 100
	l.Hinting = hints(l.Size, ppem)
	return l.Hinting
}

func hints(board Size, ppem int64) bool {
	return min(board.W, board.H) <= hintBoardSide || ppem <= hintMaxPPEM*64
}

// hinted rounds a size down to whole pixels when it will be hinted.
func hinted(board Size, ppem int64) int64 {
	if hints(board, ppem) && ppem >= 64 {
		return ppem &^ 63
	}
	return ppem
}

// emblemSide is the emblem's side for a safe area, 0 without an emblem.
func emblemSide(style Style, safe image.Rectangle) int {
	if style.Emblem == nil {
		return 0
	}
	return int(math.Round(style.Emblem.Scale * float64(min(safe.Dx(), safe.Dy()))))
}
