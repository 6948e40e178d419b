package assets

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestBreakCosts: every cost of the table decides a real layout. Each
// case renders an example with the table as it is and sees the choice
// the cost stands for; then with that one cost set to 0 and sees the
// choice go, so no cost in the table is dead or untested.
func TestBreakCosts(t *testing.T) {
	cases := []struct {
		name  string
		cost  *int64
		text  string
		size  Size
		holds func(lines []string) bool
	}{
		{"a clause ends a line", &breakCosts.afterClause,
			"Toàn Đảng, toàn dân, toàn quân đồng lòng chung sức xây dựng và bảo vệ Tổ quốc Việt Nam xã hội chủ nghĩa giàu đẹp, văn minh!", Size{1080, 1920},
			func(l []string) bool { return someLineEndsWith(l, "GIÀU ĐẸP,") }},
		{"a sentence ends a line", &breakCosts.afterSentence,
			"Đoàn kết, đoàn kết, đại đoàn kết. Thành công, thành công, đại thành công!", Size{384, 128},
			func(l []string) bool { return someLineEndsWith(l, "ĐẠI ĐOÀN KẾT.") }},
		{"no line ends on để", &breakCosts.afterLeaning,
			"Phát huy ý chí và sức mạnh đại đoàn kết dân tộc kết hợp với sức mạnh thời đại để xây dựng và bảo vệ vững chắc Tổ quốc Việt Nam xã hội chủ nghĩa!", Size{1080, 1920},
			func(l []string) bool { return !someLineEndsWith(l, " ĐỂ") }},
		{"no lone syllable", &breakCosts.loneSyllable,
			"Mừng Đảng, mừng Xuân, mừng đất nước đổi mới!", Size{1400, 1050},
			func(l []string) bool { return slices.Contains(l, "MỪNG ĐẤT NƯỚC") }},
		{"a number stays with the word before it", &breakCosts.beforeNumber,
			"Nhiệt liệt chào mừng 50 năm Ngày Giải phóng miền Nam, thống nhất đất nước (30/4/1975 – 30/4/2025)!", Size{1400, 1050},
			func(l []string) bool { return !someLineEndsWith(l, "CHÀO MỪNG") }},
		{"a cohesive group stays on one line", &breakCosts.insideCohesive,
			"Chào mừng Đại hội đại biểu Mặt trận Tổ quốc Việt Nam", Size{1080, 1920},
			func(l []string) bool { return slices.Contains(l, "ĐẠI HỘI ĐẠI BIỂU") }},
	}
	// Every cost but the phrase splits (TestPhraseSplits) has its case.
	if n := reflect.TypeOf(breakCosts).NumField() - 1; n != len(cases) {
		t.Fatalf("the table has %d costs and the test %d cases", n, len(cases))
	}
	if breakCosts.afterSentence >= breakCosts.afterClause || breakCosts.afterClause >= 0 {
		t.Errorf("a sentence's end must be a larger bonus than a clause's, both below 0")
	}
	if !(breakCosts.loneSyllable > breakCosts.afterLeaning && breakCosts.afterLeaning > breakCosts.insideCohesive && breakCosts.insideCohesive > breakCosts.beforeNumber && breakCosts.beforeNumber > 0) {
		t.Errorf("penalties out of order: lone %d > leaning %d > cohesive %d > before a number %d > 0",
			breakCosts.loneSyllable, breakCosts.afterLeaning, breakCosts.insideCohesive, breakCosts.beforeNumber)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			with := linesWithCosts(t, c.text, c.size)
			if !c.holds(with) {
				t.Fatalf("with the table's costs: %q", with)
			}
			saved := *c.cost
			*c.cost = 0
			t.Cleanup(func() { *c.cost = saved })
			if without := linesWithCosts(t, c.text, c.size); c.holds(without) {
				t.Errorf("the choice stays without the cost %d: %q; the test proves nothing", saved, without)
			}
		})
	}
}

// linesWithCosts lays text out with a fresh renderer, so the table as it
// is now counts (renderers cache layouts and phrase splits).
func linesWithCosts(t *testing.T, text string, size Size) []string {
	t.Helper()
	r, err := NewRenderer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(Request{Text: text, Size: size})
	if err != nil {
		t.Fatal(err)
	}
	return lineTexts(out.Layout)
}

func someLineEndsWith(lines []string, ends ...string) bool {
	for _, l := range lines[:len(lines)-1] {
		for _, e := range ends {
			if strings.HasSuffix(l, e) {
				return true
			}
		}
	}
	return false
}
