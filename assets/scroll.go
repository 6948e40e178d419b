package assets

import "image"

// stripAreaFactor bounds a strip's pixels to this many boards' worth (plus
// a little for tiny boards), so text cannot make a render eat memory.
const (
	stripAreaFactor = 8
	stripAreaExtra  = 1 << 20
)

// placeStrip sets the whole text on one line as tall as the board allows,
// in an image as wide as the text: the player scrolls it across the board
// (chữ chạy). Typed line breaks become spaces.
func (r *Renderer) placeStrip(p *plan, t *text, size Size, style Style) {
	m := margin(style, size)
	safeH := size.H - 2*m
	side := 0
	if style.Emblem != nil {
		side = safeH
	}
	lead := m
	if side > 0 {
		lead += side + side/4
	}
	maxW := min(maxStripWidth, (stripAreaFactor*size.W*size.H+stripAreaExtra)/size.H)
	ppem := t.fit.ppemForLines(1, safeH)
	total := t.fit.m.lineWidth(0, t.fit.m.count())
	ppem = min(ppem, t.fit.ppemForWidth(total, maxW-lead-m))
	var line setLine
	for {
		ppem = hinted(size, max(ppem, 64))
		hint := t.setSize(&p.layout, ppem)
		line = r.setWords(t, 0, t.fit.m.count(), ppem, hint)
		if ppem == 64 || (line.ink.Dy() <= safeH && lead+line.ink.Dx()+m <= maxW) {
			break
		}
		ppem = ppem * 97 / 100
	}
	width := lead + line.ink.Dx() + m
	left := 0
	if width <= size.W {
		// A board too low for legible text but wide enough for all of it:
		// there is nothing to scroll, so centre the line on the board.
		left, width = (size.W-width)/2, size.W
	} else {
		p.layout.Scroll = true
	}
	p.layout.Image = Size{W: width, H: size.H}
	p.layout.Safe = boxOf(image.Rect(m, m, width-m, size.H-m))
	if side > 0 {
		p.setEmblem(style, image.Rect(left+m, m, left+m+side, m+side))
	}
	p.putLines([]setLine{line}, 0, image.Rect(left+lead, m, left+lead+line.ink.Dx(), size.H-m))
}
