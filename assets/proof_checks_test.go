package assets

import (
	"fmt"
	"image"
	"strings"
	"sync"
	"testing"
	"unicode"
)

// proofFloor is the smallest legible cap height for a board, read from
// the style: when the floor comes to depend on the board's height, this
// is the one place the proof asks for it.
func proofFloor(style Style, size Size) float64 { return capFloor(style, size) }

// breaksIn returns the line ends strictly inside tokens [a, e), and
// whether one of them closes a page.
func (c *proofCase) breaksIn(a, e int) (lines []int, page bool) {
	for _, b := range c.ends[:len(c.ends)-1] {
		if a < b && b < e {
			lines = append(lines, b)
			page = page || c.page[b]
		}
	}
	return lines, page
}

// lineOf is the line that ends at token end b.
func (c *proofCase) lineOf(b int) int {
	for i, e := range c.ends {
		if e == b {
			return i
		}
	}
	return -1
}

// shown writes tokens [a, e) with a bar at each line end inside.
func (c *proofCase) shown(a, e int) string {
	var sb strings.Builder
	for i := a; i < e; i++ {
		if i > a {
			if c.lineOf(i) >= 0 {
				sb.WriteString(" | ")
			} else {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(c.toks[i])
	}
	return sb.String()
}

func breakKind(page bool) string {
	if page {
		return "page"
	}
	return "line"
}

// checkWordsWhole (a): no line or page ends inside a word of the word
// list or a protected phrase, unless the word alone on one line of the
// board would be below the legible floor (issue 25: such a break costs as
// much as clipping, and is taken only when nothing else fits).
func checkWordsWhole(t testing.TB, c *proofCase) []string {
	var out []string
	a := 0
	for _, e := range testWords(t).segment(c.toks) {
		bs, page := c.breaksIn(a, e)
		if len(bs) > 0 && c.fitsOneLine(t, strings.Join(c.toks[a:e], " ")) {
			out = append(out, fmt.Sprintf("%s break inside the word «%s»: %s",
				breakKind(page), c.shown(a, e), c.where(c.lineOf(bs[0]))))
		}
		a = e
	}
	return out
}

// fitsOneLine reports whether words set alone on one line of the case's
// board would have capitals at or above the floor of names (nameFloor:
// the package's one rule for what fits whole).
func (c *proofCase) fitsOneLine(t testing.TB, words string) bool {
	style, _ := c.style(t)
	return oneLineCap(t, words, c.board.size, style) >= nameFloor(style, c.board.size)
}

// checkNoLoneSyllable (b): no line of a single syllable among others, and
// no page holding one syllable only. A number may stand alone.
func checkNoLoneSyllable(_ testing.TB, c *proofCase) []string {
	if len(c.ends) < 2 {
		return nil
	}
	var out []string
	a := 0
	for i, e := range c.ends {
		if e-a == 1 && strings.IndexFunc(c.toks[a], unicode.IsLetter) >= 0 {
			alone := c.page[e] && (i == 0 || c.page[c.ends[i-1]])
			what := "line"
			if alone && c.layout.Pages > 0 {
				what = "page"
			}
			out = append(out, fmt.Sprintf("a %s of one syllable: %s", what, c.where(i)))
		}
		a = e
	}
	return out
}

// checkNoLeaningEnd (c): no line or page ends on a word that leans on the
// next. The words are the package's own leaningWords (weights.go).
func checkNoLeaningEnd(_ testing.TB, c *proofCase) []string {
	var out []string
	for i, e := range c.ends[:len(c.ends)-1] {
		last := c.toks[e-1]
		if !endsClause(token{text: []rune(last)}) && leaningWords[tokenKey(last)] {
			out = append(out, fmt.Sprintf("%s ends on «%s»: %s", breakKind(c.page[e]), last, c.where(i)))
		}
	}
	return out
}

// proofNames must stay whole wherever the name alone on one line of the
// board would still be legible.
var proofNames = []string{
	"Đảng Cộng sản Việt Nam", "Chủ tịch Hồ Chí Minh", "chủ nghĩa Mác - Lênin", "Tổ quốc Việt Nam",
	"Đại hội đại biểu toàn quốc lần thứ XIV", "nhiệm kỳ 2025 - 2030",
}

// checkNamesWhole (d): no break inside a name on a board where the name
// set alone on one line has capitals at or above the floor of names.
func checkNamesWhole(t testing.TB, c *proofCase) []string {
	var out []string
	for _, name := range proofNames {
		want := dashKey(strings.Fields(name))
		for a, e := range c.spansOf(want, len(strings.Fields(name))) {
			bs, page := c.breaksIn(a, e)
			if len(bs) == 0 {
				continue
			}
			// Measured as typed, with the punctuation that sits on
			// its line ("2025 - 2030!").
			style, _ := c.style(t)
			floor := nameFloor(style, c.board.size)
			if capH := oneLineCap(t, strings.Join(c.toks[a:e], " "), c.board.size, style); capH >= floor {
				out = append(out, fmt.Sprintf("%s break inside the name «%s», which fits one line with %.1f px capitals (floor %.0f): %s",
					breakKind(page), c.shown(a, e), capH, floor, c.where(c.lineOf(bs[0]))))
			}
		}
	}
	return out
}

// spansOf yields the spans of tokens, up to n long, whose keys spell
// want, with no clause mark inside: "2025–2030" typed as one token is
// the name's "2025 - 2030".
func (c *proofCase) spansOf(want string, n int) func(yield func(int, int) bool) {
	return func(yield func(int, int) bool) {
		for a := range c.toks {
			for e := a + 1; e <= min(a+n, len(c.toks)); e++ {
				if e > a+1 && !joins(c.toks[e-2], c.toks[e-1]) {
					break
				}
				if dashKey(c.toks[a:e]) == want && !yield(a, e) {
					return
				}
			}
		}
	}
}

// dashKey is the key of words with every dash written "-" and no space
// around it.
func dashKey(words []string) string {
	keys := make([]string, len(words))
	for i, w := range words {
		keys[i] = tokenKey(w)
	}
	s := strings.Join(keys, " ")
	for _, d := range []string{"–", "—", "−"} {
		s = strings.ReplaceAll(s, d, "-")
	}
	return strings.ReplaceAll(s, " - ", "-")
}

func (c *proofCase) style(t testing.TB) (Style, float64) {
	style, err := LookupStyle(c.layout.Style)
	if err != nil {
		t.Fatal(err)
	}
	return style, proofFloor(style, c.board.size)
}

// checkLegible (e): capitals never below the floor, whatever the layout.
func checkLegible(t testing.TB, c *proofCase) []string {
	if _, floor := c.style(t); c.layout.CapHeight < floor {
		return []string{fmt.Sprintf("capitals %.1f px, below the floor of %.0f px: %s on %s, %d lines %q",
			c.layout.CapHeight, floor, c.slogan, c.board, len(c.ends), lineTexts(c.layout))}
	}
	return nil
}

type nameBoard struct {
	name, style string
	size        Size
}

var oneLineCaps sync.Map // nameBoard → float64

// oneLineCap is the cap height of name set alone on one line of the
// board's safe area, as large as its width and height allow.
func oneLineCap(t testing.TB, name string, size Size, style Style) float64 {
	key := nameBoard{name, style.Name, size}
	if v, ok := oneLineCaps.Load(key); ok {
		return v.(float64)
	}
	tx, err := testRenderer(t).prepare(name, style)
	if err != nil {
		t.Fatal(err)
	}
	safe := image.Rect(0, 0, size.W, size.H).Inset(margin(style, size))
	if side := emblemSide(style, safe); side > 0 {
		safe.Min.X += side + side/6
	}
	f := tx.fit
	// As the board shows it: hinted sizes are whole pixels.
	ppem := min(f.ppemForWidth(f.m.lineWidth(0, f.m.count()), safe.Dx()), f.ppemForLines(1, safe.Dy()))
	capH := capPx(tx, hinted(size, ppem))
	oneLineCaps.Store(key, capH)
	return capH
}

// TestProofChecksCatchFaults: each check finds the fault it is for in a
// layout made by hand, and none in a good one, so that its silence over
// the corpus means something.
func TestProofChecksCatchFaults(t *testing.T) {
	board := proofBoard{Size{1920, 1080}, 0}
	for _, c := range []struct {
		name  string
		check proofCheck
		capH  float64
		bad   []string
	}{
		{"words", checkWordsWhole, 40, []string{"XÂY DỰNG NIỀM", "TIN VÀ TẦM NHÌN"}},
		{"words-tone", checkWordsWhole, 40, []string{"VÌ HOÀ", "BÌNH"}},
		{"lone", checkNoLoneSyllable, 40, []string{"NHIỆT LIỆT CHÀO", "MỪNG"}},
		{"leaning", checkNoLeaningEnd, 40, []string{"XÂY DỰNG VÀ", "BẢO VỆ TỔ QUỐC"}},
		{"names", checkNamesWhole, 40, []string{"ĐẢNG CỘNG SẢN", "VIỆT NAM QUANG VINH"}},
		{"names-dash", checkNamesWhole, 40, []string{"ĐẠI HỘI NHIỆM KỲ", "2025–2030"}},
		{"floor", checkLegible, 5, []string{"ĐẢNG CỘNG SẢN VIỆT NAM"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.check(t, handCase(board, c.capH, c.bad...)); len(got) != 1 {
				t.Errorf("%q: %d faults %q, want 1", c.bad, len(got), got)
			}
			good := handCase(board, 40, "XÂY DỰNG NIỀM TIN", "VÀ BẢO VỆ", "TỔ QUỐC VIỆT NAM")
			if got := c.check(t, good); len(got) != 0 {
				t.Errorf("faults in a good layout: %q", got)
			}
		})
	}
}

// handCase is a case whose layout holds the given lines, one page.
func handCase(b proofBoard, capH float64, lines ...string) *proofCase {
	l := Layout{Size: b.size, Image: b.size, Style: "classic", CapHeight: capH}
	for _, s := range lines {
		l.Lines = append(l.Lines, LayoutLine{Text: s})
	}
	c := &proofCase{slogan: corpusSlogan{"hand", 1, strings.Join(lines, " ")}, board: b, page: make(map[int]bool)}
	c.read(l)
	return c
}
