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
	// Room for hinting's whole pixel and one shrink step of setBlock.
	floor := capFloor(style, size)
	minPPEM := (int64(math.Ceil(floor*64))*t.sh.upem/max(t.capH, 1) + 64) * 103 / 100
	fr, ok := t.fit.fit(area.Dx(), area.Dy(), minPPEM)
	if !ok || capPx(t, fr.ppem) < floor {
		return false
	}
	// Hinting and rounding may leave the chosen layout a hair below the
	// legible size: then a larger one, flaws and all, beats scrolling.
	var lines []setLine
	var pitch int
	for _, c := range append([]fitResult{fr}, fr.larger...) {
		if lines, pitch, ok = r.setBlock(p, t, c, area); ok && p.layout.CapHeight >= floor {
			p.fitted = c
			break
		}
		ok = false
	}
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
