package assets

import "strings"

// phraseSplits is the one table of where a long protected unit may break,
// and what that break costs (units of lineCost, like the comma bonus). A
// unit is whole by default; an entry opens exactly one inner point, always
// between two inner units that stay whole ("Việt Nam", "Hồ Chí Minh",
// "toàn quốc"). The cost is high enough that the break is taken only when
// keeping the unit whole would shrink the text: 300 costs about 7% of the
// size in fit's scoring.
var phraseSplits = []struct {
	phrase string // "|" marks the one place the unit may break
	cost   int64
}{
	{"Đảng Cộng sản | Việt Nam", 300},
	{"Đại hội đại biểu | toàn quốc", 200},
	{"Mặt trận | Tổ quốc Việt Nam", 200},
	{"Thành phố | Hồ Chí Minh", 250},
	{"Chủ tịch | Hồ Chí Minh", 300},
	{"Tổ quốc | Việt Nam", 250},
	{"Cộng hòa | xã hội chủ nghĩa", 150},
	{"xã hội chủ nghĩa | Việt Nam", 150},
	{"Ban Chấp hành | Đảng bộ", 150},
	{"Đảng bộ | các cấp", 150},
}

// split is one entry of phraseSplits ready for matching.
type split struct {
	keys  []string // syllable keys of the whole phrase
	after int      // the break follows keys[after]
	cost  int64
}

func newSplits() []split {
	out := make([]split, 0, len(phraseSplits))
	for _, e := range phraseSplits {
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
