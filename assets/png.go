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

// image draws the plan: coverage on an alpha canvas, then the canvas's
// bytes become indexes into a palette of background-to-ink blends.
func (p *plan) image() *image.Paletted {
	size := p.layout.Image
	canvas := image.NewAlpha(image.Rect(0, 0, size.W, size.H))
	blendOver(canvas, p.stamps)
	if p.emblem == nil || p.emblem.color == p.ink {
		if p.emblem != nil {
			blendOver(canvas, []stamp{p.emblem.stamp})
		}
		return &image.Paletted{Pix: canvas.Pix, Stride: canvas.Stride, Rect: canvas.Rect,
			Palette: ramp(p.bg, p.ink, 256)}
	}
	// Two inks: the lower half of the palette for the text, the upper
	// half for the emblem, each a 128-step ramp from the background.
	for i, a := range canvas.Pix {
		canvas.Pix[i] = a >> 1
	}
	e := p.emblem
	r := e.bounds().Intersect(canvas.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a := e.mask.AlphaAt(x-e.at.X, y-e.at.Y).A; a > 0 {
				canvas.Pix[canvas.PixOffset(x, y)] = 128 + a>>1
			}
		}
	}
	pal := append(ramp(p.bg, p.ink, 128), ramp(p.bg, e.color, 128)...)
	return &image.Paletted{Pix: canvas.Pix, Stride: canvas.Stride, Rect: canvas.Rect, Palette: pal}
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
	if err := encoder.Encode(&buf, p.image()); err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(buf.Bytes())
	return buf.Bytes(), hex.EncodeToString(sum[:]), nil
}
