package assets

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"sync"
	"testing"

	"github.com/go-fonts/dejavu/dejavusans"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The sheet is laid out as a flow: each slogan starts a row with its
// heading, then its frames run left to right, wrapping at the sheet's
// width; the first frame of each board carries the board's label.
const (
	sheetWidth = 3840
	sheetPad   = 12
	labelH     = 22 // a label line above a frame
	headingH   = 30
)

type sheetLabel struct {
	text string
	at   image.Rectangle
	size float64
}

type sheet struct {
	pal    *sheetPalette
	frames []*sheetFrame
	labels []sheetLabel
	x, y   int // the flow's cursor
	rowH   int
}

func newSheet() *sheet {
	return &sheet{pal: newSheetPalette(), x: sheetPad, y: sheetPad}
}

// newRow moves the cursor to the start of the next row.
func (sh *sheet) newRow() {
	if sh.x > sheetPad {
		sh.y += sh.rowH + sheetPad
	}
	sh.x, sh.rowH = sheetPad, 0
}

// place reserves w×h at the cursor, wrapping first when it does not fit.
func (sh *sheet) place(w, h int) image.Point {
	if sh.x+w > sheetWidth-sheetPad {
		sh.newRow()
	}
	at := image.Pt(sh.x, sh.y)
	sh.x += w + sheetPad
	sh.rowH = max(sh.rowH, h)
	return at
}

// addSlogan lays out one slogan's frames on every proof board. Only the
// layouts are read here; draw renders the pictures, one slogan at a time,
// so that the whole corpus never sits in memory at once.
func (sh *sheet) addSlogan(t *testing.T, n int, s corpusSlogan) {
	sh.newRow()
	heading := sheetLabel{text: shorten(strconv.Itoa(n)+". "+s.String()+": "+s.text, sheetWidth-2*sheetPad, 18), size: 18}
	heading.at = image.Rectangle{Min: sh.place(sheetWidth-2*sheetPad, headingH)}
	heading.at.Max = heading.at.Min.Add(image.Pt(sheetWidth-2*sheetPad, headingH))
	sh.labels = append(sh.labels, heading)
	sh.newRow()
	for _, b := range proofBoards {
		req := Request{Text: s.text, Size: b.size, ScrollSpeed: b.speed}
		p, err := testRenderer(t).plan(req)
		if err != nil {
			t.Fatal(err)
		}
		up, down := frameScale(b.size)
		label := boardLabel(b, p.layout)
		for i, part := range framesOf(p.layout, b.size, up) {
			w := part.Dx() * up / down
			h := part.Dy() * up / down
			at := sh.place(max(w, 1), h+labelH)
			f := &sheetFrame{req: req, from: part, up: up, down: down, what: s.String() + " " + label,
				at: image.Rectangle{Min: at.Add(image.Pt(0, labelH)), Max: at.Add(image.Pt(w, labelH+h))}}
			sh.frames = append(sh.frames, f)
			if i == 0 {
				sh.labels = append(sh.labels, sheetLabel{text: label, size: 14,
					at: image.Rect(at.X, at.Y, at.X+max(w, 300), at.Y+labelH)})
			}
		}
	}
}

// framesOf cuts a picture into what a passer-by sees one after another:
// its pages, or its strip in stretches as wide as the sheet allows.
func framesOf(l Layout, board Size, up int) []image.Rectangle {
	var out []image.Rectangle
	switch {
	case l.Pages > 0:
		for i := range l.Pages {
			out = append(out, image.Rect(0, i*board.H, board.W, (i+1)*board.H))
		}
	case l.Image.W > board.W:
		step := (sheetWidth - 2*sheetPad) / up
		for x := 0; x < l.Image.W; x += step {
			out = append(out, image.Rect(x, 0, min(x+step, l.Image.W), l.Image.H))
		}
	default:
		out = append(out, image.Rect(0, 0, l.Image.W, l.Image.H))
	}
	return out
}

// draw paints the sheet: white, the frames, then the labels in dark grey.
// With keep, every frame keeps its picture for checkSheet; without, each
// picture is dropped once its frames are drawn.
func (sh *sheet) draw(t *testing.T, keep bool) *image.Paletted {
	sh.newRow()
	img := image.NewPaletted(image.Rect(0, 0, sheetWidth, sh.y+sheetPad), sh.pal.colors)
	// Index 0 is white: the new image is already blank.
	var group []*sheetFrame // the frames of one picture
	for _, f := range sh.frames {
		if len(group) > 0 && group[0].req == f.req {
			f.src = group[0].src
		} else {
			if !keep {
				for _, g := range group {
					g.src = nil // the picture is drawn: let it go
				}
			}
			group = group[:0]
			f.src = newSheetPicture(decodePNG(t, render(t, f.req).PNG))
		}
		group = append(group, f)
		for y := f.at.Min.Y; y < f.at.Max.Y; y++ {
			row := img.Pix[img.PixOffset(f.at.Min.X, y):]
			for x := range f.at.Dx() {
				row[x] = sh.pal.index(f.pixel(x, y-f.at.Min.Y))
			}
		}
	}
	for _, l := range sh.labels {
		drawLabel(img, l)
	}
	return img
}

var labelFont = sync.OnceValues(func() (*opentype.Font, error) { return opentype.Parse(dejavusans.TTF) })

func labelFace(size float64) font.Face {
	f, err := labelFont()
	if err != nil {
		panic(err) // the embedded font is known good
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	return face
}

func drawLabel(img *image.Paletted, l sheetLabel) {
	face := labelFace(l.size)
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.RGBA{0x30, 0x30, 0x30, 0xff}), Face: face,
		Dot: fixed.P(l.at.Min.X, l.at.Min.Y+int(l.size))}
	d.DrawString(l.text)
}

// shorten cuts s with an ellipsis to fit width pixels at size.
func shorten(s string, width int, size float64) string {
	face := labelFace(size)
	if font.MeasureString(face, s).Ceil() <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && font.MeasureString(face, string(r)+"…").Ceil() > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// sheetPalette holds white, a grey ramp for the labels and the ramps of
// the built-in styles; any other colour goes to its nearest entry.
type sheetPalette struct {
	colors color.Palette
	cache  map[color.RGBA]uint8 // draw runs on one goroutine
}

func newSheetPalette() *sheetPalette {
	p := &sheetPalette{cache: make(map[color.RGBA]uint8)}
	p.colors = append(p.colors, color.RGBA{0xff, 0xff, 0xff, 0xff})
	p.colors = append(p.colors, ramp(Color{0xff, 0xff, 0xff}, Color{0x30, 0x30, 0x30}, 32)[1:]...)
	styles := builtinStyles()
	per := (256 - len(p.colors)) / len(styles)
	for _, s := range styles {
		p.colors = append(p.colors, ramp(s.Background, s.Ink, per)...)
	}
	return p
}

func (p *sheetPalette) index(c color.RGBA) uint8 {
	if i, ok := p.cache[c]; ok {
		return i
	}
	i := uint8(p.colors.Index(c))
	p.cache[c] = i
	return i
}

// encodeSheet writes the sheet as PNG.
func encodeSheet(img *image.Paletted) ([]byte, error) {
	var buf bytes.Buffer
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img)
	return buf.Bytes(), err
}
