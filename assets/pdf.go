package assets

import (
	"fmt"
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
