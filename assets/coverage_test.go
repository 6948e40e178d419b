package assets

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// Boards a slogan of up to maxCoveredWords words must fill: its ink covers
// at least minCoverage of the board.
var coverageSizes = []Size{{1920, 1080}, {1080, 1920}}

const (
	maxCoveredWords = 12
	minCoverage     = 0.35
	// A portrait render under minCoverage must at least be bound by the
	// width: its widest line spans this share of the safe area, percent.
	widthBoundPct = 95
)

// lineEnders must never end a line: they lean on the word after them.
var lineEnders = []string{"CỦA", "VÀ", "CÁC", "NHỮNG", "TRÊN", "TRONG", "VÌ", "MỘT"}

// innerUnits stay on one line even where a longer phrase around them may
// break, written out by hand rather than taken from the code under test.
var innerUnits = []string{
	"VIỆT NAM", "HỒ CHÍ MINH", "CHỦ NGHĨA XÃ HỘI", "XÃ HỘI CHỦ NGHĨA", "LIÊN MINH",
	"THÁI BÌNH", "BẾN NGHÉ", "NAM HỒNG", "95 NĂM", "50 NĂM", "80 NĂM", "2025 - 2030",
	"2025–2030", "2026-2031", "3/2/1930 - 3/2/2025", "30/4/1975 – 30/4/2025",
	"2/9/1945 - 2/9/2025", "LẦN THỨ XIV", "LẦN THỨ III", "LẦN THỨ XX", "KHÓA XVI",
	"CỘNG SẢN", "TỔ QUỐC", "ĐẠI HỘI", "MÁC - LÊNIN", "BÍNH NGỌ", "ẤT TỴ", "KỶ NGUYÊN", "VƯƠN MÌNH",
}

func corpus(t *testing.T) []string { return append(officialSlogans(t), extraSlogans(t)...) }

// TestLineEnds: on every corpus slogan and board, no inner unit is split,
// and no line ends on a word that leans on the next or holds one syllable
// unless every layout without such a line is too small to read.
func TestLineEnds(t *testing.T) {
	r := testRenderer(t)
	style, err := LookupStyle("")
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range corpus(t) {
		for _, size := range append(slices.Clone(testSizes), extraSizes...) {
			t.Run(fmt.Sprintf("%02d-%s", i+1, size), func(t *testing.T) {
				p, err := r.makePlan(text, size, style, 0)
				if err != nil {
					t.Fatal(err)
				}
				if p.layout.Scroll {
					return
				}
				lines := lineTexts(p.layout)
				checkInnerUnits(t, lines)
				// A flaw is allowed only when every clean layout is too
				// small to read (it would scroll).
				tx, err := r.prepare(text, style)
				if err != nil {
					t.Fatal(err)
				}
				if p.fitted.clean >= tx.legiblePPEM(capFloor(style, size)) {
					checkLineEnds(t, lines)
				}
			})
		}
	}
}

func checkLineEnds(t *testing.T, lines []string) {
	t.Helper()
	for _, line := range lines[:len(lines)-1] {
		words := strings.Fields(line)
		if last := words[len(words)-1]; slices.Contains(lineEnders, last) {
			t.Errorf("line ends on %q: %q", last, lines)
		}
	}
	if len(lines) == 1 {
		return
	}
	for _, line := range lines {
		if f := strings.Fields(line); len(f) == 1 && strings.IndexFunc(f[0], isDigit) < 0 {
			t.Errorf("lone syllable %q: %q", line, lines)
		}
	}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func checkInnerUnits(t *testing.T, lines []string) {
	t.Helper()
	joined := strings.Join(lines, " ")
	for _, u := range innerUnits {
		kept := 0
		for _, line := range lines {
			kept += strings.Count(line, u)
		}
		if kept != strings.Count(joined, u) {
			t.Errorf("%q split: %q", u, lines)
		}
	}
}

// TestCoverage: a slogan of up to maxCoveredWords words fills a landscape
// screen. A portrait screen is only measured: a line there holds at least
// one two-syllable word ("CHÀO MỪNG"), which caps the letter size by the
// width, so short slogans cannot reach minCoverage without splitting
// words (and even stacked one syllable a line, "CHÀO / MỪNG / ĐẠI / HỘI",
// 14 of the 18 corpus slogans measured still cover less than 35% of a
// 1080×1920 screen). A slogan that keeps a long name whole, or whose
// larger layouts are all flawed, may cover less.
// There the text must at least
// fill the width, and TestLetterSizeIsTheLargest proves no other
// breaking would set it larger.
func TestCoverage(t *testing.T) {
	low, total := map[Size]int{}, map[Size]int{}
	for i, text := range corpus(t) {
		if len(strings.Fields(text)) > maxCoveredWords {
			continue
		}
		for _, size := range coverageSizes {
			l := render(t, Request{Text: text, Size: size}).Layout
			if c := coverage(l); math.Abs(c-l.Coverage) > 1e-4 {
				t.Errorf("%02d-%s: layout says coverage %v, ink boxes %v", i+1, size, l.Coverage, c)
			}
			total[size]++
			if l.Coverage >= minCoverage {
				continue
			}
			low[size]++
			if p, err := testRenderer(t).makePlan(text, size, style0(t), 0); err == nil && p.names != nil {
				// "ĐẢNG CỘNG SẢN VIỆT NAM / QUANG VINH MUÔN NĂM!": a long
				// name whole costs size, by the rule (place.go's
				// wholeNameLoss).
				t.Logf("%02d-%s covers %.1f%% with a long name whole: %q", i+1, size, l.Coverage*100, lineTexts(l))
			} else if err == nil && len(p.fitted.larger) > 0 {
				// "VÌ HOÀ BÌNH, / HỮU NGHỊ / VÀ THỊNH VƯỢNG / CHUNG": every
				// larger layout leaves a syllable alone or a function word
				// at a line's end (fit.go's chooseFlaws).
				t.Logf("%02d-%s covers %.1f%%, larger layouts all flawed: %q", i+1, size, l.Coverage*100, lineTexts(l))
			} else if size.W > size.H {
				t.Errorf("%02d-%s covers %.1f%% of the board: %q", i+1, size, l.Coverage*100, lineTexts(l))
			} else if w := l.Block.Rect().Dx(); w*100 < l.Safe.Rect().Dx()*widthBoundPct {
				t.Errorf("%02d-%s covers %.1f%% and leaves width unused (%d of %d px): %q",
					i+1, size, l.Coverage*100, w, l.Safe.Rect().Dx(), lineTexts(l))
			}
		}
	}
	for _, size := range coverageSizes {
		t.Logf("%s: %d of %d renders cover less than %.0f%%", size, low[size], total[size], minCoverage*100)
	}
}

func style0(t *testing.T) Style {
	t.Helper()
	s, err := LookupStyle("")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// coverage recomputes the share of the board under the lines' ink boxes.
func coverage(l Layout) float64 {
	a := 0
	for _, line := range l.Lines {
		r := line.Ink.Rect()
		a += r.Dx() * r.Dy()
	}
	return float64(a) / float64(l.Size.W*l.Size.H)
}
