package assets

import (
	"fmt"
	"strings"
	"testing"
)

// maxBruteWords bounds the slogans whose every breaking is tried.
const maxBruteWords = 14

// TestLetterSizeIsTheLargest: on a landscape and a portrait screen, for
// every corpus slogan short enough to try all its line breakings, no
// breaking that keeps the units whole and has no flaw (a line ending on
// a word that leans on the next, a line of one syllable) would set the
// text more than sizeSlackPct larger than the chosen layout: the line
// count is chosen for the board's shape, and letters are as large as the
// units allow (long names whole, where the layout keeps them so).
func TestLetterSizeIsTheLargest(t *testing.T) {
	r := testRenderer(t)
	style, err := LookupStyle("")
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range corpus(t) {
		for _, size := range coverageSizes {
			tx, err := r.prepare(text, style)
			if err != nil {
				t.Fatal(err)
			}
			if tx.fit.m.count() > maxBruteWords {
				continue
			}
			p, err := r.makePlan(text, size, style, 0)
			if err != nil {
				t.Fatal(err)
			}
			if p.layout.Scroll {
				continue
			}
			// Where the layout keeps long names whole, only breakings
			// that do are compared.
			f := tx.fit
			if p.names != nil {
				f = p.names
			}
			m := f.m
			safe := size.W - 2*margin(style, size)
			safeH := size.H - 2*margin(style, size)
			best, bestEnds := int64(0), []int(nil)
			for mask := range 1 << (m.count() - 1) {
				ends, ok := breakingOf(m, mask)
				if !ok || flawed(tx, ends) {
					continue
				}
				ppem := min(f.ppemForLines(len(ends), safeH), f.ppemForWidth(m.widest(ends), safe))
				if ppem > best {
					best, bestEnds = ppem, ends
				}
			}
			t.Run(fmt.Sprintf("%02d-%s", i+1, size), func(t *testing.T) {
				if p.fitted.ppem*100 < best*(100-sizeSlackPct) {
					t.Errorf("set at %.1f px, but %q would be %.1f px", float64(p.fitted.ppem)/64, linesOf(tx, bestEnds), float64(best)/64)
				}
			})
		}
	}
}

// sizeSlackPct is how much size a layout may give up for balanced lines
// and natural pauses (fit's sizeSteps).
const sizeSlackPct = 10

// breakingOf turns a bit set of gaps into line ends, refusing a break
// inside a unit.
func breakingOf(m *measured, mask int) ([]int, bool) {
	var ends []int
	for j := 1; j < m.count(); j++ {
		if mask&(1<<(j-1)) == 0 {
			if m.gaps[j-1].kind == gapNewline {
				return nil, false // a typed break is kept
			}
			continue
		}
		if !m.canEnd(j) {
			return nil, false
		}
		ends = append(ends, j)
	}
	return append(ends, m.count()), true
}

// flawed reports a line ending on a leaning word or holding one syllable
// among longer lines, read from the words themselves.
func flawed(tx *text, ends []int) bool {
	a := 0
	for k, b := range ends {
		words := tx.words[a:b]
		if len(ends) > 1 && len(words) == 1 && strings.IndexFunc(words[0].display, isLetter) >= 0 {
			return true
		}
		if k < len(ends)-1 && leaningWords[syllableKey(words[len(words)-1].display)] {
			return true
		}
		a = b
	}
	return false
}

func isLetter(r rune) bool { return r > '9' && r != '-' && r != '–' }

func linesOf(tx *text, ends []int) []string {
	var out []string
	a := 0
	for _, b := range ends {
		var ws []string
		for _, w := range tx.words[a:b] {
			ws = append(ws, w.display)
		}
		out = append(out, strings.Join(ws, " "))
		a = b
	}
	return out
}
