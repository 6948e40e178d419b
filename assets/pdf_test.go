package assets

import (
	"bytes"
	"compress/zlib"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// pdfStreams returns every stream of a PDF, inflated when compressed.
func pdfStreams(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	var out [][]byte
	re := regexp.MustCompile(`stream\r?\n`)
	for _, loc := range re.FindAllIndex(pdf, -1) {
		if loc[0] >= 3 && string(pdf[loc[0]-3:loc[0]]) == "end" {
			continue
		}
		end := bytes.Index(pdf[loc[1]:], []byte("endstream"))
		if end < 0 {
			t.Fatal("unterminated stream")
		}
		raw := pdf[loc[1] : loc[1]+end]
		if zr, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
			if b, err := io.ReadAll(zr); err == nil {
				raw = b
			}
		}
		out = append(out, raw)
	}
	return out
}

var emptyXObjects = regexp.MustCompile(`/XObject <<\s*>>`)

var showText = regexp.MustCompile(`\(((?:[^\\)]|\\.)*)\) Tj`)

// shownRunes decodes the two-byte codes of every Tj: with fpdf's UTF-8
// fonts a code is the character's code point (Identity-H).
func shownRunes(t *testing.T, streams [][]byte) []rune {
	t.Helper()
	var out []rune
	for _, s := range streams {
		for _, m := range showText.FindAllSubmatch(s, -1) {
			b := unescapePDF(m[1])
			if len(b)%2 != 0 {
				t.Fatalf("odd text string %q", m[1])
			}
			for i := 0; i < len(b); i += 2 {
				out = append(out, rune(b[i])<<8|rune(b[i+1]))
			}
		}
	}
	return out
}

func unescapePDF(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) {
			i++
			switch b[i] {
			case 'r':
				out = append(out, '\r')
			case 'n':
				out = append(out, '\n')
			default:
				out = append(out, b[i])
			}
			continue
		}
		out = append(out, b[i])
	}
	return out
}

func TestPDFTextIsEmbeddedGlyphs(t *testing.T) {
	r := testRenderer(t)
	size, err := ParsePrintSize("A2")
	if err != nil {
		t.Fatal(err)
	}
	texts := append(officialSlogans(t)[:3:3], alphabet())
	for i, text := range texts {
		t.Run(strconv.Itoa(i+1), func(t *testing.T) {
			pdf, err := r.PDF(Request{Text: text, Style: "flag"}, size)
			if err != nil {
				t.Fatal(err)
			}
			// fpdf always writes the /ImageB… ProcSet and an /XObject
			// dictionary; an image would be a /Subtype /Image object named
			// in that dictionary and painted with Do.
			if bytes.Contains(pdf, []byte("/Subtype /Image")) || !emptyXObjects.Match(pdf) {
				t.Error("PDF holds an image XObject: text must be glyphs, not pictures")
			}
			if !bytes.Contains(pdf, []byte("/FontFile2")) {
				t.Error("no embedded TrueType font (/FontFile2)")
			}
			streams := pdfStreams(t, pdf)
			for _, st := range streams {
				if bytes.Contains(st, []byte(" Do\n")) {
					t.Error("a content stream paints an XObject (Do)")
				}
			}
			gids := cidToGID(t, streams)
			shown := map[rune]bool{}
			for _, c := range shownRunes(t, streams) {
				shown[c] = true
				if int(c)*2+1 >= len(gids) || gids[2*c] == 0 && gids[2*c+1] == 0 {
					t.Errorf("%q maps to no glyph of the embedded font", c)
				}
			}
			for _, c := range strings.ToUpper(text) {
				if unicode.IsLetter(c) && !shown[c] {
					t.Errorf("letter %q of the slogan is not drawn as text", c)
				}
			}
			if !bytes.Contains(pdf, []byte("<0000> <FFFF> <0000>")) {
				t.Error("ToUnicode map is not the identity: copied text would be wrong")
			}
			checkPdftotext(t, pdf, text)
		})
	}
}

// cidToGID finds the CIDToGIDMap: two bytes per code point, 0 for none.
func cidToGID(t *testing.T, streams [][]byte) []byte {
	t.Helper()
	for _, s := range streams {
		if len(s) == 2*0x10000 {
			return s
		}
	}
	t.Fatal("no CIDToGIDMap stream")
	return nil
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
			pdf, err := r.PDF(Request{Text: "Đoàn kết"}, size)
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
