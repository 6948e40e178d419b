package assets

import (
	"image"
	"sync"

	"github.com/golang/freetype/raster"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// maskCacheBytes bounds the rasterised glyphs kept between renders.
const maskCacheBytes = 64 << 20

// maskKey names one rasterised glyph: a pure function of these fields, so
// a cached mask is always the same bytes as a fresh one.
type maskKey struct {
	face *fontFace
	idx  truetype.Index
	ppem fixed.Int26_6
	subX fixed.Int26_6 // pen offset within the pixel
	hint bool
}

// maskCache holds glyph coverage masks whose Rect is relative to the pen
// position on the baseline and tight around the ink.
type maskCache struct {
	mu    sync.Mutex
	masks map[maskKey]*image.Alpha
	bytes int
	bufs  sync.Pool // *truetype.GlyphBuf: each carries its own hinter
	ras   sync.Pool // *raster.Rasterizer
}

func newMaskCache() *maskCache {
	c := &maskCache{masks: make(map[maskKey]*image.Alpha)}
	c.bufs.New = func() any { return new(truetype.GlyphBuf) }
	c.ras.New = func() any { return raster.NewRasterizer(0, 0) }
	return c
}

func (c *maskCache) mask(k maskKey) *image.Alpha {
	c.mu.Lock()
	m, ok := c.masks[k]
	c.mu.Unlock()
	if ok {
		return m
	}
	m = c.rasterize(k)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bytes+len(m.Pix) > maskCacheBytes {
		// Dropping everything is crude but cheap, and a render never
		// depends on what the cache held.
		c.masks, c.bytes = make(map[maskKey]*image.Alpha), 0
	}
	c.masks[k] = m
	c.bytes += len(m.Pix)
	return m
}

func (c *maskCache) rasterize(k maskKey) *image.Alpha {
	gb := c.bufs.Get().(*truetype.GlyphBuf)
	defer c.bufs.Put(gb)
	h := font.HintingNone
	if k.hint {
		h = font.HintingFull
	}
	if err := gb.Load(k.face.tt, k.ppem, k.idx, h); err != nil || len(gb.Ends) == 0 {
		return image.NewAlpha(image.Rectangle{})
	}
	b := gb.Bounds
	x0, x1 := int(k.subX+b.Min.X)>>6, int(k.subX+b.Max.X+63)>>6
	y0, y1 := int(-b.Max.Y)>>6, int(-b.Min.Y+63)>>6
	img := image.NewAlpha(image.Rect(0, 0, x1-x0, y1-y0))
	r := c.ras.Get().(*raster.Rasterizer)
	defer c.ras.Put(r)
	r.SetBounds(x1-x0, y1-y0)
	r.UseNonZeroWinding = true
	dx, dy := k.subX-fixed.I(x0), -fixed.I(y0)
	e0 := 0
	for _, e1 := range gb.Ends {
		addContour(r, gb.Points[e0:e1], dx, dy)
		e0 = e1
	}
	r.Rasterize(raster.NewAlphaSrcPainter(img))
	img.Rect = img.Rect.Add(image.Pt(x0, y0))
	return tight(img)
}

// addContour feeds one closed TrueType contour (quadratic B-splines whose
// consecutive off-curve points imply an on-curve midpoint) to r, flipping y
// from font space (up) to image space (down).
func addContour(r *raster.Rasterizer, ps []truetype.Point, dx, dy fixed.Int26_6) {
	if len(ps) == 0 {
		return
	}
	at := func(p truetype.Point) fixed.Point26_6 { return fixed.Point26_6{X: dx + p.X, Y: dy - p.Y} }
	on := func(p truetype.Point) bool { return p.Flags&1 != 0 }
	mid := func(a, b fixed.Point26_6) fixed.Point26_6 {
		return fixed.Point26_6{X: (a.X + b.X) / 2, Y: (a.Y + b.Y) / 2}
	}
	last := len(ps) - 1
	var start fixed.Point26_6
	rest := ps
	switch {
	case on(ps[0]):
		start, rest = at(ps[0]), ps[1:]
	case on(ps[last]):
		start, rest = at(ps[last]), ps[:last]
	default:
		start = mid(at(ps[0]), at(ps[last]))
	}
	r.Start(start)
	var ctrl fixed.Point26_6
	haveCtrl := false
	for _, p := range rest {
		q := at(p)
		switch {
		case on(p) && haveCtrl:
			r.Add2(ctrl, q)
		case on(p):
			r.Add1(q)
		case haveCtrl:
			r.Add2(ctrl, mid(ctrl, q))
		}
		haveCtrl = !on(p)
		if haveCtrl {
			ctrl = q
		}
	}
	if haveCtrl {
		r.Add2(ctrl, start)
	} else {
		r.Add1(start)
	}
}

// tight trims the rows and columns without ink, so a mask's Rect is the
// glyph's real ink extent.
func tight(m *image.Alpha) *image.Alpha {
	b := m.Rect
	ink := image.Rectangle{Min: b.Max, Max: b.Min}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := m.Pix[(y-b.Min.Y)*m.Stride : (y-b.Min.Y)*m.Stride+b.Dx()]
		first, last := -1, -1
		for x, a := range row {
			if a != 0 {
				if first < 0 {
					first = x
				}
				last = x
			}
		}
		if first < 0 {
			continue
		}
		ink.Min.X, ink.Max.X = min(ink.Min.X, b.Min.X+first), max(ink.Max.X, b.Min.X+last+1)
		ink.Min.Y, ink.Max.Y = min(ink.Min.Y, y), max(ink.Max.Y, y+1)
	}
	if ink.Empty() {
		return image.NewAlpha(image.Rectangle{})
	}
	return m.SubImage(ink).(*image.Alpha)
}
