package fb

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"

	"codong/player/display"
)

var _ display.Grabber = (*Display)(nil)

// Grab reads back what the framebuffer holds now, the board's part of
// it (the top-left corner, of the last frame's size, clipped to the
// screen), as a PNG: what a LED sending card captures, brightness and
// all, for the controller's full-size screenshot (protocol 2.6). It
// reads the device, not the display's memory, which a scrolling strip's
// goroutine owns; a strip may so be caught mid-line. nil before the
// first frame.
func (d *Display) Grab() ([]byte, error) {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil, errClosed
	}
	w, h, shown := d.boardW, d.boardH, d.shown
	d.mu.Unlock()
	if !shown {
		return nil, nil
	}
	if w <= 0 || w > d.g.Width {
		w = d.g.Width
	}
	if h <= 0 || h > d.g.Height {
		h = d.g.Height
	}
	raw := make([]byte, h*d.g.LineLength)
	if _, err := d.f.ReadAt(raw, d.g.Offset); err != nil {
		return nil, fmt.Errorf("không đọc được framebuffer: %w", err)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bpp := d.g.bytesPerPixel()
	for y := range h {
		line := raw[y*d.g.LineLength:]
		for x := range w {
			var v uint32
			if bpp == 4 {
				v = binary.NativeEndian.Uint32(line[x*4:])
			} else {
				v = uint32(binary.NativeEndian.Uint16(line[x*2:]))
			}
			i := img.PixOffset(x, y)
			img.Pix[i+0] = channel(v, d.g.Red)
			img.Pix[i+1] = channel(v, d.g.Green)
			img.Pix[i+2] = channel(v, d.g.Blue)
			img.Pix[i+3] = 0xff
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// channel is one colour of a device pixel as 8 bits: the bits the
// display wrote (the top ones of the picture's value) repeated into the
// low ones, so full is 255 and 8-bit channels read back exactly.
func channel(v uint32, b Bitfield) uint8 {
	c := v >> b.Offset & (1<<b.Length - 1)
	out := c << (8 - b.Length)
	for shift := b.Length; shift < 8; shift += b.Length {
		out |= c << (8 - b.Length) >> shift
	}
	return uint8(out)
}
