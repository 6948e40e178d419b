package web

import (
	"strings"
	"testing"
)

func TestParseRegion(t *testing.T) {
	tests := []struct {
		in      string
		want    Region
		wantErr string
	}{
		{"384x128+0+0", Region{Width: 384, Height: 128}, ""},
		{"1920x1080+1920+0", Region{Width: 1920, Height: 1080, X: 1920}, ""},
		{"256X64+10+20", Region{Width: 256, Height: 64, X: 10, Y: 20}, ""},
		{"192×96+3+4", Region{Width: 192, Height: 96, X: 3, Y: 4}, ""},
		{"384x128", Region{Width: 384, Height: 128}, ""},
		{"", Region{}, "không hợp lệ"},
		{"384x128+0", Region{}, "không hợp lệ"},
		{"384x128-5+0", Region{}, "không hợp lệ"},
		{"384*128+0+0", Region{}, "không hợp lệ"},
		{" 384x128+0+0", Region{}, "không hợp lệ"},
		{"384x128+0+0\n", Region{}, "không hợp lệ"},
		{"-384x128+0+0", Region{}, "không hợp lệ"},
		{"0x128+0+0", Region{}, "ít nhất 1 điểm ảnh"},
		{"384x0", Region{}, "ít nhất 1 điểm ảnh"},
		{"99999x128+0+0", Region{}, "quá lớn"},
		{"384x128+0+99999999999999999999", Region{}, "quá lớn"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseRegion(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseRegion(%q) = %+v, %v; want an error containing %q", tc.in, got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseRegion(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
			if again, err := ParseRegion(got.String()); err != nil || again != got {
				t.Errorf("String() %q does not read back: %+v, %v", got.String(), again, err)
			}
		})
	}
}

// FuzzParseRegion checks that any region ParseRegion accepts is sane and
// reads back from its String.
func FuzzParseRegion(f *testing.F) {
	for _, s := range []string{"384x128+0+0", "1920x1080", "1x1+32768+0", "0x0", "-1x2+3+4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRegion(s)
		if err != nil {
			return
		}
		if r.Width < 1 || r.Height < 1 || r.X < 0 || r.Y < 0 || max(r.Width, r.Height, r.X, r.Y) > maxRegion {
			t.Fatalf("ParseRegion(%q) = %+v", s, r)
		}
		if again, err := ParseRegion(r.String()); err != nil || again != r {
			t.Fatalf("%q reads back as %+v, %v", r.String(), again, err)
		}
	})
}
