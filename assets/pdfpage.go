package assets

import (
	"fmt"
	"math"
	"strings"
)

// maxPageSide is the longest page side, in units, that Acrobat and most
// RIPs accept: 200 inches at the default unit of 1/72 inch.
const maxPageSide = 14400.0

const ptPerMM = 72 / 25.4

// sheetGeometry is the page in its own units: a unit is UserUnit/72 inch
// (ISO 32000-1 §14.11.2), so a 10 m banner is a page of 14,000-odd units
// at UserUnit 2 and still opens at its true size.
type sheetGeometry struct {
	unit           int     // UserUnit: 1, or the integer scale that brings every side within maxPageSide
	perMM          float64 // page units per millimetre
	bx, by, bw, bh float64 // the bleed box
	mw, mh         float64 // the media box, slug included
	slug           float64 // width of the slug strip beside the long edge, 0 when unit is 1
	portrait       bool    // the slug is right of the sheet, not below it
}

// pageGeometry picks the smallest UserUnit that fits. A scaled page gets
// a slug: a strip outside the bleed along the long edge that says the
// scale in words, for a RIP that ignores UserUnit and would print the
// banner at half or a tenth of its size.
func pageGeometry(size PrintSize) sheetGeometry {
	bw, bh := size.W+2*Bleed, size.H+2*Bleed // mm
	portrait := size.H > size.W
	for unit := 1; ; unit++ {
		g := sheetGeometry{unit: unit, perMM: ptPerMM / float64(unit), portrait: portrait}
		if unit > 1 {
			g.slug = slugWidth(max(bw, bh)) * g.perMM
		}
		g.bw, g.bh = bw*g.perMM, bh*g.perMM
		g.mw, g.mh = g.bw, g.bh
		if portrait {
			g.mw += g.slug
		} else {
			g.mh += g.slug
			g.by = g.slug
		}
		if max(g.mw, g.mh) <= maxPageSide {
			return g
		}
	}
}

// slugWidth is a hundredth of the long side, 10 to 250 mm: the words stay
// legible when the whole banner is shown on one screen, without the slug
// costing much material if a RIP prints it.
func slugWidth(longMM float64) float64 { return min(max(longMM/100, 10), 250) }

func (g sheetGeometry) pageDict(parent, content int, fonts string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<< /Type /Page /Parent %d 0 R /MediaBox %s", parent, pdfBox(0, 0, g.mw, g.mh))
	fmt.Fprintf(&b, " /BleedBox %s", pdfBox(g.bx, g.by, g.bx+g.bw, g.by+g.bh))
	b2 := Bleed * g.perMM
	fmt.Fprintf(&b, " /TrimBox %s", pdfBox(g.bx+b2, g.by+b2, g.bx+g.bw-b2, g.by+g.bh-b2))
	if g.unit > 1 {
		fmt.Fprintf(&b, " /UserUnit %d", g.unit)
	}
	fmt.Fprintf(&b, " /Resources << /Font << %s>> >> /Contents %d 0 R >>", fonts, content)
	return b.String()
}

// slugText says the scale as a print shop does ("in ở 200%") and the
// size the banner must come out at.
func slugText(g sheetGeometry, size PrintSize) string {
	mm := func(v float64) string { return strings.ReplaceAll(pdfNum(v), ".", ",") }
	return fmt.Sprintf("Tỉ lệ 1:%d — in ở %d%% để được khổ thành phẩm %s × %s mm (trang PDF ghi UserUnit %d; tràn lề %s mm mỗi cạnh)",
		g.unit, 100*g.unit, mm(size.W), mm(size.H), g.unit, mm(Bleed))
}

// drawSlug writes slugText in black in the slug strip, along the long
// edge: below a landscape banner, reading upwards right of a portrait one.
func drawSlug(c *strings.Builder, g sheetGeometry, size PrintSize, colors PrintColors, f *pdfFont) {
	type placed struct {
		gid uint16
		x   float64 // in thousandths of the font size
	}
	var glyphs []placed
	pen := 0
	for _, r := range slugText(g, size) {
		gid := f.glyph(r)
		if gid == 0 && r != ' ' {
			gid = f.glyph('-') // a font without the dash or the sign
		}
		if gid != 0 {
			glyphs = append(glyphs, placed{gid, float64(pen)})
			pen += f.advance(gid)
		} else if sp := f.glyph(' '); sp != 0 {
			pen += f.advance(sp)
		}
	}
	long := g.mw
	if g.portrait {
		long = g.mh
	}
	margin := g.slug * 0.25
	fs := math.Min(g.slug*0.55, (long-2*margin)*1000/float64(max(pen, 1)))
	c.WriteString("q\n")
	if g.portrait {
		fmt.Fprintf(c, "0 1 -1 0 %s 0 cm\n", pdfNum(g.mw))
	}
	c.WriteString(colors.fill(Color{}))
	c.WriteString("BT\n")
	fmt.Fprintf(c, "/F0 %s Tf\n", pdfNum(fs))
	for _, p := range glyphs {
		fmt.Fprintf(c, "1 0 0 1 %s %s Tm <%04X> Tj\n", pdfNum(margin+p.x*fs/1000), pdfNum(margin), p.gid)
	}
	c.WriteString("ET\nQ\n")
}
