package assets

import (
	"bytes"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
)

// Bleed is the margin, in millimetres, the background extends past the
// trim on every side so that a guillotine a little off the line leaves no
// white edge; 3 mm is what print shops here ask for. The page is the trim
// plus twice the bleed; the text stays in the board's safe area, inside
// the trim.
const Bleed = 3.0

// pdfDate is fixed so that the same slogan and size give the same file.
var pdfDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// PDF lays req out as on a board of page's shape and writes it as a vector
// PDF: background and emblem as filled paths, the text as glyphs of the
// embedded TrueType font, so the printer can enlarge it to any size.
// req.Size is ignored.
func (r *Renderer) PDF(req Request, page PrintSize) ([]byte, error) {
	if err := page.validate(); err != nil {
		return nil, err
	}
	board, err := page.board()
	if err != nil {
		return nil, err
	}
	req.Size = board
	ts, err := r.Typeset(req)
	if err != nil {
		return nil, err
	}
	return ts.pdf(page, req.Text)
}

func (ts *Typeset) pdf(page PrintSize, title string) ([]byte, error) {
	pw, ph := page.W+2*Bleed, page.H+2*Bleed
	doc := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", OrientationStr: "P", Size: fpdf.SizeType{Wd: pw, Ht: ph}})
	doc.SetMargins(0, 0, 0)
	doc.SetAutoPageBreak(false, 0)
	doc.SetCreationDate(pdfDate)
	doc.SetModificationDate(pdfDate)
	doc.SetCatalogSort(true)
	doc.SetTitle(title, true)
	doc.SetCreator("codong", true)
	for i, f := range ts.Fonts {
		doc.AddUTF8FontFromBytes(pdfFamily(i), "", f.TTF)
	}
	doc.SetPageBox("trim", Bleed, Bleed, page.W, page.H)
	doc.SetPageBox("bleed", 0, 0, pw, ph)
	doc.AddPage()

	setFill(doc, ts.Background)
	doc.Rect(0, 0, pw, ph, "F")
	// One scale for both axes keeps glyphs undistorted; the board's sides
	// are whole pixels, so the centred board may miss the trim by a
	// fraction of a pixel, which the background covers.
	board := ts.Layout.Size
	s := min(page.W/float64(board.W), page.H/float64(board.H))
	ox := Bleed + (page.W-s*float64(board.W))/2
	oy := Bleed + (page.H-s*float64(board.H))/2
	if e := ts.Emblem; e != nil {
		ts.drawEmblem(doc, e, s, ox, oy)
	}
	doc.SetTextColor(int(ts.Ink.R), int(ts.Ink.G), int(ts.Ink.B))
	doc.SetFont(pdfFamily(0), "", 0)
	doc.SetFontUnitSize(ts.Layout.FontSize * s)
	font := 0
	for _, l := range ts.Lines {
		for _, g := range l.Glyphs {
			if g.Font != font {
				doc.SetFont(pdfFamily(g.Font), "", 0) // 0 keeps the size
				font = g.Font
			}
			doc.Text(ox+g.X*s, oy+l.Baseline*s, string(g.Rune))
		}
	}
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return buf.Bytes(), nil
}

func (ts *Typeset) drawEmblem(doc *fpdf.Fpdf, e *TypesetEmblem, s, ox, oy float64) {
	setFill(doc, e.Color)
	half := float64(e.Box.X1-e.Box.X0) / 2
	pts := make([]fpdf.PointType, len(e.Outline))
	for i, p := range e.Outline {
		pts[i] = fpdf.PointType{
			X: ox + (float64(e.Box.X0)+half+p.X*half)*s,
			Y: oy + (float64(e.Box.Y0)+half+p.Y*half)*s,
		}
	}
	doc.Polygon(pts, "F")
}

func setFill(doc *fpdf.Fpdf, c Color) { doc.SetFillColor(int(c.R), int(c.G), int(c.B)) }

func pdfFamily(i int) string { return fmt.Sprintf("font%d", i) }
