package assets

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/liberation/liberationsansbold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/math/fixed"
)

func TestValidateFont(t *testing.T) {
	cases := []struct {
		name string
		ttf  []byte
		want string // "" for a good font, else part of the message
	}{
		{"DejaVu Sans Bold", dejavusansbold.TTF, ""},
		{"Go Regular lacks Vietnamese", goregular.TTF, "thiếu"},
		{"not a font", []byte("hello"), "không đọc được phông chữ"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateFont(c.ttf)
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Fatalf("ValidateFont: %v, want %q", err, c.want)
			}
		})
	}
}

// TestFontDir loads DATA/fonts: a good font becomes usable by name, bad
// ones are skipped without stopping the renderer.
func TestFontDir(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"Good.ttf": dejavusansbold.TTF, "bad.ttf": goregular.TTF, "junk.ttf": []byte("x"), "notes.txt": []byte("x"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := NewRenderer(Options{FontDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	fonts := r.Fonts()
	if !slices.Contains(fonts, "good") || slices.Contains(fonts, "bad") || slices.Contains(fonts, "junk") {
		t.Fatalf("fonts %v", fonts)
	}
	out, err := r.Render(Request{Text: "Ấp Bắc", Size: Size{384, 128}, Font: "good"})
	if err != nil || out.Layout.Font != "good" {
		t.Fatalf("render with the added font: %v", err)
	}
	if _, err := NewRenderer(Options{FontDir: filepath.Join(dir, "missing")}); err != nil {
		t.Errorf("a missing font dir should be no error: %v", err)
	}
}

// TestKerning: pairs the font kerns come closer than their advances.
// sfnt reads GPOS when the font has it, and the kern table otherwise; at
// ppem = units per em it answers in font units (golang/go#46727).
func TestKerning(t *testing.T) {
	fonts, err := embeddedFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fonts {
		for _, pair := range []string{"AV", "TA", "LT", "AY"} {
			t.Run(f.name+"/"+pair, func(t *testing.T) {
				a, _ := f.glyph(rune(pair[0]))
				b, _ := f.glyph(rune(pair[1]))
				sh := &shaper{fonts: []*fontFace{f}, upem: int64(f.upem)}
				w, err := sh.shapeWord(token{text: []rune(pair), pos: []int{1, 2}})
				if err != nil {
					t.Fatal(err)
				}
				if k := f.kern(a.idx, b.idx); k >= 0 || w.width != int64(a.adv+b.adv+k) {
					t.Errorf("kern %d, width %d, advances %d+%d", k, w.width, a.adv, b.adv)
				}
			})
		}
	}
}

// TestStackedCapitalsFit: the tallest stacked capitals and the dot below
// stay inside the safe area on every board, and lines of them do not touch.
func TestStackedCapitalsFit(t *testing.T) {
	text := "Ấ Ầ Ẩ Ẫ Ậ Ế Ề Ể Ễ Ệ Ố Ồ Ổ Ỗ Ộ Ắ Ặ Ằ Ẳ Ẵ Ợ Ự Ỹ Ỵ"
	for _, size := range append([]Size{{320, 240}, {64, 32}}, testSizes...) {
		t.Run(size.String(), func(t *testing.T) {
			out := render(t, Request{Text: text, Size: size})
			img := decodePNG(t, out.PNG)
			checkInkInside(t, out.Layout)
			checkLinesApart(t, out.Layout)
			checkPixelsInBoxes(t, out.Layout, img)
		})
	}
}

// TestKerningFromGPOS: with the old kern table hidden, golang/freetype
// sees no kerning at all, yet the renderer still kerns from GPOS.
func TestKerningFromGPOS(t *testing.T) {
	ttf := append([]byte(nil), liberationsansbold.TTF...)
	tables := int(ttf[4])<<8 | int(ttf[5])
	hidden := false
	for i := 0; i < tables; i++ {
		if rec := ttf[12+16*i:]; string(rec[:4]) == "kern" {
			copy(rec, "kerm") // same place in the sorted table directory
			hidden = true
		}
	}
	if !hidden {
		t.Skip("font has no kern table to hide")
	}
	f, err := parseFont("gpos-only", ttf)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := f.glyph('A')
	v, _ := f.glyph('V')
	if k := f.tt.Kern(fixed.I(int(f.upem)), a.idx, v.idx); k != 0 {
		t.Fatalf("kern table still visible to freetype: %v", k)
	}
	if k := f.kern(a.idx, v.idx); k >= 0 {
		t.Errorf("no GPOS kerning for AV: %d", k)
	}
}
