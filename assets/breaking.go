package assets

import (
	"math"
	"strings"
	"unicode"
)

// costInfeasible marks a breaking that cannot be; every real cost is in
// the table breakCosts (costs.go).
const costInfeasible = math.MaxInt64 / 4

// measured is a paragraph's words reduced to what breaking needs.
type measured struct {
	widths  []int64 // word advance widths, layout units
	space   int64
	gaps    []gap
	prefix  []int64 // prefix[i]: width of words[:i] with a space after each
	newline []int   // newline[i]: typed line breaks among gaps[:i]
	letters []bool  // letters[i]: word i is a syllable, not a number or a sign
}

func newMeasured(words []word, gaps []gap, space int64) *measured {
	m := &measured{space: space, gaps: gaps}
	m.prefix = make([]int64, len(words)+1)
	m.newline = make([]int, len(words))
	for i, w := range words {
		m.widths = append(m.widths, w.width)
		m.letters = append(m.letters, strings.IndexFunc(w.display, unicode.IsLetter) >= 0)
		m.prefix[i+1] = m.prefix[i] + w.width + space
		if i > 0 {
			m.newline[i] = m.newline[i-1]
			if gaps[i-1].kind == gapNewline {
				m.newline[i]++
			}
		}
	}
	return m
}

func (m *measured) count() int { return len(m.widths) }

// lineWidth is the width of words[a:b] set on one line.
func (m *measured) lineWidth(a, b int) int64 { return m.prefix[b] - m.prefix[a] - m.space }

// canEnd reports whether a line may end before word j.
func (m *measured) canEnd(j int) bool {
	return j == m.count() || (j > 0 && m.gaps[j-1].kind != gapGlue)
}

// fits reports whether words[a:b] may share a line: no typed break inside.
func (m *measured) fits(a, b int) bool { return m.newline[b-1] == m.newline[a] }

// minMaxWidths gives, for each n in 1..maxN, the narrowest width that holds
// the paragraph in at most n lines (the linear partition problem), or
// costInfeasible; result[0] is unused.
func (m *measured) minMaxWidths(maxN int) []int64 {
	t := m.count()
	out := make([]int64, maxN+1)
	prev := make([]int64, t+1)
	cur := make([]int64, t+1)
	for j := range prev {
		prev[j] = costInfeasible
	}
	prev[0] = 0
	best := int64(costInfeasible)
	for k := 1; k <= maxN; k++ {
		cur[0] = costInfeasible
		for j := 1; j <= t; j++ {
			cur[j] = costInfeasible
			if !m.canEnd(j) {
				continue
			}
			for a := j - 1; a >= 0 && m.fits(a, j); a-- {
				w := m.lineWidth(a, j)
				if w >= cur[j] {
					break // earlier starts only make the line wider
				}
				if prev[a] != costInfeasible {
					cur[j] = min(cur[j], max(prev[a], w))
				}
			}
		}
		best = min(best, cur[t])
		out[k] = best
		prev, cur = cur, prev
	}
	out[0] = costInfeasible
	return out
}

// breakLines chooses where lines end for the whole paragraph at once
// (minimum raggedness in the manner of Knuth and Plass): lines no wider
// than maxW, at most n lines, balanced, preferring breaks after commas and
// avoiding a lone short syllable. It returns the index after each line's
// last word, and the total cost.
func (m *measured) breakLines(maxW, ref int64, n int) ([]int, int64) {
	return m.breakLinesAs(maxW, ref, n, flawsCharged)
}

// How breakLinesAs treats a line with a flaw (ending on a leaning word,
// holding a lone syllable): charged its cost from breakCosts, never
// taken, or free. fit asks for all three, so that it sees the best
// breaking without flaws and the best with, and weighs flaws against
// size itself.
type flawRule int

const (
	flawsCharged flawRule = iota
	flawsRefused
	flawsFree
)

// breakLinesAs is breakLines with flaws treated by rule.
func (m *measured) breakLinesAs(maxW, ref int64, n int, rule flawRule) ([]int, int64) {
	t := m.count()
	cost := make([][]int64, n+1)
	from := make([][]int, n+1)
	for k := range cost {
		cost[k] = make([]int64, t+1)
		from[k] = make([]int, t+1)
		for j := range cost[k] {
			cost[k][j] = costInfeasible
		}
	}
	cost[0][0] = 0
	bestK := -1
	for k := 1; k <= n; k++ {
		for j := 1; j <= t; j++ {
			if !m.canEnd(j) {
				continue
			}
			for a := j - 1; a >= 0 && m.fits(a, j); a-- {
				if cost[k-1][a] == costInfeasible {
					continue
				}
				c := m.lineCost(a, j, maxW, ref)
				if c == costInfeasible {
					break // wider lines only get wider
				}
				switch fc := m.flawCost(a, j); {
				case fc == 0:
				case rule == flawsRefused:
					continue
				case rule == flawsFree:
					c -= fc
				}
				if c += cost[k-1][a] + m.breakCost(j); c < cost[k][j] {
					cost[k][j], from[k][j] = c, a
				}
			}
		}
		if cost[k][t] != costInfeasible && (bestK < 0 || cost[k][t] < cost[bestK][t]) {
			bestK = k
		}
	}
	if bestK < 0 {
		return nil, costInfeasible
	}
	ends := make([]int, bestK)
	for k, j := bestK, t; k > 0; k-- {
		ends[k-1] = j
		j = from[k][j]
	}
	return ends, cost[bestK][t]
}

// lineCost is the squared distance of words[a:b] from the reference line
// width ref, scaled so that an empty line costs 1000, plus the penalty for
// a lone short syllable. Lines wider than maxW are infeasible. Centred
// slogans want every line near ref, the last one included.
func (m *measured) lineCost(a, b int, maxW, ref int64) int64 {
	w := m.lineWidth(a, b)
	if w > maxW {
		return costInfeasible
	}
	d := min(ref-w, ref)
	if d < 0 {
		d = -d
	}
	c := d * 1000 / ref * d / ref
	if m.lone(a, b) {
		c += breakCosts.loneSyllable
	}
	return c
}

// lone reports a line of one syllable that typed breaks do not isolate
// anyway. A number ("2025–2030") may stand alone.
func (m *measured) lone(a, b int) bool {
	return b-a == 1 && m.count() > 1 && m.letters[a] && !m.alone(a)
}

// flawCost is what a line words[a:b] is charged for its flaws: a lone
// syllable, an end on a leaning word. A flaw whose cost is set to 0 in
// breakCosts is no flaw at all: neither charged, refused nor counted.
func (m *measured) flawCost(a, b int) int64 {
	var c int64
	if m.lone(a, b) {
		c += breakCosts.loneSyllable
	}
	if m.leansAt(b) {
		c += breakCosts.afterLeaning
	}
	return c
}

// leansAt reports a line ending before word b on a leaning word, where
// the text did not put a line break itself.
func (m *measured) leansAt(b int) bool {
	return b < m.count() && m.gaps[b-1].lean && m.gaps[b-1].kind != gapNewline
}

// flaws counts the lines of a breaking that end on a leaning word or hold
// a lone syllable, and the penalties breakLines charged for them.
func (m *measured) flaws(ends []int) (int, int64) {
	n, cost := 0, int64(0)
	a := 0
	for _, b := range ends {
		if c := m.flawCost(a, b); c > 0 {
			cost += c
			if m.lone(a, b) {
				n++
			}
			if m.leansAt(b) {
				n++
			}
		}
		a = b
	}
	return n, cost
}

// alone reports whether typed line breaks isolate word a anyway.
func (m *measured) alone(a int) bool {
	before := a == 0 || m.gaps[a-1].kind == gapNewline
	after := a == m.count()-1 || m.gaps[a].kind == gapNewline
	return before && after
}

// breakCost is the weight of ending a line before word j.
func (m *measured) breakCost(j int) int64 {
	if j == m.count() || j == 0 {
		return 0
	}
	return int64(m.gaps[j-1].weight)
}
