package fb

import (
	"strings"
	"testing"
)

func TestGeometryNormalize(t *testing.T) {
	tests := []struct {
		name    string
		in      Geometry
		want    Geometry
		wantErr string
	}{
		{"xrgb8888 defaults", Geometry{Width: 1920, Height: 1080, BitsPerPixel: 32},
			Geometry{Width: 1920, Height: 1080, BitsPerPixel: 32, LineLength: 7680,
				Red: Bitfield{16, 8}, Green: Bitfield{8, 8}, Blue: Bitfield{0, 8}}, ""},
		{"rgb565 defaults", Geometry{Width: 480, Height: 320, BitsPerPixel: 16, LineLength: 1024},
			Geometry{Width: 480, Height: 320, BitsPerPixel: 16, LineLength: 1024,
				Red: Bitfield{11, 5}, Green: Bitfield{5, 6}, Blue: Bitfield{0, 5}}, ""},
		{"no size", Geometry{BitsPerPixel: 32}, Geometry{}, "kích thước framebuffer"},
		{"8 bpp", Geometry{Width: 8, Height: 8, BitsPerPixel: 8}, Geometry{}, "8 bit mỗi điểm ảnh chưa được hỗ trợ"},
		{"24 bpp", Geometry{Width: 8, Height: 8, BitsPerPixel: 24}, Geometry{}, "24 bit mỗi điểm ảnh"},
		{"short line", Geometry{Width: 8, Height: 8, BitsPerPixel: 32, LineLength: 31}, Geometry{}, "độ dài dòng"},
		{"channel outside the pixel", Geometry{Width: 8, Height: 8, BitsPerPixel: 16,
			Red: Bitfield{12, 5}, Green: Bitfield{5, 6}, Blue: Bitfield{0, 5}}, Geometry{}, "định dạng màu"},
		{"channel too long", Geometry{Width: 8, Height: 8, BitsPerPixel: 32,
			Red: Bitfield{16, 10}, Green: Bitfield{8, 8}, Blue: Bitfield{0, 8}}, Geometry{}, "định dạng màu"},
		{"missing channel", Geometry{Width: 8, Height: 8, BitsPerPixel: 32,
			Red: Bitfield{16, 8}, Green: Bitfield{8, 8}}, Geometry{}, "thiếu kênh màu"},
		{"negative offset", Geometry{Width: 8, Height: 8, BitsPerPixel: 32, Offset: -1}, Geometry{}, "vị trí vùng hiển thị"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.normalize()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestOpenFileRefusesBadGeometry(t *testing.T) {
	_, err := OpenFile(t.TempDir()+"/fb0", Geometry{Width: 8, Height: 8, BitsPerPixel: 8})
	if err == nil {
		t.Fatal("an 8 bpp framebuffer was accepted")
	}
}
