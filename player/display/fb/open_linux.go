//go:build linux

package fb

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// DefaultDevice is the first framebuffer, the one HDMI shows on a
// Raspberry Pi.
const DefaultDevice = "/dev/fb0"

// Requests and values from <linux/fb.h>.
const (
	ioctlGetVScreenInfo = 0x4600 // FBIOGET_VSCREENINFO
	ioctlGetFScreenInfo = 0x4602 // FBIOGET_FSCREENINFO
	typePackedPixels    = 0      // FB_TYPE_PACKED_PIXELS
	visualTrueColor     = 2      // FB_VISUAL_TRUECOLOR
)

type fbBitfield struct{ Offset, Length, MSBRight uint32 }

// varScreenInfo is struct fb_var_screeninfo.
type varScreenInfo struct {
	XRes, YRes, XResVirtual, YResVirtual uint32
	XOffset, YOffset                     uint32
	BitsPerPixel, Grayscale              uint32
	Red, Green, Blue, Transp             fbBitfield
	NonStd, Activate, Height, Width      uint32
	AccelFlags, PixClock                 uint32
	Margins                              [4]uint32 // left, right, upper, lower
	HSyncLen, VSyncLen, Sync, VMode      uint32
	Rotate, Colorspace                   uint32
	Reserved                             [4]uint32
}

// fixScreenInfo is struct fb_fix_screeninfo; unsigned long is as wide as
// a pointer on every Linux Go runs on, so uintptr keeps the C layout on
// arm and arm64 alike.
type fixScreenInfo struct {
	ID                             [16]byte
	SmemStart                      uintptr
	SmemLen, Type, TypeAux, Visual uint32
	XPanStep, YPanStep, YWrapStep  uint16
	LineLength                     uint32
	MMIOStart                      uintptr
	MMIOLen, Accel                 uint32
	Capabilities                   uint16
	Reserved                       [2]uint16
}

// Open draws into a framebuffer device ("" means DefaultDevice), reading
// its geometry and pixel format from the kernel.
func Open(path string) (*Display, error) {
	if path == "" {
		path = DefaultDevice
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("không mở được framebuffer %s: %w", path, err)
	}
	g, err := readGeometry(f)
	if err == nil {
		g, err = g.normalize()
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return newDisplay(f, g), nil
}

func readGeometry(f *os.File) (Geometry, error) {
	var v varScreenInfo
	var x fixScreenInfo
	if err := ioctl(f, ioctlGetVScreenInfo, unsafe.Pointer(&v)); err != nil {
		return Geometry{}, fmt.Errorf("không phải framebuffer (không đọc được kích thước): %w", err)
	}
	if err := ioctl(f, ioctlGetFScreenInfo, unsafe.Pointer(&x)); err != nil {
		return Geometry{}, fmt.Errorf("không phải framebuffer (không đọc được định dạng): %w", err)
	}
	if x.Type != typePackedPixels || x.Visual != visualTrueColor || v.Grayscale != 0 {
		return Geometry{}, fmt.Errorf("framebuffer không dùng màu thật (truecolor) nên chưa được hỗ trợ")
	}
	bf := func(b fbBitfield) Bitfield { return Bitfield{Offset: int(b.Offset), Length: int(b.Length)} }
	bpp := int(v.BitsPerPixel)
	return Geometry{
		Width: int(v.XRes), Height: int(v.YRes), BitsPerPixel: bpp,
		LineLength: int(x.LineLength),
		Red:        bf(v.Red), Green: bf(v.Green), Blue: bf(v.Blue), Transp: bf(v.Transp),
		Offset: int64(v.YOffset)*int64(x.LineLength) + int64(v.XOffset)*int64(bpp/8),
	}, nil
}

func ioctl(f *os.File, req uintptr, arg unsafe.Pointer) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var errno unix.Errno
	if err := rc.Control(func(fd uintptr) {
		_, _, errno = unix.Syscall(unix.SYS_IOCTL, fd, req, uintptr(arg))
	}); err != nil {
		return err
	}
	if errno != 0 {
		return errno
	}
	return nil
}
