package assets

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNeedsScroll is returned by Typeset when the slogan only fits the
// board as a scrolling strip: paper cannot scroll.
var ErrNeedsScroll = errors.New("khẩu hiệu quá dài cho khổ này: trên bảng cùng tỉ lệ nó phải chạy chữ; hãy chọn khổ dài hơn hoặc rút gọn khẩu hiệu")

// Typeset is a slogan as the boards lay it out, in board pixels but with
// exact (unrounded) pen positions, for drawing it as vectors elsewhere:
// print uses it so that a banner breaks its lines like a board of its shape.
type Typeset struct {
	Layout     Layout // the board's layout: sizes, lines, safe area, emblem box
	Background Color
	Ink        Color
	Fonts      []TypesetFont // every font a glyph uses, the style's first
	Lines      []TypesetLine
	Emblem     *TypesetEmblem
}

// TypesetFont is a TrueType font to embed.
type TypesetFont struct {
	Name string
	TTF  []byte
}

// TypesetLine is one line: its glyphs on a common baseline.
type TypesetLine struct {
	Text     string
	Baseline float64 // pixels from the board's top
	Glyphs   []TypesetGlyph
}

// TypesetGlyph is one character at its pen position, kerning included.
type TypesetGlyph struct {
	Rune rune
	Font int     // index into Typeset.Fonts
	X    float64 // pen position, pixels from the board's left
}

// TypesetEmblem is the style's emblem: a polygon in the square [-1,1]²
// (y down) drawn into Box.
type TypesetEmblem struct {
	Outline []Point
	Box     Box
	Color   Color
}

// Typeset lays req out with the boards' engine (the same cached plan as
// Render) and returns where every glyph goes.
func (r *Renderer) Typeset(req Request) (*Typeset, error) {
	p, err := r.plan(req)
	if err != nil {
		return nil, err
	}
	if p.layout.Scroll {
		return nil, ErrNeedsScroll
	}
	style, err := requestStyle(req)
	if err != nil {
		return nil, err
	}
	t, err := r.prepare(req.Text, style)
	if err != nil {
		return nil, err
	}
	ts := &Typeset{Layout: p.layout.clone(), Background: p.bg, Ink: p.ink}
	// A layout in pages is never printed (print has no scroll speed):
	// a still has one emblem at most.
	if len(p.emblems) > 0 {
		e := p.emblems[0]
		ts.Emblem = &TypesetEmblem{Outline: e.outline, Box: boxOf(e.box), Color: e.color}
	}
	fonts := map[*fontFace]int{}
	ts.fontIndex(t.sh.fonts[0], fonts)
	a := 0
	for _, l := range ts.Layout.Lines {
		b, err := lineEnd(t.words, a, l.Text)
		if err != nil {
			return nil, err
		}
		ts.Lines = append(ts.Lines, ts.setLine(t, a, b, l, fonts))
		a = b
	}
	return ts, nil
}

// lineEnd finds b such that words[a:b] joined by spaces are the line text.
func lineEnd(words []word, a int, line string) (int, error) {
	var sb strings.Builder
	for b := a; b < len(words); b++ {
		if b > a {
			sb.WriteByte(' ')
		}
		sb.WriteString(words[b].display)
		if sb.Len() >= len(line) {
			if sb.String() == line {
				return b + 1, nil
			}
			break
		}
	}
	return 0, fmt.Errorf("typeset: line %q does not match the words", line)
}

// setLine places words[a:b] so that their vector ink is centred where the
// board centred the line's rasterised ink: the same place, without the
// pixel rounding.
func (ts *Typeset) setLine(t *text, a, b int, l LayoutLine, fonts map[*fontFace]int) TypesetLine {
	scale := ts.Layout.FontSize / float64(t.sh.upem) // pixels per layout unit
	line := TypesetLine{Text: l.Text, Baseline: float64(l.Baseline)}
	inkL, inkR := 0.0, 0.0
	var x int64
	for _, w := range t.words[a:b] {
		for _, g := range w.glyphs {
			pen := float64(x+g.x) * scale
			k := ts.Layout.FontSize / float64(g.face.upem) // pixels per unit of g's own font
			left, right := pen+float64(g.m.xMin)*k, pen+float64(g.m.xMax)*k
			if len(line.Glyphs) == 0 || left < inkL {
				inkL = left
			}
			if len(line.Glyphs) == 0 || right > inkR {
				inkR = right
			}
			line.Glyphs = append(line.Glyphs, TypesetGlyph{Rune: g.shown, Font: ts.fontIndex(g.face, fonts), X: pen})
		}
		x += w.width + t.fit.m.space
	}
	shift := float64(l.Ink.X0+l.Ink.X1)/2 - (inkL+inkR)/2
	for i := range line.Glyphs {
		line.Glyphs[i].X += shift
	}
	return line
}

func (ts *Typeset) fontIndex(f *fontFace, fonts map[*fontFace]int) int {
	if i, ok := fonts[f]; ok {
		return i
	}
	fonts[f] = len(ts.Fonts)
	ts.Fonts = append(ts.Fonts, TypesetFont{Name: f.name, TTF: f.ttf})
	return fonts[f]
}
