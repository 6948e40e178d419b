package fb

import (
	"encoding/binary"
	"fmt"
)

// Bitfield places one colour channel inside a pixel value, as the kernel's
// struct fb_bitfield does: Length bits starting Offset bits from the least
// significant bit.
type Bitfield struct {
	Offset, Length int
}

// Geometry is what the display needs to know about a framebuffer. Open
// reads it from the device; OpenFile takes it from the caller.
type Geometry struct {
	// Width and Height are the visible pixels.
	Width, Height int
	// BitsPerPixel is 32 (XRGB8888 and its byte orders) or 16 (RGB565).
	BitsPerPixel int
	// LineLength is the stride in bytes; 0 means Width*BitsPerPixel/8.
	LineLength int
	// Red, Green, Blue place the channels in a pixel value. All three zero
	// means the usual layout: XRGB8888 for 32 bpp, RGB565 for 16 bpp.
	Red, Green, Blue Bitfield
	// Transp is the alpha channel some drivers declare; its bits are set
	// to opaque. Zero length means there is none and X bits stay zero.
	Transp Bitfield
	// Offset is where the visible area starts in the file, in bytes (a
	// panned virtual screen); usually 0.
	Offset int64
}

// normalize fills the defaults and refuses what this display cannot draw.
func (g Geometry) normalize() (Geometry, error) {
	if g.Width <= 0 || g.Height <= 0 || g.Width > 1<<15 || g.Height > 1<<15 {
		return g, fmt.Errorf("kích thước framebuffer %d×%d không hợp lệ", g.Width, g.Height)
	}
	if g.BitsPerPixel != 16 && g.BitsPerPixel != 32 {
		return g, fmt.Errorf("framebuffer %d bit mỗi điểm ảnh chưa được hỗ trợ (chỉ 16 bit RGB565 và 32 bit XRGB8888)", g.BitsPerPixel)
	}
	if g.LineLength == 0 {
		g.LineLength = g.Width * g.BitsPerPixel / 8
	}
	if g.LineLength < g.Width*g.BitsPerPixel/8 {
		return g, fmt.Errorf("độ dài dòng framebuffer %d byte ngắn hơn một dòng %d điểm ảnh", g.LineLength, g.Width)
	}
	if g.Offset < 0 {
		return g, fmt.Errorf("vị trí vùng hiển thị framebuffer %d không hợp lệ", g.Offset)
	}
	if g.Red == (Bitfield{}) && g.Green == (Bitfield{}) && g.Blue == (Bitfield{}) {
		if g.BitsPerPixel == 32 {
			g.Red, g.Green, g.Blue = Bitfield{16, 8}, Bitfield{8, 8}, Bitfield{0, 8}
		} else {
			g.Red, g.Green, g.Blue = Bitfield{11, 5}, Bitfield{5, 6}, Bitfield{0, 5}
		}
	}
	for _, c := range []Bitfield{g.Red, g.Green, g.Blue, g.Transp} {
		if c.Length < 0 || c.Length > 8 || c.Offset < 0 || c.Offset+c.Length > g.BitsPerPixel {
			return g, fmt.Errorf("định dạng màu framebuffer không hợp lệ (kênh ở bit %d, dài %d bit)", c.Offset, c.Length)
		}
	}
	if g.Red.Length == 0 || g.Green.Length == 0 || g.Blue.Length == 0 {
		return g, fmt.Errorf("định dạng màu framebuffer không hợp lệ: thiếu kênh màu")
	}
	return g, nil
}

// bytesPerPixel is 2 or 4 once the geometry is normalized.
func (g Geometry) bytesPerPixel() int { return g.BitsPerPixel / 8 }

// encoder turns premultiplied RGBA bytes into device pixels.
type encoder struct {
	g      Geometry
	opaque uint32 // the Transp bits, all set
}

func newEncoder(g Geometry) encoder {
	return encoder{g: g, opaque: (1<<g.Transp.Length - 1) << g.Transp.Offset}
}

// pixelTable holds, for each channel and each 8-bit value, its bits in a
// device pixel, already dimmed: one lookup per channel instead of a
// multiply and two variable shifts.
type pixelTable struct {
	red, green, blue [256]uint32
	opaque           uint32
	bytesPerPixel    int
}

// table is the encoder at a brightness level in 0..256 (256 is full).
func (e encoder) table(level uint32) *pixelTable {
	t := &pixelTable{opaque: e.opaque, bytesPerPixel: e.g.bytesPerPixel()}
	for c := range uint32(256) {
		v := c * level >> 8
		t.red[c] = v >> (8 - e.g.Red.Length) << e.g.Red.Offset
		t.green[c] = v >> (8 - e.g.Green.Length) << e.g.Green.Offset
		t.blue[c] = v >> (8 - e.g.Blue.Length) << e.g.Blue.Offset
	}
	return t
}

// row writes len(src)/4 pixels into dst. Frame buffers hold pixel values
// in the CPU's byte order.
func (t *pixelTable) row(dst, src []byte) {
	if t.bytesPerPixel == 4 {
		for i, j := 0, 0; i+3 < len(src); i, j = i+4, j+4 {
			v := t.red[src[i]] | t.green[src[i+1]] | t.blue[src[i+2]] | t.opaque
			binary.NativeEndian.PutUint32(dst[j:], v)
		}
		return
	}
	for i, j := 0, 0; i+3 < len(src); i, j = i+4, j+2 {
		v := t.red[src[i]] | t.green[src[i+1]] | t.blue[src[i+2]] | t.opaque
		binary.NativeEndian.PutUint16(dst[j:], uint16(v))
	}
}
