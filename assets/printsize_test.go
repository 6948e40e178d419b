package assets

import (
	"math"
	"strings"
	"testing"
)

func TestParsePrintSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		w, h float64
	}{
		{"5000x800mm", 5000, 800},
		{"500x80cm", 5000, 800},
		{"5x0.8m", 5000, 800},
		{"5x0,8m", 5000, 800},
		{" 2400X1200MM ", 2400, 1200},
		{"A3", 297, 420},
		{"a2", 420, 594},
		{"A2-portrait", 420, 594},
		{"A1-landscape", 841, 594},
		{"10x10m", 10000, 10000},
		{"50x0,8m", 50000, 800},
		{"5000x80cm", 50000, 800},
		{"5x5cm", 50, 50},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParsePrintSize(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.W-c.w) > 1e-9 || math.Abs(got.H-c.h) > 1e-9 {
				t.Errorf("got %v×%v mm, want %v×%v", got.W, got.H, c.w, c.h)
			}
		})
	}
}

func TestParsePrintSizeRefuses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "không hợp lệ"},
		{"1920x1080", "đơn vị"},
		{"5000x800", "đơn vị"},
		{"A4", "không hợp lệ"},
		{"A2-sideways", "không hợp lệ"},
		{"axbm", "không hợp lệ"},
		{"51x1m", "từ 5 cm đến 50 m"},
		{"50001x1000mm", "từ 5 cm đến 50 m"},
		{"4x100cm", "từ 5 cm đến 50 m"},
		{"-5x1m", "từ 5 cm đến 50 m"},
		{"NaNx1m", "từ 5 cm đến 50 m"},
		{"50x0,2m", "quá dẹt: cạnh dài nhiều nhất 240 lần cạnh ngắn"},
		{"5cmx20m", "không hợp lệ"},
	} {
		t.Run(c.in, func(t *testing.T) {
			_, err := ParsePrintSize(c.in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("ParsePrintSize(%q) = %v, want an error with %q", c.in, err, c.want)
			}
		})
	}
}

func TestPrintBoardKeepsTheShape(t *testing.T) {
	for _, s := range []string{"5000x800mm", "A2", "A1-landscape", "10x0,05m"} {
		size, err := ParsePrintSize(s)
		if err != nil {
			t.Fatal(err)
		}
		b, err := size.board()
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		// Sides are whole pixels: the height may be off by half a pixel.
		if want := float64(b.W) * size.H / size.W; math.Abs(float64(b.H)-want) > 0.5 {
			t.Errorf("%s: board %v, want a height of %.2f px for the sheet's shape", s, b, want)
		}
	}
}

// FuzzParsePrintSize: the size comes from a URL; whatever it is, the
// parser either refuses it or gives a sheet within bounds that has a board.
func FuzzParsePrintSize(f *testing.F) {
	for _, s := range []string{"A2", "A1-landscape", "5x0,8m", "5000x800mm", "1e3x1e3mm", "Infx1m", "x", "a3-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePrintSize(s)
		if err != nil {
			return
		}
		if p.W < MinPrintSide || p.W > MaxPrintSide || p.H < MinPrintSide || p.H > MaxPrintSide {
			t.Fatalf("%q gives %v×%v mm", s, p.W, p.H)
		}
		if _, err := p.board(); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	})
}
