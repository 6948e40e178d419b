package assets

import "slices"

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
// kept only when every clean one is smaller than flawPct percent of it;
// two flaws need the square of that, and so on.
const (
	flawPct  = 90
	maxFlaws = 4 // more count as this many
)

// Quality of a breaking, from its cost: qualityBase for a perfect one, up
// to a tenth more with comma bonuses, falling smoothly with penalties; a
// lone short syllable (400) costs about a tenth of the size.
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

// fit tries every line count and a few sizes for each, and keeps the
// layout that scores best: size times the quality of its line breaks.
// Flaws are judged apart from the score: each flaw must buy a layout more
// than a tenth of size over the best one with one flaw fewer, however its
// lines balance.
// Layouts below minPPEM, too small to read, are the last resort.
func (f *fitter) fit(areaW, areaH int, minPPEM int64) (fitResult, bool) {
	n := min(f.m.count(), maxLines)
	widths := f.m.minMaxWidths(n)
	var best [maxFlaws + 1]fitResult // best[k]: best score with k flaws
	var score [maxFlaws + 1]int64
	for k := 1; k <= n; k++ {
		hp := f.ppemForLines(k, areaH)
		if hp*(qualityBase-costFloor) <= slices.Min(score[:]) {
			break // more lines only lower the height limit
		}
		if widths[k] == costInfeasible {
			continue
		}
		top := min(hp, f.ppemForWidth(widths[k], areaW))
		for _, step := range sizeSteps {
			p := top * step / 100
			if p <= 0 {
				break
			}
			maxW := int64(areaW-2*inkSlackPx) * 64 * f.upem / p
			ends, cost := f.m.breakLines(maxW, min(widths[k], maxW), k)
			if ends == nil {
				continue
			}
			// The breaking may use fewer or narrower lines than allowed:
			// set it as large as it fits.
			p = max(p, min(f.ppemForLines(len(ends), areaH), f.ppemForWidth(f.m.widest(ends), areaW)))
			flaws, penalty := f.m.flaws(ends)
			flaws = min(flaws, maxFlaws)
			if sc := p * quality(cost-penalty); sc > score[flaws] {
				best[flaws], score[flaws] = fitResult{ppem: p, flaws: flaws, ends: ends, maxW: maxW}, sc
			}
		}
	}
	return chooseFlaws(best[:], minPPEM), slices.Max(score[:]) > 0
}

// chooseFlaws picks, among the best layouts by flaw count, the one whose
// size stays largest after giving up (100-flawPct)% per flaw. A legible
// layout with flaws beats an illegible clean one, which would scroll.
func chooseFlaws(best []fitResult, minPPEM int64) fitResult {
	pick, eff := 0, int64(0)
	legible := false
	for k, r := range best {
		if r.ppem == 0 {
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
