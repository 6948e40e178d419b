package assets

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

func TestPDFTextIsEmbeddedGlyphs(t *testing.T) {
	r := testRenderer(t)
	size, err := ParsePrintSize("A2")
	if err != nil {
		t.Fatal(err)
	}
	texts := append(officialSlogans(t)[:3:3], alphabet())
	for i, text := range texts {
		t.Run(strconv.Itoa(i+1), func(t *testing.T) {
			pdf, err := r.PDF(Request{Text: text, Style: "flag"}, Print{Size: size})
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(pdf, []byte("/XObject")) || bytes.Contains(pdf, []byte("/Image")) {
				t.Error("PDF holds an image XObject: text must be glyphs, not pictures")
			}
			for _, st := range pdfStreams(t, pdf) {
				if bytes.Contains(st, []byte(" Do\n")) {
					t.Error("a content stream paints an XObject (Do)")
				}
			}
			fonts := pageFonts(t, pdf)
			outlines := map[string]*sfnt.Font{}
			for name, f := range fonts {
				sf, err := sfnt.Parse(f.file)
				if err != nil {
					t.Fatalf("embedded font %s does not parse: %v", name, err)
				}
				outlines[name] = sf
			}
			shown := map[rune]bool{}
			var buf sfnt.Buffer
			for _, g := range drawnGlyphs(t, pdf) {
				c, ok := fonts[g.font].unicode[g.gid]
				if !ok {
					t.Errorf("glyph %d of %s has no ToUnicode entry: copied text would be wrong", g.gid, g.font)
					continue
				}
				shown[c] = true
				// The subset must keep the glyph's outline and, for a
				// composite (Ệ), its components: a letter that loads with
				// no segments would print as nothing.
				segs, err := outlines[g.font].LoadGlyph(&buf, sfnt.GlyphIndex(g.gid), fixed.I(1000), nil)
				if unicode.IsLetter(c) && (err != nil || len(segs) == 0) {
					t.Errorf("%q (glyph %d) has no outline in the embedded subset: %v", c, g.gid, err)
				}
			}
			for _, c := range strings.ToUpper(text) {
				if unicode.IsLetter(c) && !shown[c] {
					t.Errorf("letter %q of the slogan is not drawn as text", c)
				}
			}
			checkPdftotext(t, pdf, text)
		})
	}
}

// checkPdftotext reads the text back with poppler, when installed, as a
// printer's or a reader's software would.
func checkPdftotext(t *testing.T, pdf []byte, text string) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed; text read back from the content streams only")
		return
	}
	path := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(strings.Fields(string(out)), " ")
	want := strings.Join(strings.Fields(strings.ToUpper(text)), " ")
	if got != want {
		t.Errorf("pdftotext reads\n%q\nwant\n%q", got, want)
	}
}

var mediaBox = regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`)

func TestPDFPageIsTrimPlusBleed(t *testing.T) {
	r := testRenderer(t)
	for _, s := range []string{"5000x800mm", "2400x1200mm", "A3", "A2", "A1-landscape", "5x5cm"} {
		t.Run(s, func(t *testing.T) {
			size, err := ParsePrintSize(s)
			if err != nil {
				t.Fatal(err)
			}
			pdf, err := r.PDF(Request{Text: "Đoàn kết"}, Print{Size: size})
			if err != nil {
				t.Fatal(err)
			}
			m := mediaBox.FindSubmatch(pdf)
			if m == nil {
				t.Fatal("no MediaBox")
			}
			const mmPerPt = 25.4 / 72
			w, _ := strconv.ParseFloat(string(m[1]), 64)
			h, _ := strconv.ParseFloat(string(m[2]), 64)
			if math.Abs(w*mmPerPt-(size.W+2*Bleed)) > 0.1 || math.Abs(h*mmPerPt-(size.H+2*Bleed)) > 0.1 {
				t.Errorf("page %.2f×%.2f mm, want %.1f×%.1f (trim + 2×%v mm bleed)",
					w*mmPerPt, h*mmPerPt, size.W+2*Bleed, size.H+2*Bleed, Bleed)
			}
		})
	}
}

func TestPrintBreaksLikeItsBoard(t *testing.T) {
	r := testRenderer(t)
	for _, s := range []string{"5000x800mm", "A2"} {
		size, err := ParsePrintSize(s)
		if err != nil {
			t.Fatal(err)
		}
		board, err := size.board()
		if err != nil {
			t.Fatal(err)
		}
		for i, text := range officialSlogans(t)[:3] {
			t.Run(s+"/"+strconv.Itoa(i+1), func(t *testing.T) {
				ts, err := r.Typeset(Request{Text: text, Size: board})
				if err != nil {
					t.Fatal(err)
				}
				lay := render(t, Request{Text: text, Size: board}).Layout
				if len(ts.Lines) != len(lay.Lines) {
					t.Fatalf("%d lines in print, %d on the board", len(ts.Lines), len(lay.Lines))
				}
				for j, l := range ts.Lines {
					if l.Text != lay.Lines[j].Text {
						t.Errorf("line %d: print %q, board %q", j, l.Text, lay.Lines[j].Text)
					}
					// The print's glyphs sit on the board's ink: the first pen
					// position is its left ink edge less at most a side
					// bearing, and that ink is inside the safe area.
					ink := lay.Lines[j].Ink
					if ink.X0 < lay.Safe.X0 || ink.X1 > lay.Safe.X1 {
						t.Errorf("line %d: ink %v outside the safe area %v", j, ink, lay.Safe)
					}
					if first := l.Glyphs[0].X; math.Abs(first-float64(ink.X0)) > 0.15*lay.FontSize {
						t.Errorf("line %d starts at %.1f px, its ink at %d: not on the board's ink", j, first, ink.X0)
					}
				}
			})
		}
	}
}

// alphabet is every Vietnamese letter, in words of eight so it can break.
func alphabet() string {
	var words []string
	letters := vietnameseLetters()
	for i := 0; i < len(letters); i += 8 {
		words = append(words, string(letters[i:min(i+8, len(letters))]))
	}
	return strings.Join(words, " ")
}

// BenchmarkPDF writes a poster and a 10 m banner in CMYK: typesetting,
// subsetting the font and compressing the streams.
func BenchmarkPDF(b *testing.B) {
	r, err := sharedRenderer()
	if err != nil {
		b.Fatal(err)
	}
	const text = "Nhiệt liệt chào mừng Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
	for _, s := range []string{"A2", "10x0,8m"} {
		size, err := ParsePrintSize(s)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.PDF(Request{Text: text, Style: "flag"}, Print{Size: size, Colors: PrintCMYK}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
