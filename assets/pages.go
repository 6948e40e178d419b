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

// placePages sets the text in pages of one or two lines at one size
// for all. Of the sizes from the largest a page allows down to the
// legible floor, it takes the one whose pages read best (pageBreaks:
// pages ending at pauses, no lone syllable, no leaning word at a page's
// end) after weighing that against size, and never more than MaxPages
// pages. It reports false when no legible paging exists: the strip stays.
func (r *Renderer) placePages(p *plan, t *text, size Size, style Style) bool {
	safe := image.Rect(0, 0, size.W, size.H).Inset(margin(style, size))
	// The style's emblem stands at the left of every page, as at the
	// head of a strip; the text takes the rest.
	area, side := safe, emblemSide(style, safe)
	if side > 0 {
		area.Min.X += side + side/6
	}
	floor := capFloor(style, size)
	// Long names stay whole on the pages too wherever they fit a line
	// alone (namesFit), as on a still; else the strip stays.
	if f := t.namesFit(size, area, nameFloor(style, size)); f != nil {
		whole := *t
		whole.fit = f
		t = &whole
		p.names = f
	}
	best, ok := t.choosePaging(size, area, floor)
	if !ok || !r.setPages(p, t, best, size, area) || p.layout.CapHeight < floor {
		return false
	}
	return r.pagedEmblems(p, style, size, safe, side)
}

// pagedEmblems records the safe area and puts the style's emblem on every
// page.
func (r *Renderer) pagedEmblems(p *plan, style Style, size Size, safe image.Rectangle, side int) bool {
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

// setPages draws the pages' lines, shrinking a little when hinting
// pushed a page's ink past the text's area, and records the layout.
func (r *Renderer) setPages(p *plan, t *text, pg paging, size Size, area image.Rectangle) bool {
	ppem := hinted(size, pg.ppem)
	for range 8 {
		hint := t.setSize(&p.layout, ppem)
		lines, pitch := r.setLines(t, pg.ends, ppem, hint)
		if pagesFit(lines, pitch, pg.perPage, area) {
			p.putPages(lines, pitch, pg.perPage, size, area)
			return true
		}
		ppem = hinted(size, ppem*97/100)
	}
	return false
}

// pagesFit reports whether every page fits the text's area.
func pagesFit(lines []setLine, pitch int, perPage []int, area image.Rectangle) bool {
	a := 0
	for _, n := range perPage {
		page := lines[a : a+n]
		if w, h := blockSize(page, pagePitch(page, pitch)); w > area.Dx() || h > area.Dy() {
			return false
		}
		a += n
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
func (p *plan) putPages(lines []setLine, pitch int, perPage []int, size Size, area image.Rectangle) {
	n := len(perPage)
	p.layout.Pages = n
	p.layout.Image = Size{W: size.W, H: size.H * n}
	p.layout.Lines = nil
	var block image.Rectangle
	a := 0
	for i, k := range perPage {
		page := lines[a : a+k]
		a += k
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
