package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"sync"
)

// encoder writes paletted PNGs at the fastest zlib level: a slogan is a
// few flat colours, which a palette and fast deflate handle well, and the
// output depends only on the pixels, so it is deterministic.
var encoder = &png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &encoderPool{}}

type encoderPool struct{ p sync.Pool }

func (e *encoderPool) Get() *png.EncoderBuffer {
	b, _ := e.p.Get().(*png.EncoderBuffer)
	return b
}

func (e *encoderPool) Put(b *png.EncoderBuffer) { e.p.Put(b) }

// canvases recycles the coverage canvas between renders.
var canvases sync.Pool // *[]byte

// image draws the plan: coverage on an alpha canvas, then the canvas's
// bytes become indexes into a palette of background-to-ink blends. The
// caller gives the canvas back with release.
func (p *plan) image() *image.Paletted {
	size := p.layout.Image
	canvas := newCanvas(size)
	stamps := make([]stamp, len(p.stamps))
	for i, s := range p.stamps {
		s.mask = p.masks.mask(s.key)
		stamps[i] = s
	}
	blendOver(canvas, stamps)
	pal := ramp(p.bg, p.ink, 256)
	if len(p.emblems) > 0 {
		e := p.emblems[0]
		// Every copy has one size: one mask serves them all.
		mask := fillPolygon(e.outline, e.box.Dx())
		stars := make([]stamp, len(p.emblems))
		for i, e := range p.emblems {
			stars[i] = stamp{mask: mask, at: e.box.Min}
		}
		if e.color == p.ink {
			blendOver(canvas, stars)
		} else {
			pal = twoInks(canvas, stars, p, e.color)
		}
	}
	return &image.Paletted{Pix: canvas.Pix, Stride: canvas.Stride, Rect: canvas.Rect, Palette: pal}
}

// twoInks splits the palette: the lower half a 128-step ramp to the text's
// ink, the upper half one to the emblem's colour.
func twoInks(canvas *image.Alpha, stars []stamp, p *plan, emblemInk Color) color.Palette {
	for i, a := range canvas.Pix {
		canvas.Pix[i] = a >> 1
	}
	for _, e := range stars {
		r := e.bounds().Intersect(canvas.Rect)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if a := e.mask.AlphaAt(x-e.at.X, y-e.at.Y).A; a > 0 {
					canvas.Pix[canvas.PixOffset(x, y)] = 128 + a>>1
				}
			}
		}
	}
	return append(ramp(p.bg, p.ink, 128), ramp(p.bg, emblemInk, 128)...)
}

func newCanvas(size Size) *image.Alpha {
	n := size.W * size.H
	var pix []byte
	if b, ok := canvases.Get().(*[]byte); ok && cap(*b) >= n {
		pix = (*b)[:n]
		clear(pix)
	} else {
		pix = make([]byte, n)
	}
	return &image.Alpha{Pix: pix, Stride: size.W, Rect: image.Rect(0, 0, size.W, size.H)}
}

func release(img *image.Paletted) {
	// Only board-sized canvases are worth keeping.
	if len(img.Pix) <= 4<<20 {
		canvases.Put(&img.Pix)
	}
}

// ramp is n colours from bg (index 0) to ink (index n-1).
func ramp(bg, ink Color, n int) color.Palette {
	pal := make(color.Palette, n)
	mix := func(a, b uint8, i int) uint8 {
		return uint8((int(a)*(n-1-i) + int(b)*i + (n-1)/2) / (n - 1))
	}
	for i := range pal {
		pal[i] = color.RGBA{mix(bg.R, ink.R, i), mix(bg.G, ink.G, i), mix(bg.B, ink.B, i), 0xff}
	}
	return pal
}

// encode draws the plan and returns the PNG and its sha256 in hex.
func (p *plan) encode() ([]byte, string, error) {
	var buf bytes.Buffer
	buf.Grow(16 << 10)
	img := p.image()
	defer release(img)
	if err := encoder.Encode(&buf, img); err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(buf.Bytes())
	return buf.Bytes(), hex.EncodeToString(sum[:]), nil
}
