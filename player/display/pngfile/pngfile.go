// Package pngfile is the display that writes each frame to a PNG file,
// atomically, for tests and for LED controller software that loads an
// image file.
package pngfile

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sync"

	"codong/atomicfile"
	"codong/player/display"
)

// Display writes frames to Path.
type Display struct {
	Path string

	mu   sync.Mutex
	last []byte // the file's bytes, as last written
}

var (
	_ display.Display = (*Display)(nil)
	_ display.Grabber = (*Display)(nil)
)

// New checks that the file's directory exists.
func New(path string) (*Display, error) {
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("thư mục chứa tệp hình %s không tồn tại", path)
	}
	return &Display{Path: path}, nil
}

// Show replaces the file with the frame; readers never see half a frame.
// At full brightness the picture is written as it came, so its sha256 is
// the manifest's; dimmed or off, it is redrawn darker or black.
func (d *Display) Show(f display.Frame) error {
	data := f.PNG
	if f.Off || f.Brightness < 1 {
		var err error
		if data, err = dim(f); err != nil {
			return err
		}
	}
	if err := atomicfile.WriteFile(d.Path, data, 0o644); err != nil {
		return err
	}
	d.mu.Lock()
	d.last = data
	d.mu.Unlock()
	return nil
}

// Grab is the picture in the file, as written: this display's buffer.
func (d *Display) Grab() ([]byte, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.last, nil
}

// dim scales every pixel by the frame's brightness (black when off).
func dim(f display.Frame) ([]byte, error) {
	src, err := png.Decode(bytes.NewReader(f.PNG))
	if err != nil {
		return nil, fmt.Errorf("giải mã hình: %w", err)
	}
	b := src.Bounds()
	out := image.NewRGBA(b)
	level := uint32(max(0, min(1, f.Brightness)) * 256)
	if f.Off {
		level = 0
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := src.At(x, y).RGBA()
			i := out.PixOffset(x, y)
			out.Pix[i+0] = uint8((r >> 8) * level >> 8)
			out.Pix[i+1] = uint8((g >> 8) * level >> 8)
			out.Pix[i+2] = uint8((bl >> 8) * level >> 8)
			out.Pix[i+3] = 0xff
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Close has nothing to release.
func (d *Display) Close() error { return nil }
