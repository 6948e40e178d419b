package assets

import (
	"image"

	"github.com/golang/freetype/raster"
	"golang.org/x/image/math/fixed"
)

// stamp is a glyph placed on the canvas: mask pixel p lands on canvas
// pixel at+p. Plans keep only the key, so the memory of rasterised glyphs
// stays bounded by the mask cache however many plans are cached.
type stamp struct {
	key  maskKey
	mask *image.Alpha // nil until drawn
	at   image.Point
}

func (s stamp) bounds() image.Rectangle { return s.mask.Rect.Add(s.at) }

// blendOver composites coverage masks onto dst ("over": overlapping ink,
// as in a kerned pair, never exceeds full coverage). Stamps are clipped to
// dst, so nothing can be drawn outside the canvas.
func blendOver(dst *image.Alpha, stamps []stamp) {
	for _, s := range stamps {
		r := s.bounds().Intersect(dst.Rect)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			src := s.mask.Pix[s.mask.PixOffset(r.Min.X-s.at.X, y-s.at.Y):]
			row := dst.Pix[dst.PixOffset(r.Min.X, y):dst.PixOffset(r.Max.X, y)]
			for i, d := range row {
				a := uint32(src[i])
				if a == 0 {
					continue
				}
				row[i] = uint8(a + uint32(d)*(255-a)/255)
			}
		}
	}
}

// fillPolygon rasterises an emblem outline (in the square [-1,1]², y down)
// into a side×side coverage mask.
func fillPolygon(outline []Point, side int) *image.Alpha {
	img := image.NewAlpha(image.Rect(0, 0, side, side))
	if len(outline) < 3 || side <= 0 {
		return img
	}
	r := raster.NewRasterizer(side, side)
	r.UseNonZeroWinding = true
	half := float64(side) / 2
	at := func(p Point) fixed.Point26_6 {
		return fixed.Point26_6{
			X: fixed.Int26_6(int64((half + p.X*half) * 64)),
			Y: fixed.Int26_6(int64((half + p.Y*half) * 64)),
		}
	}
	r.Start(at(outline[0]))
	for _, p := range outline[1:] {
		r.Add1(at(p))
	}
	r.Add1(at(outline[0]))
	r.Rasterize(raster.NewAlphaSrcPainter(img))
	return img
}
