package assets

import (
	"cmp"
	"slices"
)

// Pixels of slack kept on each side of the fitted text for antialiasing
// and hinting, which may stray a pixel beyond the outline's bounds.
const (
	inkSlackPx = 1
	minGapPx   = 2 // blank rows at least between two lines' ink
	maxLines   = 40
)

// fitter finds the largest size and the line breaks of a paragraph for an
// area, working in layout units so that each candidate costs arithmetic
// only: no face, no glyph loaded. Sizes are in 26.6 pixels per em.
type fitter struct {
	m              *measured
	upem           int64
	inkTop, inkBot int64 // highest and lowest ink of the text, layout units
	gap            int64 // blank between lines, layout units
}

type fitResult struct {
	ppem  int64 // 26.6 pixels per em
	flaws int   // lines ending on a leaning word, lone syllables
	clean int64 // the largest size of a layout without flaws, 0 if none
	ends  []int // index after each line's last word
	maxW  int64 // line width available at ppem, layout units
	// larger are the best layouts with other flaw counts that are larger
	// than this one, smallest first: when rounding leaves this one below
	// the legible size, the next larger is tried before scrolling.
	larger []fitResult
}

// ppemForWidth is the largest size at which width layout units fit areaW.
func (f *fitter) ppemForWidth(width int64, areaW int) int64 {
	usable := int64(areaW-2*inkSlackPx) * 64
	if width <= 0 || usable <= 0 {
		return 0
	}
	return usable * f.upem / width
}

// ppemForLines is the largest size at which n lines fit areaH.
func (f *fitter) ppemForLines(n int, areaH int) int64 {
	usable := int64(areaH-2*inkSlackPx) * 64
	inkH := f.inkTop + f.inkBot
	if usable <= 0 || inkH <= 0 {
		return 0
	}
	k := int64(n)
	p := usable * f.upem / (k*inkH + (k-1)*f.gap)
	if n == 1 || f.gap*p/f.upem >= minGapPx*64 {
		return p
	}
	return max(0, (usable-(k-1)*minGapPx*64)*f.upem/(k*inkH))
}

// Sizes tried below the largest that fits, in percent: a print shop gives
// up a little size for much better line breaks.
var sizeSteps = []int64{100, 96, 93, 90}

// A flawed layout (a line ending on a leaning word, a lone syllable) is
// kept only when no clean one is legible; then, among flawed ones, each
// flaw must buy more than (100-flawPct)% of size over one flaw fewer.
const (
	flawPct  = 90
	maxFlaws = 4 // more count as this many
)

// Quality of a breaking, from its cost: qualityBase for a perfect one, up
// to a tenth more with comma bonuses, falling smoothly with penalties; a
// penalty of 400 costs about a tenth of the size. (Flaws are not judged
// here but by chooseFlaws.)
const (
	qualityBase = 4000
	costFloor   = -400
)

func quality(cost int64) int64 {
	if cost < 0 {
		return qualityBase - max(cost, costFloor)
	}
	return qualityBase * qualityBase / (qualityBase + cost)
}

// balanceSlackPct is the most size a layout gives up for the quality
// of its line breaks (balance, natural pauses): among layouts with as
// many flaws, only those within it of the largest compete on quality.
const balanceSlackPct = 10

// scored is a candidate layout and its score.
type scored struct {
	r     fitResult
	score int64
}

// fit tries every line count and a few sizes for each, and keeps the
// layout that scores best: size times the quality of its line breaks,
// among those within balanceSlackPct of the largest with as many flaws.
// Flaws are judged apart from the score: each flaw must buy a layout more
// than a tenth of size over the best one with one flaw fewer, however its
// lines balance.
// Layouts below minPPEM, too small to read, are the last resort.
func (f *fitter) fit(areaW, areaH int, minPPEM int64) (fitResult, bool) {
	n := min(f.m.count(), maxLines)
	widths := f.m.minMaxWidths(n)
	var cands [maxFlaws + 1][]scored // by flaw count
	var top [maxFlaws + 1]int64      // the largest size with k flaws
	for k := 1; k <= n; k++ {
		hp := f.ppemForLines(k, areaH)
		if hp*100 < slices.Min(top[:])*(100-balanceSlackPct) {
			break // more lines only lower the height limit
		}
		if widths[k] == costInfeasible {
			continue
		}
		limit := min(hp, f.ppemForWidth(widths[k], areaW))
		for _, step := range sizeSteps {
			p := limit * step / 100
			if p <= 0 {
				break
			}
			maxW := int64(areaW-2*inkSlackPx) * 64 * f.upem / p
			// The best breaking without flaws, with them charged, and
			// with them free: chooseFlaws weighs flaws against size.
			for _, rule := range []flawRule{flawsRefused, flawsCharged, flawsFree} {
				ends, cost := f.m.breakLinesAs(maxW, min(widths[k], maxW), k, rule)
				if ends == nil {
					continue
				}
				// The breaking may use fewer or narrower lines than
				// allowed: set it as large as it fits.
				q := max(p, min(f.ppemForLines(len(ends), areaH), f.ppemForWidth(f.m.widest(ends), areaW)))
				flaws, penalty := f.m.flaws(ends)
				flaws = min(flaws, maxFlaws)
				if rule == flawsCharged {
					cost -= penalty
				}
				cands[flaws] = append(cands[flaws], scored{fitResult{ppem: q, flaws: flaws, ends: ends, maxW: maxW}, q * quality(cost)})
				top[flaws] = max(top[flaws], q)
			}
		}
	}
	var best [maxFlaws + 1]fitResult // best[k]: best score with k flaws
	found := false
	for k, cs := range cands {
		var score int64
		for _, c := range cs {
			if c.r.ppem*100 >= top[k]*(100-balanceSlackPct) && c.score > score {
				best[k], score, found = c.r, c.score, true
			}
		}
	}
	return chooseFlaws(best[:], minPPEM), found
}

// typedLines is the layout with exactly the lines the person typed, as
// large as it fits; false when the text has no typed line break.
func (f *fitter) typedLines(areaW, areaH int) (fitResult, bool) {
	m := f.m
	if m.count() == 0 || m.newline[m.count()-1] == 0 {
		return fitResult{}, false
	}
	var ends []int
	for j := 1; j < m.count(); j++ {
		if m.gaps[j-1].kind == gapNewline {
			ends = append(ends, j)
		}
	}
	ends = append(ends, m.count())
	if len(ends) > maxLines {
		return fitResult{}, false
	}
	p := min(f.ppemForLines(len(ends), areaH), f.ppemForWidth(m.widest(ends), areaW))
	if p <= 0 {
		return fitResult{}, false
	}
	flaws, _ := m.flaws(ends)
	return fitResult{ppem: p, flaws: flaws, clean: p, ends: ends, maxW: int64(areaW-2*inkSlackPx) * 64 * f.upem / p}, true
}

// chooseFlaws picks the best clean layout when it is legible: a
// sign-writer sets the slogan smaller rather than leave "CỦA" at a line's
// end or "ĐẠI" alone on one. Otherwise, the layout whose size stays
// largest after giving up (100-flawPct)% per flaw; a legible layout with
// flaws beats an illegible clean one, which would scroll.
func chooseFlaws(best []fitResult, minPPEM int64) fitResult {
	pick, eff := 0, int64(0)
	legible := false
	for k, r := range best {
		if r.ppem == 0 || (k > 0 && best[0].ppem > 0 && best[0].ppem >= minPPEM) {
			continue
		}
		e := r.ppem
		for range k {
			e = e * flawPct / 100
		}
		if ok := r.ppem >= minPPEM; (ok && !legible) || (ok == legible && e > eff) {
			legible = ok
			pick, eff = k, e
		}
	}
	r := best[pick]
	r.clean = best[0].ppem
	for _, o := range best {
		if o.ppem > r.ppem {
			o.clean = r.clean
			r.larger = append(r.larger, o)
		}
	}
	// The smallest step up first, with fewer flaws among equals.
	slices.SortFunc(r.larger, func(a, b fitResult) int {
		return cmp.Or(cmp.Compare(a.ppem, b.ppem), cmp.Compare(a.flaws, b.flaws))
	})
	return r
}

// widest is the width of the widest line of a breaking.
func (m *measured) widest(ends []int) int64 {
	var w int64
	a := 0
	for _, b := range ends {
		w = max(w, m.lineWidth(a, b))
		a = b
	}
	return w
}
