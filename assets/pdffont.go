package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"

	"golang.org/x/image/font/sfnt"
)

// pdfFont is a TrueType font as a PDF embeds it: its tables, its real
// PostScript name (a print shop's preflight reports fonts by that name)
// and the glyphs a sheet uses, keyed by glyph ID so that a character code
// in the content stream is the glyph ID itself (Identity-H, CID = GID).
type pdfFont struct {
	tables   map[string][]byte
	sf       *sfnt.Font
	psName   string
	upem     int
	numGlyph int
	used     map[uint16]rune // glyph ID → the character it shows
}

// Flags of a PDF font descriptor (ISO 32000-1, table 123).
const (
	flagFixedPitch = 1 << 0
	flagSerif      = 1 << 1
	flagSymbolic   = 1 << 2
	flagItalic     = 1 << 6
)

func newPDFFont(tf TypesetFont) (*pdfFont, error) {
	tables, err := sfntTables(tf.TTF)
	if err != nil {
		return nil, fmt.Errorf("phông %s: %w", tf.Name, err)
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf"} {
		if tables[tag] == nil {
			return nil, fmt.Errorf("phông %s không nhúng được vào PDF: thiếu bảng %s (chỉ phông TrueType có nét glyf)", tf.Name, tag)
		}
	}
	// fsType bit 1 is a "restricted licence": the vendor forbids embedding.
	if os2 := tables["OS/2"]; len(os2) >= 10 && binary.BigEndian.Uint16(os2[8:])&0x000f == 0x0002 {
		return nil, fmt.Errorf("phông %s không cho phép nhúng vào PDF (giấy phép hạn chế); hãy chọn phông khác cho bản in", tf.Name)
	}
	sf, err := sfnt.Parse(tf.TTF)
	if err != nil {
		return nil, fmt.Errorf("phông %s: %w", tf.Name, err)
	}
	f := &pdfFont{
		tables:   tables,
		sf:       sf,
		upem:     int(be16(tables["head"], 18)),
		numGlyph: int(be16(tables["maxp"], 4)),
		used:     map[uint16]rune{},
	}
	if f.upem == 0 || len(tables["head"]) < 54 || len(tables["hhea"]) < 36 || len(tables["maxp"]) < 6 {
		return nil, fmt.Errorf("phông %s: bảng head, hhea hay maxp hỏng", tf.Name)
	}
	f.psName = postScriptName(tables["name"])
	if f.psName == "" {
		f.psName = pdfNameChars(tf.Name)
	}
	return f, nil
}

// glyph returns the glyph ID of c and marks it used; 0 when the font has
// no glyph for it.
func (f *pdfFont) glyph(c rune) uint16 {
	var buf sfnt.Buffer
	gid, err := f.sf.GlyphIndex(&buf, c)
	if err != nil || gid == 0 {
		return 0
	}
	if _, ok := f.used[uint16(gid)]; !ok {
		f.used[uint16(gid)] = c
	}
	return uint16(gid)
}

// advance is the glyph's advance width in thousandths of the em, the
// unit of PDF glyph space.
func (f *pdfFont) advance(gid uint16) int {
	hmtx, n := f.tables["hmtx"], int(be16(f.tables["hhea"], 34))
	if n == 0 {
		return 0
	}
	// Glyphs past the last full metric share its advance.
	i := min(int(gid), n-1)
	if 4*i+2 > len(hmtx) {
		return 0
	}
	return int(be16(hmtx, 4*i)) * 1000 / f.upem
}

// baseName is the PostScript name with the subset tag PDF requires of a
// subset font (ISO 32000-1 §9.6.4): six capitals, here derived from the
// glyphs kept so that the same sheet always gives the same file and two
// different subsets of one font never share a tag.
func (f *pdfFont) baseName() string {
	h := sha256.New()
	h.Write([]byte(f.psName))
	for _, g := range f.usedGlyphs() {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag) + "+" + f.psName
}

func (f *pdfFont) usedGlyphs() []uint16 {
	gs := make([]uint16, 0, len(f.used))
	for g := range f.used {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	return gs
}

// flags describes the font for the descriptor. Symbolic is always set
// and Nonsymbolic never: Vietnamese letters (ơ, ư, ạ, ệ…) lie outside
// the Adobe standard Latin character set, which is what those flags are
// about.
func (f *pdfFont) flags() int {
	v := flagSymbolic
	if post := f.tables["post"]; len(post) >= 16 {
		if be32(post, 12) != 0 {
			v |= flagFixedPitch
		}
		if be32(post, 4) != 0 {
			v |= flagItalic
		}
	}
	if os2 := f.tables["OS/2"]; len(os2) >= 64 {
		// PANOSE family "Latin text" (2) with a serif style 2–10; 11–15
		// are the sans and flared styles.
		if os2[32] == 2 && os2[33] >= 2 && os2[33] <= 10 {
			v |= flagSerif
		}
		if be16(os2, 62)&1 != 0 {
			v |= flagItalic
		}
	}
	return v
}

// descriptor is the FontDescriptor's metrics in glyph space.
func (f *pdfFont) descriptor() string {
	head, hhea := f.tables["head"], f.tables["hhea"]
	scale := func(v int16) int { return int(v) * 1000 / f.upem }
	asc, desc := scale(int16(be16(hhea, 4))), scale(int16(be16(hhea, 6)))
	capHeight, weight := asc*7/10, 400
	if os2 := f.tables["OS/2"]; len(os2) >= 90 && be16(os2, 0) >= 2 {
		capHeight = scale(int16(be16(os2, 88)))
	}
	if os2 := f.tables["OS/2"]; len(os2) >= 6 {
		weight = int(be16(os2, 4))
	}
	italic := 0.0
	if post := f.tables["post"]; len(post) >= 8 {
		italic = float64(int32(be32(post, 4))) / 65536
	}
	// StemV is not stored in a TrueType font; this is the usual estimate
	// from the weight class (400 → 88, 700 → 166).
	stemV := 50 + weight*weight/(65*65)
	return fmt.Sprintf("/Ascent %d /Descent %d /CapHeight %d /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /StemV %d",
		asc, desc, capHeight, f.flags(),
		scale(int16(be16(head, 36))), scale(int16(be16(head, 38))), scale(int16(be16(head, 40))), scale(int16(be16(head, 42))),
		pdfNum(italic), stemV)
}

// widths is the CIDFont's W array for the glyphs used.
func (f *pdfFont) widths() string {
	var b strings.Builder
	b.WriteByte('[')
	for _, g := range f.usedGlyphs() {
		fmt.Fprintf(&b, "%d [%d] ", g, f.advance(g))
	}
	b.WriteByte(']')
	return b.String()
}

// toUnicode maps each used glyph back to its character, so that text
// copied or searched in the PDF is the slogan's.
func (f *pdfFont) toUnicode() []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	gs := f.usedGlyphs()
	for len(gs) > 0 {
		n := min(len(gs), 100) // a bfchar block holds at most 100 entries
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, g := range gs[:n] {
			fmt.Fprintf(&b, "<%04X> <", g)
			for _, u := range utf16.Encode([]rune{f.used[g]}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		gs = gs[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}
