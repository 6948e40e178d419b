package assets

import "image"

// Where a page ends matters more than where a line does: the reader
// sees one page, then waits for the next. A sign-writer starts the next
// page where the sentence pauses: after a sentence or a semicolon first,
// then after a comma, a colon or a dash between clauses, and only then
// between two words, by the same costs as a still's lines (breakCosts).
// Costs are in lineCost's units (an empty line 1000).
var pageCosts = struct {
	// page is what each page costs: fewer pages, less waiting.
	page int64
	// atClause, atList and atWord are charged for a page ending after
	// a comma (colon, dash) between clauses, after a comma between the
	// items of a list, and between two words (pauses.go); after a
	// sentence or a semicolon a page ends free.
	atClause, atList, atWord int64
	// dangling is charged for each step (danglingSteps) a page's end is
	// below the strongest pause inside it: "YÊU NƯỚC, LẬP |" shows the
	// head of a clause the reader must wait for, "ĐOÀN KẾT. THÀNH CÔNG, |"
	// runs a page across a full stop.
	dangling int64
	// shortPage is charged for each line a page leaves empty, which
	// lineCost does not see: without it one-line pages would be cheaper
	// than full ones and the text would take more pages. A short
	// sentence alone on its page is not charged, unless it is the last
	// page, where the slack of every other page would gather.
	shortPage int64
	// flaw is charged, when no paging is without one, for a line of one
	// syllable or a line ending on a leaning word inside a page.
	flaw int64
}{
	page:      300,
	atClause:  500,
	atList:    1000,
	atWord:    1500,
	dangling:  500,
	shortPage: 400,
	flaw:      5000,
}

// danglingSteps weighs the ranks of pauses for dangling: a full stop
// inside a page is two steps above a comma between clauses, which is
// one above a comma in a list and two above a plain space.
var danglingSteps = [...]int64{pauseWord: 0, pauseList: 1, pauseClause: 2, pauseSentence: 4}

// paging is a text set in pages: where lines end, how many lines each
// page holds, at what size.
type paging struct {
	ppem    int64
	ends    []int // index after each line's last word
	perPage []int // lines on each page
	cost    int64
	flaws   int // lone-syllable lines and lines ending on a leaning word
}

// A page's letters are worth their size up to saturatePct percent of
// the floor: past it a passer-by at the assumed distance reads them no
// better, and fewer pages that end where the sentence pauses read
// better than larger letters cut mid-phrase.
const saturatePct = 125

// choosePaging tries every page height (one line, two lines) at sizes
// from the largest the area allows down to the floor, and keeps the
// paging with the fewest flaws and, among those, the best size weighed
// against the pages' total cost, as fit weighs a still's breaks.
func (t *text) choosePaging(size Size, area image.Rectangle, floor float64) (paging, bool) {
	m := t.fit.m
	unit := m.minMaxWidths(m.count())[m.count()]
	ps := t.pauses()
	var best paging
	var bestEff float64
	found := false
	for k := maxPageLines; k >= 1; k-- {
		top := min(t.fit.ppemForLines(k, area.Dy()), t.fit.ppemForWidth(unit, area.Dx()))
		for step := int64(100); step > 0; step -= 4 {
			ppem := top * step / 100
			capH := capPx(t, hinted(size, ppem))
			if capH < floor {
				break
			}
			maxW := int64(area.Dx()-2*inkSlackPx) * 64 * t.sh.upem / ppem
			pg, ok := t.pageBreaks(ps, maxW, k)
			if !ok || len(pg.perPage) > MaxPages {
				continue
			}
			pg.ppem = ppem
			worth := min(capH, (floor+0.5)*saturatePct/100) + capH/1000
			eff := worth * qualityBase / float64(qualityBase+max(pg.cost, 0))
			// A page holding a line of one syllable or a line ending on
			// a leaning word is never set: the strip reads better.
			if pg.flaws > 0 {
				continue
			}
			if !found || eff > bestEff {
				best, bestEff, found = pg, eff, true
			}
		}
	}
	return best, found
}

// pageBreaks splits the text into pages of at most k lines no wider
// than maxW, choosing all page ends at once for the least total cost
// (pageCosts), lines inside each page broken as a still's. A page of one
// syllable or ending on a leaning word is never set; a line of one
// syllable or ending on a leaning word inside a page only when every
// paging has one.
func (t *text) pageBreaks(ps []pause, maxW int64, k int) (paging, bool) {
	if pg, ok := t.pagesAs(ps, maxW, k, true); ok {
		return pg, true
	}
	return t.pagesAs(ps, maxW, k, false)
}

// pagesAs is pageBreaks refusing flawed lines (strict) or charging them.
func (t *text) pagesAs(ps []pause, maxW int64, k int, strict bool) (paging, bool) {
	m := t.fit.m
	n := m.count()
	type step struct {
		cost  int64
		next  int   // start of the next page
		lines []int // this page's line ends, relative to its start
		flaws int
	}
	best := make([]step, n+1)
	for a := range best {
		best[a].cost = costInfeasible
	}
	best[n].cost = 0
	for a := n - 1; a >= 0; a-- {
		for j := a + 1; j <= n; j++ {
			if m.lineWidth(a, j) > int64(k)*maxW {
				break // more words only make the page fuller
			}
			if !m.canEnd(j) || best[j].cost == costInfeasible {
				continue
			}
			// A page of one syllable ("TRONG") or ending on a leaning
			// word ("của |") is never set: the strip stays rather.
			if (j < n && m.leansAt(j)) || (j-a == 1 && n > 1 && m.letters[a] && !m.alone(a)) {
				continue
			}
			flaws := 0
			// A lone syllable on a line of its own, a line ending on a
			// leaning word: flaws of the page as much as of a still.
			sub := m.slice(a, j)
			lines, c := sub.breakLinesAs(maxW, maxW, k, flawsRefused)
			if lines == nil && !strict {
				lines, c = sub.breakLines(maxW, maxW, k)
				if lines != nil {
					f, _ := sub.flaws(lines)
					flaws += f
				}
			}
			if lines == nil {
				continue
			}
			if j == n || ps[j] < pauseSentence {
				c += int64(k-len(lines)) * pageCosts.shortPage
			}
			c += pageCosts.page + t.pageEndCost(ps, j) + t.danglingCost(ps, a, j) + int64(flaws)*pageCosts.flaw + best[j].cost
			if c < best[a].cost {
				best[a] = step{cost: c, next: j, lines: lines, flaws: flaws + best[j].flaws}
			}
		}
	}
	if best[0].cost == costInfeasible {
		return paging{}, false
	}
	pg := paging{cost: best[0].cost, flaws: best[0].flaws}
	for a := 0; a < n; a = best[a].next {
		for _, e := range best[a].lines {
			pg.ends = append(pg.ends, a+e)
		}
		pg.perPage = append(pg.perPage, len(best[a].lines))
	}
	return pg, true
}

// pageEndCost is what ending a page before word j costs.
func (t *text) pageEndCost(ps []pause, j int) int64 {
	c := t.fit.m.breakCost(j)
	switch ps[j] {
	case pauseClause:
		c += pageCosts.atClause
	case pauseList:
		c += pageCosts.atList
	case pauseWord:
		c += pageCosts.atWord
	}
	return c
}

// danglingCost is what a page words[a:j] is charged for ending on a
// weaker pause than one inside it.
func (t *text) danglingCost(ps []pause, a, j int) int64 {
	inner := pauseWord
	for i := a + 1; i < j; i++ {
		if t.fit.m.canEnd(i) {
			inner = max(inner, ps[i])
		}
	}
	return max(danglingSteps[inner]-danglingSteps[ps[j]], 0) * pageCosts.dangling
}

// slice is words[a:b] measured alone, for breaking one page's lines.
func (m *measured) slice(a, b int) *measured {
	s := &measured{space: m.space, widths: m.widths[a:b], gaps: m.gaps[a : b-1], letters: m.letters[a:b]}
	s.prefix = make([]int64, b-a+1)
	s.newline = make([]int, b-a)
	for i := range s.newline {
		s.prefix[i+1] = m.prefix[a+i+1] - m.prefix[a]
		s.newline[i] = m.newline[a+i] - m.newline[a]
	}
	return s
}
