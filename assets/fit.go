package assets

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
	ppem int64 // 26.6 pixels per em
	ends []int // index after each line's last word
	maxW int64 // line width available at ppem, layout units
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

// fit tries every line count and keeps the largest size, marked down when
// its best breaking still leaves a lone short syllable on a line.
func (f *fitter) fit(areaW, areaH int) (fitResult, bool) {
	n := min(f.m.count(), maxLines)
	widths := f.m.minMaxWidths(n)
	var best fitResult
	var bestScore int64
	for k := 1; k <= n; k++ {
		hp := f.ppemForLines(k, areaH)
		if hp*10/9 <= bestScore {
			break // more lines only lower the height limit
		}
		if widths[k] == costInfeasible {
			continue
		}
		p := min(hp, f.ppemForWidth(widths[k], areaW))
		if p <= 0 {
			continue
		}
		maxW := int64(areaW-2*inkSlackPx) * 64 * f.upem / p
		ref := min(widths[k], maxW)
		ends, cost := f.m.breakLines(maxW, ref, k)
		if ends == nil {
			continue
		}
		score := p
		if cost >= penaltyLone && f.m.hasLoneShort(ends, ref) {
			score = p * 9 / 10
		}
		if score > bestScore {
			best, bestScore = fitResult{ppem: p, ends: ends, maxW: maxW}, score
		}
	}
	return best, bestScore > 0
}

// hasLoneShort reports a line of one short word the breaker had to accept.
func (m *measured) hasLoneShort(ends []int, ref int64) bool {
	a := 0
	for _, b := range ends {
		if len(ends) > 1 && m.loneShort(a, b, ref) {
			return true
		}
		a = b
	}
	return false
}
