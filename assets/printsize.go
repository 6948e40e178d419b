package assets

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A printed side outside this range is a typing mistake, not a banner.
// 50 m is a banner along a whole market street; the work of a print does
// not grow with its size (the page is vectors), and a page longer than
// 200 inches is written with a UserUnit (pdf.go).
const (
	MinPrintSide = 50.0    // mm
	MaxPrintSide = 50000.0 // mm
)

// printBoardSide is the longer side, in pixels, of the board whose layout
// a print copies: a 4K screen, large enough that hinting and the minimum
// legible cap height never decide a break a printed sheet would not, yet
// with room for a 200:1 banner above minSide.
const printBoardSide = 3840

// PrintSize is a sheet's trim size in millimetres, before bleed.
type PrintSize struct {
	W, H float64
	name string // "A2", "A2-landscape", or "" for a size given in units
}

// paperSizes are the ISO 216 posters, portrait.
var paperSizes = map[string]PrintSize{
	"a3": {W: 297, H: 420},
	"a2": {W: 420, H: 594},
	"a1": {W: 594, H: 841},
}

var printUnits = []struct {
	suffix string
	mm     float64
}{{"mm", 1}, {"cm", 10}, {"m", 1000}}

const printSizeHelp = "cần dạng RỘNGxCAO kèm đơn vị mm, cm hoặc m (ví dụ 5000x800mm, 500x80cm, 5x0,8m) hoặc khổ A3, A2, A1 (thêm -landscape để in ngang, ví dụ A2-landscape)"

// ParsePrintSize reads "5000x800mm", "500x80cm", "5x0.8m" (a decimal comma
// is accepted, as Vietnamese writes it) or a poster "A3", "A2", "A1",
// portrait unless followed by "-landscape".
func ParsePrintSize(s string) (PrintSize, error) {
	key := strings.ToLower(strings.TrimSpace(s))
	base, orient, _ := strings.Cut(key, "-")
	if p, ok := paperSizes[base]; ok {
		switch orient {
		case "", "portrait":
			p.name = strings.ToUpper(base)
		case "landscape":
			p.W, p.H, p.name = p.H, p.W, strings.ToUpper(base)+"-landscape"
		default:
			return PrintSize{}, fmt.Errorf("khổ in %q không hợp lệ: %s", s, printSizeHelp)
		}
		return p, nil
	}
	p, ok := parseMetric(key)
	if !ok {
		return PrintSize{}, fmt.Errorf("khổ in %q không hợp lệ: %s", s, printSizeHelp)
	}
	return p, p.validate()
}

func parseMetric(key string) (PrintSize, bool) {
	for _, u := range printUnits {
		num, ok := strings.CutSuffix(key, u.suffix)
		if !ok {
			continue
		}
		ws, hs, ok := strings.Cut(num, "x")
		w, errW := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(ws), ",", "."), 64)
		h, errH := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(hs), ",", "."), 64)
		if !ok || errW != nil || errH != nil {
			return PrintSize{}, false
		}
		return PrintSize{W: w * u.mm, H: h * u.mm}, true
	}
	return PrintSize{}, false
}

func (p PrintSize) validate() error {
	ok := func(v float64) bool { return !math.IsNaN(v) && v >= MinPrintSide && v <= MaxPrintSide }
	if !ok(p.W) || !ok(p.H) {
		return fmt.Errorf("khổ in %s nằm ngoài giới hạn: mỗi cạnh phải từ 5 cm đến 50 m", p)
	}
	// Up to 10 m no side within bounds was too flat for a board; up to
	// 50 m a strip of 5 cm by 50 m is, and is refused here, with the size.
	_, err := p.board()
	return err
}

// String gives the preset's name or the size in millimetres.
func (p PrintSize) String() string {
	if p.name != "" {
		return p.name
	}
	mm := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return mm(p.W) + "x" + mm(p.H) + "mm"
}

// board is the board of the same shape whose layout the print copies.
func (p PrintSize) board() (Size, error) {
	long, short := p.W, p.H
	if short > long {
		long, short = short, long
	}
	side := int(math.Round(printBoardSide * short / long))
	if side < minSide {
		return Size{}, fmt.Errorf("khổ in %s quá dẹt: cạnh dài nhiều nhất %d lần cạnh ngắn", p, printBoardSide/minSide)
	}
	if p.W >= p.H {
		return Size{W: printBoardSide, H: side}, nil
	}
	return Size{W: side, H: printBoardSide}, nil
}
