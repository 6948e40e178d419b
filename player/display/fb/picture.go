package fb

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math"

	"codong/player/display"
)

// picture reads a decoded PNG row by row as premultiplied RGBA, which is
// the colour over black: transparent parts of a picture show black.
type picture struct {
	img     image.Image
	rgba    *image.RGBA // img itself when it already is RGBA
	scratch *image.RGBA // one row, for every other kind of image
}

// maxPixels bounds a picture before it is decoded: twice the widest strip
// the renderer makes for a 1920×1080 board (16384×1080).
const maxPixels = 1 << 25

func decode(data []byte) (*picture, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("không đọc được hình PNG: %w", err)
	}
	if cfg.Width*cfg.Height > maxPixels {
		return nil, fmt.Errorf("hình %d×%d điểm ảnh quá lớn để hiển thị", cfg.Width, cfg.Height)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("không đọc được hình PNG: %w", err)
	}
	p := &picture{img: img}
	if rgba, ok := img.(*image.RGBA); ok {
		p.rgba = rgba
	} else {
		p.scratch = image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), 1))
	}
	return p, nil
}

func (p *picture) size() image.Point { return p.img.Bounds().Size() }

// row returns the pixels [x0, x1) of row y, counted from the picture's
// top-left corner. The slice is valid until the next call.
func (p *picture) row(y, x0, x1 int) []byte {
	b := p.img.Bounds()
	if p.rgba != nil {
		i := p.rgba.PixOffset(b.Min.X+x0, b.Min.Y+y)
		return p.rgba.Pix[i : i+4*(x1-x0)]
	}
	r := image.Rect(0, 0, x1-x0, 1)
	draw.Draw(p.scratch, r, p.img, image.Pt(b.Min.X+x0, b.Min.Y+y), draw.Src)
	return p.scratch.Pix[:4*(x1-x0)]
}

// level is the frame's brightness as a multiplier in 0..256. Off and a
// brightness of 0 or less are black; above 1 is full; NaN is full too,
// because a board must not go dark by mistake.
func level(f display.Frame) uint32 {
	switch b := f.Brightness; {
	case f.Off || b <= 0:
		return 0
	case b >= 1 || math.IsNaN(b):
		return 256
	default:
		return uint32(math.Round(b * 256))
	}
}

// speed is the frame's scroll speed in pixels per second.
func speed(f display.Frame) float64 {
	if f.ScrollSpeed > 0 && !math.IsInf(f.ScrollSpeed, 0) {
		return f.ScrollSpeed
	}
	return display.DefaultScrollSpeed
}
