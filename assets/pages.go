package assets

import (
	"image"
	"math"
)

// Pages in turn (lật trang): a strip that would take longer than
// maxPassSeconds to pass at the board's speed loses its reader, who
// walks on before the end. A LED shop then sets the slogan in pages of
// one or two lines shown one after the other. The pages are stacked top
// to bottom in one picture, each a board high; the player shows them in
// turn.
const (
	maxPassSeconds = 60
	// MaxPages is the most pages a picture holds: a text that needs more
	// stays a strip. Players refuse more (playlists.MaxPages).
	MaxPages     = 16
	maxPageLines = 2
)

// passSeconds is how long a strip stripW pixels wide takes to enter at
// the right edge of a board boardW wide and leave at its left.
func passSeconds(stripW, boardW, speed int) float64 {
	return float64(stripW+boardW) / float64(speed)
}

// wantsPages reports whether a layout that came out as a strip should
// be set in pages instead: its pass at speed (pixels per second, 0 when
// not known) takes longer than maxPassSeconds.
func wantsPages(l Layout, speed int) bool {
	return l.Scroll && speed > 0 && passSeconds(l.Image.W, l.Size.W, speed) > maxPassSeconds
}

// placePages sets the text in pages of up to maxPageLines lines at one
// size for all, lines broken by the same rules as a still (units whole,
// no hanging word). Of the line counts a page may hold, it takes the one
// that gives the largest letters (a page is bound by the board's height
// or by the widest unit) after a tenth off for each flaw of its breaking,
// the fuller pages when that ties, and never more than MaxPages pages. It reports false when no legible paging
// exists: the strip stays.
func (r *Renderer) placePages(p *plan, t *text, size Size, style Style) bool {
	safe := image.Rect(0, 0, size.W, size.H).Inset(margin(style, size))
	// The style's emblem stands at the left of every page, as at the
	// head of a strip; the text takes the rest.
	area, side := safe, emblemSide(style, safe)
	if side > 0 {
		area.Min.X += side + side/6
	}
	m := t.fit.m
	// The narrowest line that can hold the widest unit.
	unit := m.minMaxWidths(m.count())[m.count()]
	minCap := float64(style.MinCapHeight)
	var bestEnds []int
	bestK, bestPPEM, bestEff := 0, int64(0), int64(0)
	for k := maxPageLines; k >= 1; k-- {
		ppem := min(t.fit.ppemForLines(k, area.Dy()), t.fit.ppemForWidth(unit, area.Dx()))
		if capPx(t, ppem) < minCap {
			continue
		}
		maxW := int64(area.Dx()-2*inkSlackPx) * 64 * t.sh.upem / ppem
		ends, _ := m.breakLines(maxW, maxW, m.count())
		if ends == nil || (len(ends)+k-1)/k > MaxPages {
			continue
		}
		// Flaws (a hanging word, a lone syllable) cost a tenth of size
		// each, as in fit: larger letters win only by more than that.
		eff := ppem
		flaws, _ := m.flaws(ends)
		for range min(flaws, maxFlaws) {
			eff = eff * flawPct / 100
		}
		if eff > bestEff {
			bestEnds, bestK, bestPPEM, bestEff = ends, k, ppem, eff
		}
	}
	if bestK == 0 || !r.setPages(p, t, bestEnds, bestK, bestPPEM, size, area) || p.layout.CapHeight < minCap {
		return false
	}
	p.layout.Safe = boxOf(safe)
	if side > 0 {
		for i := range p.layout.Pages {
			top := i*size.H + safe.Min.Y + (safe.Dy()-side)/2
			p.setEmblem(style, image.Rect(safe.Min.X, top, safe.Min.X+side, top+side))
		}
	}
	return true
}

// capPx is the cap height in pixels at ppem.
func capPx(t *text, ppem int64) float64 {
	return float64(t.capH*ppem) / float64(t.sh.upem) / 64
}

// setPages draws the lines k to a page, shrinking a little when hinting
// pushed a page's ink past the text's area, and records the layout.
func (r *Renderer) setPages(p *plan, t *text, ends []int, k int, ppem int64, size Size, area image.Rectangle) bool {
	ppem = hinted(size, ppem)
	for range 8 {
		hint := t.setSize(&p.layout, ppem)
		lines, pitch := r.setLines(t, ends, ppem, hint)
		if pagesFit(lines, pitch, k, area) {
			p.putPages(lines, pitch, k, size, area)
			return true
		}
		ppem = hinted(size, ppem*97/100)
	}
	return false
}

// pagesFit reports whether every page of k lines fits the text's area.
func pagesFit(lines []setLine, pitch, k int, area image.Rectangle) bool {
	for a := 0; a < len(lines); a += k {
		page := lines[a:min(a+k, len(lines))]
		if w, h := blockSize(page, pagePitch(page, pitch)); w > area.Dx() || h > area.Dy() {
			return false
		}
	}
	return true
}

// pagePitch is the pitch of a page's lines: the block's, measured on
// the page's own ink when it holds more than one line.
func pagePitch(page []setLine, pitch int) int {
	if len(page) < 2 {
		return 0
	}
	return pitch
}

// putPages centres each page in the text's area of its own board-high
// band of the picture.
func (p *plan) putPages(lines []setLine, pitch, k int, size Size, area image.Rectangle) {
	n := (len(lines) + k - 1) / k
	p.layout.Pages = n
	p.layout.Image = Size{W: size.W, H: size.H * n}
	p.layout.Lines = nil
	var block image.Rectangle
	for i := range n {
		page := lines[i*k : min(i*k+k, len(lines))]
		first := len(p.layout.Lines)
		p.putLines(page, pagePitch(page, pitch), area.Add(image.Pt(0, i*size.H)))
		for j := first; j < len(p.layout.Lines); j++ {
			p.layout.Lines[j].Page = i
		}
		block = block.Union(p.layout.Block.Rect())
	}
	p.layout.Block = boxOf(block)
	// putLines counted every page's ink over one board: a passer-by sees
	// one page at a time, so the share lit is the pages' average.
	p.layout.Coverage = math.Round(p.layout.Coverage/float64(n)*1e4) / 1e4
}
