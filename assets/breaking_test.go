package assets

import (
	"slices"
	"testing"
)

// synthetic builds a paragraph of words with the given widths, a space of
// 2, and gap weights.
func synthetic(widths []int64, weights map[int]int64) *measured {
	words := make([]word, len(widths))
	gaps := make([]gap, len(widths)-1)
	for i, w := range widths {
		words[i].width = w
		words[i].display = "A"
	}
	for g, w := range weights {
		gaps[g].weight = w
	}
	return newMeasured(words, gaps, 2)
}

func TestBreakLines(t *testing.T) {
	cases := []struct {
		name    string
		widths  []int64
		weights map[int]int64
		glue    []int
		maxW    int64
		lines   int
		want    []int
	}{
		{"balanced, not greedy", []int64{10, 10, 10, 10, 10, 10}, nil, nil, 60, 2, []int{3, 6}},
		{"comma pulls the break", []int64{10, 10, 10, 10, 10}, map[int]int64{1: breakCosts.afterClause}, nil, 40, 2, []int{2, 5}},
		{"comma on the other side", []int64{10, 10, 10, 10, 10}, map[int]int64{2: breakCosts.afterClause}, nil, 40, 2, []int{3, 5}},
		{"leaning word keeps its partner", []int64{10, 10, 10, 10, 10}, map[int]int64{2: breakCosts.afterLeaning}, nil, 40, 2, []int{2, 5}},
		{"glue is never broken", []int64{10, 10, 10, 10, 10}, nil, []int{1}, 40, 2, []int{3, 5}},
		{"glue the other way", []int64{10, 10, 10, 10, 10}, nil, []int{2}, 40, 2, []int{2, 5}},
		{"no lone short syllable", []int64{40, 40, 40, 6}, nil, nil, 90, 3, []int{2, 4}},
		{"no lone wide syllable", []int64{40, 40, 40, 40}, nil, nil, 90, 3, []int{2, 4}},
		{"too wide is no solution", []int64{50, 10}, nil, []int{0}, 40, 2, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := synthetic(c.widths, c.weights)
			for _, g := range c.glue {
				m.gaps[g].kind = gapGlue
			}
			ref := min(m.minMaxWidths(c.lines)[c.lines], c.maxW)
			got, _ := m.breakLines(c.maxW, ref, c.lines)
			if !slices.Equal(got, c.want) {
				t.Errorf("breaks %v, want %v", got, c.want)
			}
		})
	}
}

func TestMinMaxWidths(t *testing.T) {
	m := synthetic([]int64{10, 20, 30, 40}, nil)
	got := m.minMaxWidths(4)[1:]
	want := []int64{106, 64, 40, 40}
	if !slices.Equal(got, want) {
		t.Errorf("minMaxWidths %v, want %v", got, want)
	}
	m.gaps[2].kind = gapGlue // 30 and 40 together
	if got := m.minMaxWidths(4)[4]; got != 72 {
		t.Errorf("with glue: %d, want 72", got)
	}
}

func TestChooseFlaws(t *testing.T) {
	cases := []struct {
		name    string
		ppems   []int64 // best size with 0, 1, 2 flaws
		minPPEM int64
		want    int
	}{
		{"a legible clean layout wins", []int64{910, 1000, 0}, 0, 0},
		{"however much a flaw buys", []int64{500, 1000, 0}, 400, 0},
		{"two flaws too", []int64{500, 0, 1000}, 400, 0},
		{"among flawed ones, one flaw buys more than a tenth", []int64{300, 890, 1000}, 400, 2},
		{"one flaw fewer within a tenth", []int64{300, 910, 1000}, 400, 1},
		{"legible beats clean", []int64{900, 1200, 0}, 950, 1},
		{"no clean layout", []int64{0, 700, 0}, 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			best := make([]fitResult, len(c.ppems))
			for k, p := range c.ppems {
				best[k] = fitResult{ppem: p, flaws: k}
			}
			if got := chooseFlaws(best, c.minPPEM); got.flaws != c.want || got.clean != c.ppems[0] {
				t.Errorf("chose %d flaws (clean %d), want %d", got.flaws, got.clean, c.want)
			}
		})
	}
}
