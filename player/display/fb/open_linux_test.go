//go:build linux

package fb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"
)

// The ioctl structs must match <linux/fb.h> byte for byte, or the kernel
// writes past them.
func TestScreenInfoLayout(t *testing.T) {
	if got := unsafe.Sizeof(varScreenInfo{}); got != 160 {
		t.Errorf("fb_var_screeninfo is %d bytes, want 160", got)
	}
	want := uintptr(68) // 32-bit: unsigned long is 4 bytes
	if unsafe.Sizeof(uintptr(0)) == 8 {
		want = 80
	}
	if got := unsafe.Sizeof(fixScreenInfo{}); got != want {
		t.Errorf("fb_fix_screeninfo is %d bytes, want %d", got, want)
	}
	if got := unsafe.Offsetof(fixScreenInfo{}.LineLength); unsafe.Sizeof(uintptr(0)) == 8 && got != 48 {
		t.Errorf("line_length at byte %d, want 48", got)
	}
}

func TestOpenRefusesWhatIsNotAFramebuffer(t *testing.T) {
	regular := filepath.Join(t.TempDir(), "fb0")
	if err := os.WriteFile(regular, make([]byte, 64), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, want string }{
		{"missing", filepath.Join(t.TempDir(), "fb9"), "không mở được framebuffer"},
		{"regular file", regular, "không phải framebuffer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Open(tc.path)
			if err == nil {
				d.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestOpenDevice reads a real framebuffer's geometry where the machine
// has one; CI machines usually do not.
func TestOpenDevice(t *testing.T) {
	if _, err := os.Stat(DefaultDevice); err != nil {
		t.Skipf("no %s on this machine", DefaultDevice)
	}
	d, err := Open("")
	if err != nil {
		t.Skipf("cannot open %s here: %v", DefaultDevice, err)
	}
	defer d.Close()
	t.Logf("%s: %+v", DefaultDevice, d.Geometry())
}
