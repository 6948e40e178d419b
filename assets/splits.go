package assets

import "strings"

// split is one of breakCosts.phraseSplits ready for matching.
type split struct {
	keys  []string // syllable keys of the whole phrase
	after int      // the break follows keys[after]
	cost  int64
}

func newSplits() []split {
	out := make([]split, 0, len(breakCosts.phraseSplits))
	for _, e := range breakCosts.phraseSplits {
		left, right, _ := strings.Cut(e.phrase, "|")
		var s split
		for _, w := range strings.Fields(left) {
			s.keys = append(s.keys, syllableKey(w))
		}
		s.after = len(s.keys) - 1
		for _, w := range strings.Fields(right) {
			s.keys = append(s.keys, syllableKey(w))
		}
		s.cost = e.cost
		out = append(out, s)
	}
	return out
}

// splitUnits reopens the table's inner break points wherever a listed
// phrase occurs, after all gluing, so that the table has the last word.
// A typed line break stays as typed.
func splitUnits(p *paragraph, keys []string, splits []split) {
	for i := range p.toks {
		for _, s := range splits {
			if i+len(s.keys) > len(keys) || !matchKeys(p.toks[i:], keys[i:], s.keys) {
				continue
			}
			if g := &p.gaps[i+s.after]; g.kind != gapNewline {
				*g = gap{kind: gapSpace, weight: s.cost}
			}
		}
	}
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
