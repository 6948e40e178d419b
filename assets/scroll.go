package assets

import "image"

// placeStrip sets the whole text on one line as tall as the board allows,
// in an image as wide as the text: the player scrolls it across the board
// (chữ chạy). Typed line breaks become spaces.
func (r *Renderer) placeStrip(p *plan, t *text, size Size, style Style) {
	m := margin(style, size)
	safeH := size.H - 2*m
	ppem := t.fit.ppemForLines(1, safeH)
	// Keep the strip, and so the memory of one render, bounded.
	total := t.fit.m.lineWidth(0, t.fit.m.count())
	if limit := t.fit.ppemForWidth(total, maxStripWidth-2*m-safeH); limit < ppem {
		ppem = limit
	}
	ppem = hinted(max(ppem, 64))
	hint := t.setSize(&p.layout, ppem)
	line := r.setWords(t, 0, t.fit.m.count(), ppem, hint)
	side := 0
	if style.Emblem != nil {
		side = safeH
	}
	lead := m
	if side > 0 {
		lead += side + side/4
	}
	width := lead + line.ink.Dx() + m
	p.layout.Scroll = true
	p.layout.Image = Size{W: width, H: size.H}
	safe := image.Rect(m, m, width-m, size.H-m)
	p.layout.Safe = boxOf(safe)
	if side > 0 {
		p.setEmblem(style, image.Rect(m, m, m+side, m+side))
	}
	p.putLines([]setLine{line}, 0, image.Rect(lead, m, lead+line.ink.Dx(), size.H-m))
}
