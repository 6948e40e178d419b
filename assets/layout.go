package assets

import "image"

// Layout is what the renderer decided, for people and tests:
// `codong render --layout` prints it as JSON.
type Layout struct {
	Size  Size   `json:"size"`  // the board
	Image Size   `json:"image"` // the PNG: the board, or the whole strip when scrolling
	Style string `json:"style"`
	Font  string `json:"font"`
	// FontSize is the em size in pixels; CapHeight the height of "H" in
	// pixels, the size a reader perceives.
	FontSize  float64 `json:"font_size"`
	CapHeight float64 `json:"cap_height"`
	// Coverage is the share of the board under the lines' ink boxes (the
	// sum of their areas over the board's area, 0..1, to four places); a
	// scrolling strip counts at most one board width of its ink.
	Coverage float64 `json:"coverage"`
	Hinting  bool    `json:"hinting"`
	// Scroll is true when the text was too long for the board at a legible
	// size and became a one-line strip for horizontal scrolling (chữ chạy).
	Scroll bool `json:"scroll"`
	// Pages, when not 0, is the number of pages the text was set in
	// instead of a strip whose pass would take too long (lật trang): the
	// picture holds them stacked top to bottom, each a board high, to be
	// shown in turn; each line says its page. Scroll is then false.
	Pages  int          `json:"pages,omitempty"`
	Safe   Box          `json:"safe_area"` // inside the margins
	Block  Box          `json:"block"`     // the ink of all lines
	Emblem *Box         `json:"emblem,omitempty"`
	Lines  []LayoutLine `json:"lines"`
}

// LayoutLine is one line as shown, with the box of its real ink.
type LayoutLine struct {
	Text     string `json:"text"`
	Ink      Box    `json:"ink"`
	Baseline int    `json:"baseline"`
	Page     int    `json:"page,omitempty"` // with Layout.Pages, from 0
}

// Box is a pixel rectangle, half-open like image.Rectangle: it holds the
// pixels with X0 <= x < X1 and Y0 <= y < Y1.
type Box struct {
	X0 int `json:"x0"`
	Y0 int `json:"y0"`
	X1 int `json:"x1"`
	Y1 int `json:"y1"`
}

func boxOf(r image.Rectangle) Box { return Box{r.Min.X, r.Min.Y, r.Max.X, r.Max.Y} }

// Rect converts b to an image.Rectangle.
func (b Box) Rect() image.Rectangle { return image.Rect(b.X0, b.Y0, b.X1, b.Y1) }

// clone copies l deeply enough that a caller may change it freely.
func (l Layout) clone() Layout {
	l.Lines = append([]LayoutLine(nil), l.Lines...)
	if l.Emblem != nil {
		e := *l.Emblem
		l.Emblem = &e
	}
	return l
}
