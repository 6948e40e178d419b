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

// splitUnits glues every listed name whole in p, and returns the gaps with
// the names' inner points open at the table's cost, for a board on which
// the whole name would not be legible; nil when no listed name occurs.
// It runs after all other gluing, so that the table has the last word. A
// typed line break stays as typed.
func splitUnits(p *paragraph, keys []string, splits []split) []gap {
	type point struct {
		gap  int
		cost int64
	}
	var points []point
	for i := range p.toks {
		for _, s := range splits {
			if i+len(s.keys) > len(keys) || !matchKeys(p.toks[i:], keys[i:], s.keys) {
				continue
			}
			p.glue(i, i+len(s.keys)-1)
			for _, at := range s.points {
				points = append(points, point{i + at, s.cost})
			}
		}
	}
	if points == nil {
		return nil
	}
	loose := slices.Clone(p.gaps)
	for _, pt := range points {
		if g := &loose[pt.gap]; g.kind != gapNewline {
			*g = gap{kind: gapSpace, weight: pt.cost}
		}
	}
	return loose
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
