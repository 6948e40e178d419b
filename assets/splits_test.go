package assets

import (
	"strings"
	"testing"
)

// TestPhraseSplits checks the table itself: break points between parts of
// at least two syllables, a cost that is a penalty yet cheaper than an
// empty line, points that fall between inner units, and a paragraph that
// keeps the name whole and opens each point, at the table's cost, only in
// its loose gaps.
func TestPhraseSplits(t *testing.T) {
	r := testRenderer(t)
	for _, e := range breakCosts.phraseSplits {
		t.Run(e.phrase, func(t *testing.T) {
			parts := strings.Split(e.phrase, "|")
			if len(parts) < 2 {
				t.Fatalf("want a | between two parts")
			}
			var words []string
			var points []int
			for i, part := range parts {
				// Each part is at least one two-syllable unit: the table
				// opens long units, never a word.
				if len(strings.Fields(part)) < 2 {
					t.Errorf("part %q of fewer than two syllables", part)
				}
				words = append(words, strings.Fields(part)...)
				if i < len(parts)-1 {
					points = append(points, len(words)-1)
				}
			}
			if e.cost <= 0 || e.cost >= 1000 {
				t.Errorf("cost %d outside 1..999", e.cost)
			}
			p, err := r.paragraph(strings.Join(words, " "))
			if err != nil {
				t.Fatal(err)
			}
			for g := range p.gaps {
				if p.gaps[g].kind != gapGlue {
					t.Errorf("gap %d of the whole name is %+v, want glued", g, p.gaps[g])
				}
			}
			loose := openNames(p.gaps, p.names, 1<<len(p.names)-1)
			for _, at := range points {
				if g := loose[at]; g.kind != gapSpace || g.weight != e.cost {
					t.Errorf("loose gap at the point is %+v, want a break costing %d", g, e.cost)
				}
				checkPointOutsideUnits(t, r, p, at)
			}
		})
	}
}

// checkPointOutsideUnits fails when a protected phrase inside the entry,
// other than the whole entry, spans the gap after word at.
func checkPointOutsideUnits(t *testing.T, r *Renderer, p paragraph, at int) {
	t.Helper()
	keys := wordKeys(p.toks)
	for i := 0; i <= at; i++ {
		for _, ph := range r.phrases[keys[i]] {
			end := i + len(ph) - 1
			if end <= at || end >= len(keys) || (i == 0 && end == len(keys)-1) {
				continue
			}
			if strings.Join(keys[i:end+1], " ") == strings.Join(ph, " ") {
				t.Errorf("point inside the unit %q", strings.Join(ph, " "))
			}
		}
	}
}

// TestLongUnitsBreak: a portrait screen gets the party's name on two lines
// rather than the whole slogan on two long ones, and never the smaller
// units split.
func TestLongUnitsBreak(t *testing.T) {
	cases := []struct {
		name, text string
		size       Size
		lines      []string
	}{
		{"party name on a portrait screen", "Đảng Cộng sản Việt Nam quang vinh muôn năm!", Size{1080, 1920},
			[]string{"ĐẢNG CỘNG SẢN", "VIỆT NAM", "QUANG VINH", "MUÔN NĂM!"}},
		{"city name on a portrait screen", "Thành phố Hồ Chí Minh - Thành phố mang tên Bác!", Size{1080, 1920},
			[]string{"THÀNH PHỐ", "HỒ CHÍ MINH -"}},
		{"socialism stays whole", "Kiên định mục tiêu độc lập dân tộc gắn liền với chủ nghĩa xã hội", Size{1080, 1920},
			[]string{"CHỦ NGHĨA XÃ HỘI"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := lineTexts(render(t, Request{Text: c.text, Size: c.size}).Layout)
			for _, want := range c.lines {
				found := false
				for _, line := range got {
					found = found || strings.Contains(line, want)
				}
				if !found {
					t.Errorf("no line holds %q: %q", want, got)
				}
			}
		})
	}
}
