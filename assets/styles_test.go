package assets

import (
	"encoding/json"
	"fmt"
	"image"
	"strings"
	"testing"
)

func TestStyles(t *testing.T) {
	styles := Styles()
	if len(styles) < 3 || styles[0].Name != "classic" {
		t.Fatalf("styles %v: want at least three, classic first", styles)
	}
	for _, s := range styles {
		t.Run(s.Name, func(t *testing.T) {
			got, err := LookupStyle(strings.ToUpper(s.Name))
			if err != nil || got.Name != s.Name {
				t.Fatalf("LookupStyle(%q) = %v, %v", s.Name, got.Name, err)
			}
			if s.Title == "" || s.Background == s.Ink || s.Margin <= 0 || s.MinCapHeight <= 0 {
				t.Errorf("style %+v incomplete", s)
			}
			b, err := json.Marshal(s)
			if err != nil || !strings.Contains(string(b), `"background":"#`) {
				t.Errorf("JSON %s, %v", b, err)
			}
		})
	}
	if d, err := LookupStyle(""); err != nil || d.Name != "classic" {
		t.Errorf(`LookupStyle("") = %v, %v`, d.Name, err)
	}
}

func TestColorText(t *testing.T) {
	var c Color
	if err := c.UnmarshalText([]byte("#da251d")); err != nil || c != (Color{0xda, 0x25, 0x1d}) {
		t.Fatalf("got %v, %v", c, err)
	}
	if err := c.UnmarshalText([]byte("red")); err == nil {
		t.Errorf("accepted %q", "red")
	}
}

// TestStarEmblem checks the flag's star is drawn where the layout says:
// ink at its centre and at its top point, none in its bottom corners.
func TestStarEmblem(t *testing.T) {
	for _, size := range []Size{{1920, 1080}, {384, 128}} {
		t.Run(size.String(), func(t *testing.T) {
			out := render(t, Request{Text: "Mừng Đảng, mừng Xuân!", Size: size, Style: "flag"})
			e := out.Layout.Emblem
			if e == nil {
				t.Fatal("flag style without emblem")
			}
			img := decodePNG(t, out.PNG)
			r := e.Rect()
			c := image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
			top := image.Pt(c.X, r.Min.Y+r.Dy()/20)
			for _, p := range []image.Point{c, top} {
				if img.ColorIndexAt(p.X, p.Y) == 0 {
					t.Errorf("no ink at %v in star box %v", p, r)
				}
			}
			for _, p := range []image.Point{r.Min, image.Pt(r.Min.X, r.Max.Y-1), image.Pt(r.Max.X-1, r.Max.Y-1)} {
				if img.ColorIndexAt(p.X, p.Y) != 0 {
					t.Errorf("ink at corner %v of star box %v", p, r)
				}
			}
			for _, l := range out.Layout.Lines {
				if l.Ink.Rect().Overlaps(r) {
					t.Errorf("line %q overlaps the star", l.Text)
				}
			}
		})
	}
}

// TestStylesOnOfficial runs the layout properties on the other styles.
func TestStylesOnOfficial(t *testing.T) {
	slogans := officialSlogans(t)
	for _, style := range []string{"flag", "led"} {
		for _, size := range testSizes {
			for _, i := range []int{1, 6, 9} {
				t.Run(fmt.Sprintf("%s-%s-%02d", style, size, i+1), func(t *testing.T) {
					out := render(t, Request{Text: slogans[i], Size: size, Style: style})
					img := decodePNG(t, out.PNG)
					checkImageSize(t, out.Layout, img)
					checkInkInside(t, out.Layout)
					checkLinesApart(t, out.Layout)
					checkUnits(t, out.Layout)
					checkPixelsInBoxes(t, out.Layout, img)
				})
			}
		}
	}
}

// TestEmblemOwnColour: an emblem coloured unlike the text gets its own half
// of the palette.
func TestEmblemOwnColour(t *testing.T) {
	style, err := LookupStyle("flag")
	if err != nil {
		t.Fatal(err)
	}
	white := Color{0xff, 0xff, 0xff}
	style.Emblem.Color = white
	p, err := testRenderer(t).makePlan("Mừng Đảng", Size{1920, 1080}, style, 0)
	if err != nil {
		t.Fatal(err)
	}
	img := p.image()
	e := p.layout.Emblem.Rect()
	centre := img.At((e.Min.X+e.Max.X)/2, (e.Min.Y+e.Max.Y)/2)
	if centre != white.rgba() {
		t.Errorf("star centre %v, want %v", centre, white)
	}
	line := p.layout.Lines[0].Ink.Rect()
	found := false
	for x := line.Min.X; x < line.Max.X && !found; x++ {
		found = img.At(x, (line.Min.Y+line.Max.Y)/2) == style.Ink.rgba()
	}
	if !found {
		t.Errorf("no full text ink across the middle of %v", line)
	}
}
