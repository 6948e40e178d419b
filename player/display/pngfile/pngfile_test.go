package pngfile

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"codong/player/display"
)

func redPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 2))
	for i := 0; i < len(img.Pix); i += 4 {
		copy(img.Pix[i:], []byte{200, 100, 0, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestShow(t *testing.T) {
	src := redPNG(t)
	tests := []struct {
		name  string
		frame display.Frame
		want  color.RGBA
		same  bool // written byte for byte
	}{
		{"full brightness keeps the bytes", display.Frame{PNG: src, Brightness: 1}, color.RGBA{200, 100, 0, 255}, true},
		{"half brightness", display.Frame{PNG: src, Brightness: 0.5}, color.RGBA{100, 50, 0, 255}, false},
		{"off is black", display.Frame{PNG: src, Brightness: 1, Off: true}, color.RGBA{0, 0, 0, 255}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "frame.png")
			d, err := New(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := d.Grab(); got != nil || err != nil {
				t.Fatalf("grabbed %d bytes, %v before any frame", len(got), err)
			}
			if err := d.Show(tc.frame); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(path)
			// Remote care's screenshot is the file as written, dimmed or not.
			if grabbed, err := d.Grab(); err != nil || !bytes.Equal(grabbed, data) {
				t.Fatalf("grabbed %d bytes (%v), not the file's %d", len(grabbed), err, len(data))
			}
			if got := bytes.Equal(data, src); got != tc.same {
				t.Fatalf("bytes unchanged = %v, want %v", got, tc.same)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if got := color.RGBAModel.Convert(img.At(3, 1)).(color.RGBA); got != tc.want {
				t.Fatalf("pixel %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNewNeedsDirectory(t *testing.T) {
	if _, err := New(filepath.Join(t.TempDir(), "khong-co", "frame.png")); err == nil {
		t.Fatal("New accepted a path in a missing directory")
	}
}
