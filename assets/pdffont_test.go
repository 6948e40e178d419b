package assets

import (
	"bytes"
	"encoding/binary"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/liberation/liberationsansbold"
)

// TestPDFFontIsNamed: pdffonts, as a print shop's preflight, lists the
// font under its real PostScript name with a subset tag, embedded,
// subset and with a Unicode map.
func TestPDFFontIsNamed(t *testing.T) {
	r := testRenderer(t)
	size, err := ParsePrintSize("A2")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ font, name string }{
		{"", "LiberationSans-Bold"},
		{"dejavu-sans-bold", "DejaVuSans-Bold"},
	} {
		t.Run(c.name, func(t *testing.T) {
			pdf, err := r.PDF(Request{Text: "Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta", Font: c.font}, Print{Size: size})
			if err != nil {
				t.Fatal(err)
			}
			row := regexp.MustCompile(`(?m)^([A-Z]{6})\+` + c.name + `\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s`)
			out := poppler(t, pdf, "pdffonts")
			if !row.MatchString(out) || strings.Count(out, "\n") != 3 {
				t.Errorf("pdffonts lists\n%s\nwant one font XXXXXX+%s, emb yes, sub yes, uni yes", out, c.name)
			}
			for _, f := range pageFonts(t, pdf) {
				// Symbolic (4): Vietnamese letters are outside the standard
				// Latin set; neither font is serif, italic or monospaced.
				if !bytes.Contains(f.desc, []byte("/Flags 4 ")) {
					t.Errorf("descriptor %s, want /Flags 4", f.desc)
				}
				if full := map[string]int{"LiberationSans-Bold": len(liberationsansbold.TTF), "DejaVuSans-Bold": len(dejavusansbold.TTF)}[c.name]; len(f.file) > full/5 {
					t.Errorf("embedded font file of %d bytes, the whole font %d: not a subset", len(f.file), full)
				}
			}
		})
	}
}

// TestPDFIsTheSameEachTime: the same slogan and sheet give the same
// bytes (a cache or a shop comparing two downloads sees no change), and
// another slogan another subset tag.
func TestPDFIsTheSameEachTime(t *testing.T) {
	r := testRenderer(t)
	size, _ := ParsePrintSize("10x0,8m")
	pdf := func(text string) []byte {
		b, err := r.PDF(Request{Text: text, Style: "flag"}, Print{Size: size, Colors: PrintCMYK})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b, other := pdf("Mừng Đảng, mừng Xuân"), pdf("Mừng Đảng, mừng Xuân"), pdf("Đoàn kết")
	if !bytes.Equal(a, b) {
		t.Error("the same print twice gives different files")
	}
	tag := regexp.MustCompile(`/BaseFont /([A-Z]{6})\+`)
	if ta, to := tag.FindSubmatch(a), tag.FindSubmatch(other); ta == nil || to == nil || bytes.Equal(ta[1], to[1]) {
		t.Errorf("subset tags %q and %q: two subsets of a font must not share a tag", ta, to)
	}
}

// withTable returns a copy of ttf with edit applied to one table's bytes.
func withTable(t *testing.T, ttf []byte, tag string, edit func([]byte)) []byte {
	t.Helper()
	out := slices.Clone(ttf)
	for i := 0; i < int(binary.BigEndian.Uint16(out[4:])); i++ {
		rec := out[12+16*i:]
		if string(rec[:4]) == tag {
			off, n := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
			edit(out[off : off+n])
			return out
		}
	}
	t.Fatalf("no %s table", tag)
	return nil
}

// TestPDFFontFlags reads the descriptor's flags from the font itself: a
// serif by its PANOSE class, an italic by its style bits.
func TestPDFFontFlags(t *testing.T) {
	serif := withTable(t, liberationsansbold.TTF, "OS/2", func(b []byte) { b[33] = 2 }) // PANOSE serif style "cove"
	italic := withTable(t, liberationsansbold.TTF, "OS/2", func(b []byte) { b[63] |= 1 })
	mono := withTable(t, dejavusansbold.TTF, "post", func(b []byte) { binary.BigEndian.PutUint32(b[12:], 1) })
	for _, c := range []struct {
		name string
		ttf  []byte
		want int
	}{
		{"liberation", liberationsansbold.TTF, flagSymbolic},
		{"dejavu", dejavusansbold.TTF, flagSymbolic},
		{"serif", serif, flagSymbolic | flagSerif},
		{"italic", italic, flagSymbolic | flagItalic},
		{"monospaced", mono, flagSymbolic | flagFixedPitch},
	} {
		f, err := newPDFFont(TypesetFont{Name: c.name, TTF: c.ttf})
		if err != nil {
			t.Fatal(err)
		}
		if got := f.flags(); got != c.want {
			t.Errorf("%s: flags %d, want %d", c.name, got, c.want)
		}
	}
}

// TestPDFRefusesARestrictedFont: a font whose licence forbids embedding
// (OS/2 fsType 2) is not put in a file sent to a shop.
func TestPDFRefusesARestrictedFont(t *testing.T) {
	restricted := withTable(t, liberationsansbold.TTF, "OS/2", func(b []byte) { binary.BigEndian.PutUint16(b[8:], 2) })
	_, err := newPDFFont(TypesetFont{Name: "hạn-chế", TTF: restricted})
	if err == nil || !strings.Contains(err.Error(), "không cho phép nhúng") {
		t.Errorf("restricted font: %v, want a refusal in Vietnamese", err)
	}
}

// FuzzPDFFont: a font comes from the data directory's fonts; whatever
// its bytes, embedding it either fails with an error or gives a font
// file that parses, and never panics.
func FuzzPDFFont(f *testing.F) {
	f.Add(liberationsansbold.TTF[:4096], 0, byte(0))
	f.Add(liberationsansbold.TTF, 300, byte(0xff))
	f.Add(liberationsansbold.TTF, 100_000, byte(0x80))
	f.Fuzz(func(t *testing.T, ttf []byte, at int, b byte) {
		ttf = slices.Clone(ttf)
		if len(ttf) > 0 {
			ttf[(at%len(ttf)+len(ttf))%len(ttf)] = b
		}
		pf, err := newPDFFont(TypesetFont{Name: "fuzz", TTF: ttf})
		if err != nil {
			return
		}
		for _, c := range "ĐẢNG Ệ ữ" {
			if g := pf.glyph(c); g != 0 {
				pf.advance(g)
			}
		}
		if _, err := pf.subset(); err != nil {
			return
		}
		pf.descriptor()
		pf.widths()
		pf.toUnicode()
	})
}
