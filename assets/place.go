package assets

import (
	"image"
	"math"
	"strings"

	"golang.org/x/image/math/fixed"
)

// setLine is one line drawn at pen (0, 0) on its baseline.
type setLine struct {
	text   string
	stamps []stamp
	ink    image.Rectangle // real ink, from the rasterised glyphs
}

// setWords rasterises words[a:b] as one line. Pen positions come from the
// layout units, exactly; a hinted size puts each glyph on a whole pixel,
// otherwise on a quarter pixel.
func (r *Renderer) setWords(t *text, a, b int, ppem int64, hint bool) setLine {
	var l setLine
	texts := make([]string, 0, b-a)
	var x int64
	for _, w := range t.words[a:b] {
		texts = append(texts, w.display)
		for _, g := range w.glyphs {
			pos := (x + g.x) * ppem / t.sh.upem
			if hint {
				pos = (pos + 32) &^ 63
			} else {
				pos = (pos + 8) &^ 15
			}
			k := maskKey{face: g.face, idx: g.m.idx, ppem: fixed.Int26_6(ppem), subX: fixed.Int26_6(pos & 63), hint: hint}
			m := r.masks.mask(k)
			if m.Rect.Empty() {
				continue
			}
			s := stamp{key: k, mask: m, at: image.Pt(int(pos>>6), 0)}
			l.stamps = append(l.stamps, s)
			l.ink = l.ink.Union(s.bounds())
		}
		x += w.width + t.fit.m.space
	}
	l.text = strings.Join(texts, " ")
	return l
}

// placeStatic lays the text out on the board itself, or reports false when
// it would be too small to read and must scroll instead.
func (r *Renderer) placeStatic(p *plan, t *text, size Size, style Style) bool {
	board := image.Rect(0, 0, size.W, size.H)
	safe := board.Inset(margin(style, size))
	area, side := safe, emblemSide(style, safe)
	wide := safe.Dx() >= 2*safe.Dy()
	if side > 0 {
		if wide {
			area.Min.X += side + side/6
		} else {
			area.Min.Y += side + side/6
		}
	}
	floor := capFloor(style, size)
	// A long name stays on one line on every board where it fits alone
	// at nameFloor: the size gives, not the name. Where the slogan cannot
	// be set so, it scrolls or turns pages rather than cut the name.
	f := t.fit
	if whole := t.namesFit(size, area, nameFloor(style, size)); whole != nil {
		f, p.names = whole, whole
	}
	lines, pitch, ok := r.fitBlock(p, t, f, area, floor)
	if !ok {
		return false
	}
	w, h := blockSize(lines, pitch)
	group := image.Rect(0, 0, w, h)
	if side > 0 {
		// Centre emblem and text together as one group in the safe area.
		if wide {
			group.Max.X += side + side/6
			group.Max.Y = max(h, side)
		} else {
			group.Max.Y += side + side/6
			group.Max.X = max(w, side)
		}
	}
	origin := safe.Min.Add(image.Pt((safe.Dx()-group.Dx())/2, (safe.Dy()-group.Dy())/2))
	textArea := image.Rectangle{Min: origin, Max: origin.Add(group.Size())}
	if side > 0 {
		e := image.Rect(0, 0, side, side)
		if wide {
			e = e.Add(image.Pt(origin.X, origin.Y+(group.Dy()-side)/2))
			textArea.Min.X += side + side/6
		} else {
			e = e.Add(image.Pt(origin.X+(group.Dx()-side)/2, origin.Y))
			textArea.Min.Y += side + side/6
		}
		p.setEmblem(style, e)
	}
	p.layout.Safe = boxOf(safe)
	p.putLines(lines, pitch, textArea)
	return true
}

// nameFloor is the least cap height at which a long name counts as fitting
// a board on one line: the board's legible floor (capFloor), and a
// twenty-fourth of the shorter side (a screen is read from about five
// times its size, and a capital reads at about a hundred and twentieth of
// the distance): "ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV" at 30 px on a
// 1080×1920 screen is broken at its joints, "ĐẢNG CỘNG SẢN VIỆT NAM" at
// 48 px is not.
func nameFloor(style Style, size Size) float64 {
	return max(capFloor(style, size), float64(min(size.W, size.H))/24)
}

// namesFit is the breaking that keeps whole every long name that fits the
// area alone on one line with capitals of floor or more, and opens the
// others; nil when the text has no long name.
func (t *text) namesFit(size Size, area image.Rectangle, floor float64) *fitter {
	if len(t.names) == 0 {
		return nil
	}
	open := 0
	m := t.fit.m
	for i, n := range t.names {
		ppem := min(t.fit.ppemForWidth(m.lineWidth(n.a, n.b), area.Dx()), t.fit.ppemForLines(1, area.Dy()))
		if capPx(t, hinted(size, ppem)) < floor {
			open |= 1 << i
		}
	}
	switch {
	case open == 1<<len(t.names)-1:
		return nil // every name broken: fit itself
	case open < len(t.variants):
		return t.variants[open]
	default:
		return nil // more names than variants, some too long: all broken
	}
}

// typedLinesKeep is the least size, in percent of the program's own
// layout, at which the lines as typed are kept.
const typedLinesKeep = 50

// legiblePPEM is the least size at which the text's capitals stay at the
// floor once set: room for hinting's whole pixel and one shrink step of
// setBlock.
func (t *text) legiblePPEM(floor float64) int64 {
	return (int64(math.Ceil(floor*64))*t.sh.upem/max(t.capH, 1) + 64) * 103 / 100
}

// fitBlock finds the largest legible layout of the text with f's breaks
// and sets its lines, or reports false when none is legible.
func (r *Renderer) fitBlock(p *plan, t *text, f *fitter, area image.Rectangle, floor float64) ([]setLine, int, bool) {
	minPPEM := t.legiblePPEM(floor)
	fr, ok := f.fit(area.Dx(), area.Dy(), minPPEM)
	// The officer's own line breaks are the layout wherever its lines
	// are legible and at least typedLinesKeep percent of the size the
	// program's breaks give: a two-line slogan typed so stays two lines,
	// even where four would set it larger; a line too long for the board
	// gets more breaks, the typed ones kept.
	if typed, tok := f.typedLines(area.Dx(), area.Dy()); tok && typed.ppem >= minPPEM &&
		(!ok || typed.ppem*100 >= fr.ppem*typedLinesKeep) {
		if lines, pitch, ok := r.setBlock(p, t, typed, area); ok && p.layout.CapHeight >= floor {
			p.fitted = typed
			return lines, pitch, true
		}
	}
	// A still with a flaw (a syllable alone, "CỦA" at a line's end) is
	// never set: the strip or the pages read better. Only the lines the
	// person typed may have one.
	if !ok || fr.flaws > 0 || capPx(t, fr.ppem) < floor {
		return nil, 0, false
	}
	// Hinting and rounding may leave the chosen layout a hair below the
	// legible size: then a larger one beats scrolling, but not one with
	// more flaws (a syllable alone, "CỦA" at a line's end): the strip
	// or the pages read better than that.
	for _, c := range append([]fitResult{fr}, fr.larger...) {
		if c.flaws > fr.flaws {
			continue
		}
		if lines, pitch, ok := r.setBlock(p, t, c, area); ok && p.layout.CapHeight >= floor {
			p.fitted = c
			return lines, pitch, true
		}
	}
	return nil, 0, false
}

// setBlock sets the lines at the fitted size, shrinking it a little when
// hinting or rounding pushed the real ink past the estimate.
func (r *Renderer) setBlock(p *plan, t *text, fr fitResult, area image.Rectangle) ([]setLine, int, bool) {
	ppem := hinted(p.layout.Size, fr.ppem)
	for range 8 {
		hint := t.setSize(&p.layout, ppem)
		lines, pitch := r.setLines(t, fr.ends, ppem, hint)
		if w, h := blockSize(lines, pitch); w <= area.Dx() && h <= area.Dy() {
			return lines, pitch, true
		}
		ppem = hinted(p.layout.Size, ppem*97/100)
	}
	return nil, 0, false
}

// setLines sets every line and the baseline pitch: one pitch for all lines,
// the least that keeps minGap blank rows between any two lines' real ink.
func (r *Renderer) setLines(t *text, ends []int, ppem int64, hint bool) ([]setLine, int) {
	lines := make([]setLine, len(ends))
	a := 0
	for i, b := range ends {
		lines[i] = r.setWords(t, a, b, ppem, hint)
		a = b
	}
	gap := max(minGapPx, int(math.Round(float64(t.fit.gap*ppem)/float64(t.sh.upem)/64)))
	pitch := 0
	for i := 1; i < len(lines); i++ {
		pitch = max(pitch, lines[i-1].ink.Max.Y-lines[i].ink.Min.Y+gap)
	}
	return lines, pitch
}

// blockSize is the width and height of the ink of all lines stacked.
func blockSize(lines []setLine, pitch int) (int, int) {
	w := 0
	for _, l := range lines {
		w = max(w, l.ink.Dx())
	}
	if len(lines) == 0 {
		return 0, 0
	}
	h := (len(lines)-1)*pitch + lines[len(lines)-1].ink.Max.Y - lines[0].ink.Min.Y
	return w, h
}

// putLines centres each line's ink horizontally and the block vertically
// in area, and records them in the layout.
func (p *plan) putLines(lines []setLine, pitch int, area image.Rectangle) {
	_, h := blockSize(lines, pitch)
	base := area.Min.Y + (area.Dy()-h)/2 - lines[0].ink.Min.Y
	var block image.Rectangle
	for i, l := range lines {
		shift := image.Pt(area.Min.X+(area.Dx()-l.ink.Dx())/2-l.ink.Min.X, base+i*pitch)
		for _, s := range l.stamps {
			s.at, s.mask = s.at.Add(shift), nil
			p.stamps = append(p.stamps, s)
		}
		ink := l.ink.Add(shift)
		block = block.Union(ink)
		p.layout.Lines = append(p.layout.Lines, LayoutLine{Text: l.text, Ink: boxOf(ink), Baseline: shift.Y})
	}
	p.layout.Block = boxOf(block)
	p.layout.Coverage = coverageOf(p.layout)
}

func (p *plan) setEmblem(style Style, at image.Rectangle) {
	e := style.Emblem
	p.emblems = append(p.emblems, emblemShape{outline: e.Outline, box: at, color: e.Color})
	if p.layout.Emblem == nil {
		b := boxOf(at)
		p.layout.Emblem = &b
	}
}

// coverageOf is the share of the board under the lines' ink boxes: what a
// passer-by sees lit, whatever the line count.
func coverageOf(l Layout) float64 {
	a := 0
	for _, line := range l.Lines {
		// A scrolling strip shows at most a board's width at once.
		a += min(line.Ink.Rect().Dx(), l.Size.W) * line.Ink.Rect().Dy()
	}
	return math.Round(float64(a)/float64(l.Size.W*l.Size.H)*1e4) / 1e4
}
