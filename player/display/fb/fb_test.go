package fb

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codong/player/display"
)

// encodePNG makes a w×h picture whose pixel (x, y) is at(x, y).
func encodePNG(t testing.TB, w, h int, at func(x, y int) color.Color) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, at(x, y))
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// palette is a 3×2 picture with a different colour in every pixel.
func palette(x, y int) color.Color {
	return color.RGBA{R: uint8(0x10*x + 0x80*y + 0x08), G: uint8(0x40 + 0x20*x), B: uint8(0xF0 - 0x30*y), A: 0xFF}
}

// fakeDevice is a regular file standing in for a framebuffer, filled with
// 0xAA so that every byte the display writes can be told apart.
func fakeDevice(t *testing.T, g Geometry) (*Display, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fb0")
	n := max(g.LineLength, g.Width*g.BitsPerPixel/8) * g.Height
	if err := os.WriteFile(path, bytes.Repeat([]byte{0xAA}, n), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := OpenFile(path, g)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d, path
}

func readDevice(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xrgb is one XRGB8888 pixel as it lies in memory on a little-endian CPU.
func xrgb(r, g, b uint8) []byte { return []byte{b, g, r, 0} }

// rgb565 is one RGB565 pixel as it lies in memory on a little-endian CPU.
func rgb565(r, g, b uint8) []byte {
	v := uint16(r>>3)<<11 | uint16(g>>2)<<5 | uint16(b>>3)
	return []byte{byte(v), byte(v >> 8)}
}

// expect builds the bytes of a w×h screen with stride lineLength from a
// pixel encoder; pixels outside the picture and the padding are zero.
func expect(w, h, lineLength, bpp int, pic func(x, y int) (color.Color, bool), enc func(r, g, b uint8) []byte) []byte {
	out := make([]byte, lineLength*h)
	for y := range h {
		for x := range w {
			if c, ok := pic(x, y); ok {
				r, g, b, _ := c.RGBA()
				copy(out[y*lineLength+x*bpp:], enc(uint8(r>>8), uint8(g>>8), uint8(b>>8)))
			}
		}
	}
	return out
}

func TestShowStill(t *testing.T) {
	inPicture := func(x, y int) (color.Color, bool) { return palette(x, y), x < 3 && y < 2 }
	tests := []struct {
		name string
		g    Geometry
		enc  func(r, g, b uint8) []byte
	}{
		{"xrgb8888", Geometry{Width: 4, Height: 3, BitsPerPixel: 32}, xrgb},
		{"xrgb8888 with stride padding", Geometry{Width: 4, Height: 3, BitsPerPixel: 32, LineLength: 24}, xrgb},
		{"rgb565", Geometry{Width: 4, Height: 3, BitsPerPixel: 16}, rgb565},
		{"rgb565 with stride padding", Geometry{Width: 4, Height: 3, BitsPerPixel: 16, LineLength: 12}, rgb565},
		{"xbgr8888", Geometry{Width: 4, Height: 3, BitsPerPixel: 32,
			Red: Bitfield{0, 8}, Green: Bitfield{8, 8}, Blue: Bitfield{16, 8}},
			func(r, g, b uint8) []byte { return []byte{r, g, b, 0} }},
		{"argb8888 sets alpha", Geometry{Width: 4, Height: 3, BitsPerPixel: 32,
			Red: Bitfield{16, 8}, Green: Bitfield{8, 8}, Blue: Bitfield{0, 8}, Transp: Bitfield{24, 8}},
			func(r, g, b uint8) []byte { return []byte{b, g, r, 0xFF} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, path := fakeDevice(t, tc.g)
			err := d.Show(display.Frame{PNG: encodePNG(t, 3, 2, palette), Width: 3, Height: 2, Brightness: 1})
			if err != nil {
				t.Fatal(err)
			}
			g := d.Geometry()
			want := expect(g.Width, g.Height, g.LineLength, g.BitsPerPixel/8, inPicture, tc.enc)
			if got := readDevice(t, path); !bytes.Equal(got, want) {
				t.Errorf("device bytes:\n got %x\nwant %x", got, want)
			}
		})
	}
}

func TestShowBrightnessAndOff(t *testing.T) {
	g := Geometry{Width: 2, Height: 1, BitsPerPixel: 32}
	pic := encodePNG(t, 2, 1, func(x, y int) color.Color { return color.RGBA{200, 100, 50, 255} })
	tests := []struct {
		name  string
		frame display.Frame
		want  []byte
	}{
		{"full", display.Frame{Brightness: 1}, bytes.Repeat(xrgb(200, 100, 50), 2)},
		{"half", display.Frame{Brightness: 0.5}, bytes.Repeat(xrgb(100, 50, 25), 2)},
		{"above one is full", display.Frame{Brightness: 3}, bytes.Repeat(xrgb(200, 100, 50), 2)},
		{"zero is black", display.Frame{Brightness: 0}, make([]byte, 8)},
		{"off", display.Frame{Brightness: 1, Off: true}, make([]byte, 8)},
		{"off needs no picture", display.Frame{Off: true}, make([]byte, 8)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, path := fakeDevice(t, g)
			f := tc.frame
			if f.PNG == nil && !f.Off {
				f.PNG = pic
			}
			f.Width, f.Height = 2, 1
			if err := d.Show(f); err != nil {
				t.Fatal(err)
			}
			if got := readDevice(t, path); !bytes.Equal(got, tc.want) {
				t.Errorf("got %x, want %x", got, tc.want)
			}
		})
	}
}

func TestShowClipsAndBlanks(t *testing.T) {
	g := Geometry{Width: 3, Height: 2, BitsPerPixel: 32}
	big := func(x, y int) color.Color { return color.RGBA{uint8(10 * x), uint8(10 * y), 7, 255} }
	d, path := fakeDevice(t, g)
	// An oversized frame keeps its top-left corner.
	if err := d.Show(display.Frame{PNG: encodePNG(t, 5, 4, big), Width: 5, Height: 4, Brightness: 1}); err != nil {
		t.Fatal(err)
	}
	want := expect(3, 2, 12, 4, func(x, y int) (color.Color, bool) { return big(x, y), true }, xrgb)
	if got := readDevice(t, path); !bytes.Equal(got, want) {
		t.Errorf("oversized frame:\n got %x\nwant %x", got, want)
	}
	// A smaller frame next leaves black where the big one was.
	small := func(x, y int) color.Color { return color.RGBA{1, 2, 3, 255} }
	if err := d.Show(display.Frame{PNG: encodePNG(t, 1, 1, small), Width: 1, Height: 1, Brightness: 1}); err != nil {
		t.Fatal(err)
	}
	want = expect(3, 2, 12, 4, func(x, y int) (color.Color, bool) { return small(x, y), x == 0 && y == 0 }, xrgb)
	if got := readDevice(t, path); !bytes.Equal(got, want) {
		t.Errorf("smaller frame:\n got %x\nwant %x", got, want)
	}
}

func TestShowTransparentIsBlack(t *testing.T) {
	d, path := fakeDevice(t, Geometry{Width: 2, Height: 1, BitsPerPixel: 32})
	pic := encodePNG(t, 2, 1, func(x, y int) color.Color {
		return color.NRGBA{200, 100, 50, uint8(255 * x)} // clear, then opaque
	})
	if err := d.Show(display.Frame{PNG: pic, Width: 2, Height: 1, Brightness: 1}); err != nil {
		t.Fatal(err)
	}
	want := append(xrgb(0, 0, 0), xrgb(200, 100, 50)...)
	if got := readDevice(t, path); !bytes.Equal(got, want) {
		t.Errorf("got %x, want %x", got, want)
	}
}

func TestShowRefusals(t *testing.T) {
	d, path := fakeDevice(t, Geometry{Width: 2, Height: 1, BitsPerPixel: 32})
	before := readDevice(t, path)
	if err := d.Show(display.Frame{PNG: []byte("not a png"), Width: 2, Height: 1, Brightness: 1}); err == nil {
		t.Error("a broken picture was accepted")
	}
	if got := readDevice(t, path); !bytes.Equal(got, before) {
		t.Error("a broken picture changed the screen; the old picture should stay")
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	err := d.Show(display.Frame{Off: true})
	if err == nil || err.Error() != "màn hình framebuffer đã đóng" {
		t.Errorf("Show after Close: %v", err)
	}
}

func TestShowRefusesHugePicture(t *testing.T) {
	d, _ := fakeDevice(t, Geometry{Width: 2, Height: 1, BitsPerPixel: 32})
	// A PNG header claiming 100000×100000 pixels: refused before decoding.
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1)))
	huge := bytes.Clone(buf.Bytes())
	copy(huge[16:24], []byte{0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0})
	binary.BigEndian.PutUint32(huge[29:], crc32.ChecksumIEEE(huge[12:29])) // IHDR's CRC
	err := d.Show(display.Frame{PNG: huge, Width: 2, Height: 1, Brightness: 1})
	if err == nil || !strings.Contains(err.Error(), "quá lớn") {
		t.Errorf("Show of a 100000×100000 picture: %v", err)
	}
}

// FuzzShow feeds the display arbitrary pictures: it may refuse them, but
// must not panic.
func FuzzShow(f *testing.F) {
	f.Add(encodePNG(f, 3, 2, palette), false)
	f.Add(encodePNG(f, 9, 1, palette), true)
	f.Add([]byte("\x89PNG\r\n\x1a\n"), false)
	f.Fuzz(func(t *testing.T, pic []byte, scroll bool) {
		d, _ := fakeDevice(t, Geometry{Width: 4, Height: 2, BitsPerPixel: 16, LineLength: 10})
		d.Show(display.Frame{PNG: pic, Width: 4, Height: 2, Scroll: scroll, Brightness: 0.7})
	})
}
