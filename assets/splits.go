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

// splitUnits glues every listed name whole in p and returns, for each
// name found, its inner points: a board on which the whole name would
// not be legible opens them (openNames). It runs after all other gluing,
// so that the table has the last word.
func splitUnits(p *paragraph, keys []string, splits []split) [][]namePoint {
	var names [][]namePoint
	for i := range p.toks {
		for _, s := range splits {
			if i+len(s.keys) > len(keys) || !matchKeys(p.toks[i:], keys[i:], s.keys) {
				continue
			}
			p.glue(i, i+len(s.keys)-1)
			var pts []namePoint
			for _, at := range s.points {
				pts = append(pts, namePoint{i + at, s.cost})
			}
			names = append(names, pts)
		}
	}
	return names
}

// openNames returns gaps with the points of the names in the bit set open
// at the table's cost. A typed line break stays as typed.
func openNames(gaps []gap, names [][]namePoint, open int) []gap {
	out := slices.Clone(gaps)
	for n, pts := range names {
		if open&(1<<n) == 0 {
			continue
		}
		for _, pt := range pts {
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
