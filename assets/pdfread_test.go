package assets

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
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

// pdfObject returns the body of object n, between "n 0 obj" and "endobj".
func pdfObject(t *testing.T, pdf []byte, n int) []byte {
	t.Helper()
	head := []byte(fmt.Sprintf("\n%d 0 obj\n", n))
	i := bytes.Index(pdf, head)
	if i < 0 {
		t.Fatalf("no object %d", n)
	}
	body := pdf[i+len(head):]
	return body[:bytes.Index(body, []byte("\nendobj"))]
}

// pdfRef follows key's indirect reference ("/Key 12 0 R") in obj.
func pdfRef(t *testing.T, pdf, obj []byte, key string) []byte {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(key) + ` \[?(\d+) 0 R`).FindSubmatch(obj)
	if m == nil {
		t.Fatalf("no %s in %.200q", key, obj)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return pdfObject(t, pdf, n)
}

// pageObject is the one page's dictionary.
func pageObject(t *testing.T, pdf []byte) []byte {
	t.Helper()
	m := regexp.MustCompile(`/Kids \[(\d+) 0 R\]`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no page tree")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return pdfObject(t, pdf, n)
}

// embeddedFont is one font resource of the page as the test reads it.
type embeddedFont struct {
	type0, cid, desc []byte
	file             []byte          // the FontFile2, inflated
	unicode          map[uint16]rune // ToUnicode: glyph ID → character
}

// pageFonts reads every font the page names, by resource name ("F0").
func pageFonts(t *testing.T, pdf []byte) map[string]embeddedFont {
	t.Helper()
	page := pageObject(t, pdf)
	out := map[string]embeddedFont{}
	for _, m := range regexp.MustCompile(`/(F\d+) (\d+) 0 R`).FindAllSubmatch(page, -1) {
		var f embeddedFont
		n, _ := strconv.Atoi(string(m[2]))
		f.type0 = pdfObject(t, pdf, n)
		f.cid = pdfRef(t, pdf, f.type0, "/DescendantFonts")
		f.desc = pdfRef(t, pdf, f.cid, "/FontDescriptor")
		f.file = pdfStreams(t, pdfRef(t, pdf, f.desc, "/FontFile2"))[0]
		f.unicode = map[uint16]rune{}
		cmap := pdfStreams(t, pdfRef(t, pdf, f.type0, "/ToUnicode"))[0]
		for _, p := range bfchar.FindAllSubmatch(cmap, -1) {
			g, _ := strconv.ParseUint(string(p[1]), 16, 16)
			u, _ := strconv.ParseUint(string(p[2]), 16, 16)
			f.unicode[uint16(g)] = rune(u)
		}
		out[string(m[1])] = f
	}
	return out
}

var bfchar = regexp.MustCompile(`<([0-9A-F]{4})> <([0-9A-F]{4})>`)

// drawnGlyph is a glyph the content stream shows, with its font resource.
type drawnGlyph struct {
	font string
	gid  uint16
}

var (
	selectFont = regexp.MustCompile(`^/(F\d+) [0-9.]+ Tf$`)
	showGlyph  = regexp.MustCompile(`<([0-9A-F]{4})> Tj$`)
)

// drawnGlyphs lists the glyphs the page's content stream shows.
func drawnGlyphs(t *testing.T, pdf []byte) []drawnGlyph {
	t.Helper()
	content := pdfStreams(t, pdfRef(t, pdf, pageObject(t, pdf), "/Contents"))[0]
	var out []drawnGlyph
	font := ""
	for _, line := range strings.Split(string(content), "\n") {
		if m := selectFont.FindStringSubmatch(line); m != nil {
			font = m[1]
		}
		if m := showGlyph.FindStringSubmatch(line); m != nil {
			g, _ := strconv.ParseUint(m[1], 16, 16)
			out = append(out, drawnGlyph{font, uint16(g)})
		}
	}
	return out
}
