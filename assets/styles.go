package assets

import (
	"fmt"
	"image/color"
	"math"
	"strings"
)

// Style is how a slogan looks: pure data, so a new look is a new entry in
// builtinStyles, not a new code path.
type Style struct {
	Name       string `json:"name"`
	Title      string `json:"title"` // shown in the (Vietnamese) UI
	Background Color  `json:"background"`
	Ink        Color  `json:"ink"`
	Font       string `json:"font"` // a name from Renderer.Fonts
	Uppercase  bool   `json:"uppercase"`
	// Margin is the blank border on every side, as a fraction of the
	// board's shorter side, so margins scale with the board.
	Margin float64 `json:"margin"`
	// LineGap is the blank space between the ink of two lines, in cap heights.
	LineGap float64 `json:"line_gap"`
	// MinCapHeight is the smallest legible cap height in pixels; text that
	// would be smaller becomes a one-line strip for horizontal scrolling.
	MinCapHeight int     `json:"min_cap_height"`
	Emblem       *Emblem `json:"emblem,omitempty"`
}

// Emblem is a filled vector shape drawn beside or above the text.
type Emblem struct {
	Name  string `json:"name"`
	Color Color  `json:"color"`
	// Outline is a polygon inside the square [-1,1]×[-1,1], y pointing down.
	Outline []Point `json:"outline"`
	// Scale is the emblem's side as a fraction of the safe area's shorter side.
	Scale float64 `json:"scale"`
}

// Point is a point of an emblem outline.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Color is an opaque sRGB colour; it reads and writes as "#rrggbb".
type Color struct{ R, G, B uint8 }

func (c Color) rgba() color.RGBA { return color.RGBA{c.R, c.G, c.B, 0xff} }

func (c Color) String() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// MarshalText writes "#rrggbb".
func (c Color) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads "#rrggbb".
func (c *Color) UnmarshalText(b []byte) error {
	var v Color
	if _, err := fmt.Sscanf(string(b), "#%02x%02x%02x", &v.R, &v.G, &v.B); err != nil {
		return fmt.Errorf("màu %q không hợp lệ: cần dạng #rrggbb", b)
	}
	*c = v
	return nil
}

var (
	flagRed    = Color{0xda, 0x25, 0x1d}
	flagYellow = Color{0xff, 0xff, 0x00}
)

// builtinStyles lists the styles; the first is the default.
func builtinStyles() []Style {
	return []Style{
		{Name: "classic", Title: "Cổ điển: nền đỏ, chữ vàng", Background: flagRed,
			Ink: Color{0xff, 0xe6, 0x00}, Font: "liberation-sans-bold", Uppercase: true,
			Margin: 0.06, LineGap: 0.22, MinCapHeight: 12},
		{Name: "flag", Title: "Cờ đỏ sao vàng", Background: flagRed, Ink: flagYellow,
			Font: "liberation-sans-bold", Uppercase: true, Margin: 0.06, LineGap: 0.22,
			MinCapHeight: 12,
			Emblem:       &Emblem{Name: "star", Color: flagYellow, Outline: starOutline(), Scale: 0.3}},
		{Name: "led", Title: "Nền tối cho bảng LED", Background: Color{0, 0, 0},
			Ink: Color{0xff, 0xc8, 0x00}, Font: "liberation-sans-bold", Uppercase: true,
			Margin: 0.04, LineGap: 0.18, MinCapHeight: 12},
	}
}

// starOutline is a regular five-pointed star with one point up, as on the
// national flag: ten vertices alternating between the outer radius and the
// inner radius of a regular pentagram, moved down so that the star's own
// height (1 + cos 36°) is centred in the square.
func starOutline() []Point {
	inner := math.Sin(math.Pi/10) / math.Sin(3*math.Pi/10)
	drop := (1 - math.Cos(math.Pi/5)) / 2
	pts := make([]Point, 10)
	for i := range pts {
		r := 1.0
		if i%2 == 1 {
			r = inner
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		pts[i] = Point{X: r * math.Cos(a), Y: r*math.Sin(a) + drop}
	}
	return pts
}

// Styles lists the built-in styles, "classic" first.
func Styles() []Style { return builtinStyles() }

// LookupStyle finds a built-in style by name; "" means "classic".
func LookupStyle(name string) (Style, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if key == "" {
		key = "classic"
	}
	styles := builtinStyles()
	for _, s := range styles {
		if s.Name == key {
			return s, nil
		}
	}
	names := make([]string, len(styles))
	for i, s := range styles {
		names[i] = s.Name
	}
	return Style{}, fmt.Errorf("không có kiểu trình bày %q; các kiểu có sẵn: %s", name, strings.Join(names, ", "))
}
