package assets

import (
	"slices"
	"strings"
)

// split is one of breakCosts.phraseSplits ready for matching.
type split struct {
	keys   []string // syllable keys of the whole phrase
	points []int    // a break may follow keys[point]
	cost   int64
}

func newSplits() []split {
	out := make([]split, 0, len(breakCosts.phraseSplits))
	for _, e := range breakCosts.phraseSplits {
		s := split{cost: e.cost}
		parts := strings.Split(e.phrase, "|")
		for i, part := range parts {
			for _, w := range strings.Fields(part) {
				s.keys = append(s.keys, syllableKey(w))
			}
			if i < len(parts)-1 {
				s.points = append(s.points, len(s.keys)-1)
			}
		}
		out = append(out, s)
	}
	return out
}

// namePoint is where one long name found in a text may break.
type namePoint struct {
	gap  int
	cost int64
}

// longName is a long unit found in a text: a name of the table, a long
// word or phrase. It stays whole on every board where it fits alone on
// one line at nameFloor; elsewhere its points open.
type longName struct {
	a, b   int // its tokens, toks[a:b]
	points []namePoint
}

// addName records a long unit; one found again (a word of the dictionary
// that the table also lists) takes the new points.
func (p *paragraph) addName(n longName) {
	for i, o := range p.names {
		if o.a == n.a && o.b == n.b {
			p.names[i] = n
			return
		}
	}
	p.names = append(p.names, n)
}

// splitUnits glues every listed name whole in p and records its inner
// points (a board on which the whole name would not be legible opens
// them: openNames). Besides the table, "nhiệm kỳ" and the years after it
// are one. It runs after all other gluing, so that the table has the
// last word.
func splitUnits(p *paragraph, keys []string, splits []split) {
	for i := range p.toks {
		for _, s := range splits {
			if i+len(s.keys) > len(keys) || !matchKeys(p.toks[i:], keys[i:], s.keys) {
				continue
			}
			p.glue(i, i+len(s.keys)-1)
			n := longName{a: i, b: i + len(s.keys)}
			for _, at := range s.points {
				n.points = append(n.points, namePoint{i + at, s.cost})
			}
			p.addName(n)
		}
		if i+2 < len(keys) && keys[i] == keyNhiem && keys[i+1] == keyKy && isNumber(p.toks[i+2]) &&
			!endsClause(p.toks[i+1]) && p.gaps[i+1].kind != gapNewline {
			end := i + 2
			for end+1 < len(p.toks) && p.gaps[end].kind == gapGlue {
				end++
			}
			p.glue(i, end)
			p.addName(longName{a: i, b: end + 1, points: []namePoint{{i + 1, breakCosts.beforeNumber}}})
		}
	}
}

var keyNhiem, keyKy = syllableKey("nhiệm"), syllableKey("kỳ")

// openNames returns gaps with the points of the names in the bit set open
// at their cost. A typed line break stays as typed.
func openNames(gaps []gap, names []longName, open int) []gap {
	out := slices.Clone(gaps)
	for n, name := range names {
		if open&(1<<n) == 0 {
			continue
		}
		for _, pt := range name.points {
			if g := &out[pt.gap]; g.kind != gapNewline {
				*g = gap{kind: gapSpace, weight: pt.cost}
			}
		}
	}
	return out
}

// matchKeys reports whether toks' keys start with want, no clause mark
// before its last word.
func matchKeys(toks []token, keys, want []string) bool {
	for k, w := range want {
		if keys[k] != w || (k < len(want)-1 && endsClause(toks[k])) {
			return false
		}
	}
	return true
}
