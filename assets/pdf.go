package assets

import (
	"fmt"
	"math"
	"strings"
)

// Bleed is the margin, in millimetres, the background extends past the
// trim on every side so that a guillotine a little off the line leaves no
// white edge; 3 mm is what print shops here ask for. The bleed box is the
// trim plus twice the bleed; the text stays in the board's safe area,
// inside the trim.
const Bleed = 3.0

// pdfDate is fixed so that the same slogan and size give the same file.
const pdfDate = "D:20260101000000Z"

// Print is what a print asks for besides the slogan.
type Print struct {
	Size   PrintSize
	Colors PrintColors // "" is RGB
}

// PDF lays req out as on a board of the sheet's shape and writes it as a
// vector PDF: background and emblem as filled paths, the text as glyphs
// of the embedded TrueType font, so the printer can enlarge it to any
// size. req.Size is ignored. A print holds no photo, so nothing in it is
// a picture to convert to CMYK.
func (r *Renderer) PDF(req Request, p Print) ([]byte, error) {
	if err := p.Size.validate(); err != nil {
		return nil, err
	}
	colors, err := ParsePrintColors(string(p.Colors))
	if err != nil {
		return nil, err
	}
	board, err := p.Size.board()
	if err != nil {
		return nil, err
	}
	req.Size = board
	ts, err := r.Typeset(req)
	if err != nil {
		return nil, err
	}
	return ts.pdf(p.Size, colors, req.Text)
}

func (ts *Typeset) pdf(size PrintSize, colors PrintColors, title string) ([]byte, error) {
	g := pageGeometry(size)
	fonts := make([]*pdfFont, len(ts.Fonts))
	for i, tf := range ts.Fonts {
		f, err := newPDFFont(tf)
		if err != nil {
			return nil, err
		}
		fonts[i] = f
	}
	var c strings.Builder
	ts.drawSheet(&c, g, size, colors, fonts)
	if g.unit > 1 {
		drawSlug(&c, g, size, colors, fonts[0])
	}

	version := "1.4"
	if g.unit > 1 {
		version = "1.6" // UserUnit is PDF 1.6
	}
	d := newPDFDoc(version)
	catalog, pages, page, content, info := d.alloc(), d.alloc(), d.alloc(), d.alloc(), d.alloc()
	var res strings.Builder
	for i, f := range fonts {
		if len(f.used) == 0 {
			continue
		}
		n, err := putFont(d, f)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&res, "/F%d %d 0 R ", i, n)
	}
	d.put(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /Lang (vi-VN) >>", pages))
	d.put(pages, fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page))
	d.put(page, g.pageDict(pages, content, res.String()))
	d.putStream(content, "", []byte(c.String()))
	d.put(info, fmt.Sprintf("<< /Title %s /Creator (codong) /Producer (codong) /CreationDate (%s) /ModDate (%s) >>",
		pdfText(title), pdfDate, pdfDate))
	return d.finish(catalog, info), nil
}

// drawSheet paints the background over the bleed box, the emblem, then
// the glyphs, all placed as on the board and scaled to the trim.
func (ts *Typeset) drawSheet(c *strings.Builder, g sheetGeometry, size PrintSize, colors PrintColors, fonts []*pdfFont) {
	c.WriteString(colors.fill(ts.Background))
	fmt.Fprintf(c, "%s %s %s %s re f\n", pdfNum(g.bx), pdfNum(g.by), pdfNum(g.bw), pdfNum(g.bh))
	// One scale for both axes keeps glyphs undistorted; the board's sides
	// are whole pixels, so the centred board may miss the trim by a
	// fraction of a pixel, which the background covers.
	board := ts.Layout.Size
	s := min(size.W/float64(board.W), size.H/float64(board.H)) // mm per pixel
	ox := Bleed + (size.W-s*float64(board.W))/2
	oy := Bleed + (size.H-s*float64(board.H))/2
	// at maps a board pixel to page units; PDF's y grows upwards.
	at := func(x, y float64) (float64, float64) {
		return g.bx + (ox+x*s)*g.perMM, g.by + g.bh - (oy+y*s)*g.perMM
	}
	if e := ts.Emblem; e != nil {
		c.WriteString(colors.fill(e.Color))
		half := float64(e.Box.X1-e.Box.X0) / 2
		for i, p := range e.Outline {
			x, y := at(float64(e.Box.X0)+half+p.X*half, float64(e.Box.Y0)+half+p.Y*half)
			op := "l"
			if i == 0 {
				op = "m"
			}
			fmt.Fprintf(c, "%s %s %s\n", pdfNum(x), pdfNum(y), op)
		}
		c.WriteString("h f\n")
	}
	c.WriteString(colors.fill(ts.Ink))
	c.WriteString("BT\n")
	fontSize := pdfNum(ts.Layout.FontSize * s * g.perMM)
	font := -1
	for _, l := range ts.Lines {
		for _, gl := range l.Glyphs {
			gid := fonts[gl.Font].glyph(gl.Rune)
			if gid == 0 {
				continue // a space, or nothing the layout would have drawn
			}
			if gl.Font != font {
				fmt.Fprintf(c, "/F%d %s Tf\n", gl.Font, fontSize)
				font = gl.Font
			}
			x, y := at(gl.X, l.Baseline)
			fmt.Fprintf(c, "1 0 0 1 %s %s Tm <%04X> Tj\n", pdfNum(x), pdfNum(y), gid)
		}
	}
	c.WriteString("ET\n")
}

// putFont writes a Type 0 font over a CIDFontType2 with its subset font
// file, widths and ToUnicode map, and returns the Type 0 font's object.
func putFont(d *pdfDoc, f *pdfFont) (int, error) {
	file, err := f.subset()
	if err != nil {
		return 0, err
	}
	type0, cid, desc, ff, cmap := d.alloc(), d.alloc(), d.alloc(), d.alloc(), d.alloc()
	name := f.baseName()
	d.put(type0, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		name, cid, cmap))
	d.put(cid, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 0 /W %s /CIDToGIDMap /Identity >>",
		name, desc, f.widths()))
	d.put(desc, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s %s /FontFile2 %d 0 R >>", name, f.descriptor(), ff))
	d.putStream(ff, fmt.Sprintf("/Length1 %d", len(file)), file)
	d.putStream(cmap, "", f.toUnicode())
	return type0, nil
}

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
