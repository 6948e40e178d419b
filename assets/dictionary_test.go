package assets

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// phrases.go is for what the dictionary lacks: names and fixed phrases. An
// entry the word list already holds is dead weight that hides whether the
// list is loaded at all.
func TestPhrasesAreWhatTheDictionaryLacks(t *testing.T) {
	d := vietnameseWords()
	for _, list := range [][]string{protectedPhrases, cohesivePhrases} {
		for _, ph := range list {
			var keys []string
			for _, w := range strings.Fields(ph) {
				keys = append(keys, syllableKey(w))
			}
			if d.has(keys) {
				t.Errorf("%q is in the dictionary: drop it from phrases.go", ph)
			}
		}
	}
}

// The words the issue found broken on held-out slogans, each inside a
// sentence: every gap inside one is glued, and the gaps between words stay
// open.
func TestWordsAreNeverBroken(t *testing.T) {
	r := testRenderer(t)
	cases := []struct{ text, whole string }{
		{"Củng cố niềm tin của Nhân dân đối với Đảng", "niềm tin"},
		{"Đổi mới tư duy, tầm nhìn chiến lược", "tầm nhìn"},
		{"Quyết tâm hoàn thành thắng lợi nhiệm vụ", "hoàn thành"},
		{"Truyền thống vẻ vang của Đảng bộ", "vẻ vang"},
		{"Đưa đất nước tiến mạnh vào kỷ nguyên mới", "tiến mạnh"},
		{"Phát triển toàn diện con người Việt Nam", "toàn diện"},
		{"Cả nước chung sức xây dựng nông thôn mới", "cả nước"},
		{"Toàn dân ra sức thi đua yêu nước", "ra sức"},
		{"Chủ tịch Hồ Chí Minh sống mãi trong sự nghiệp của chúng ta", "sống mãi"},
		{"Phát triển kinh tế – xã hội nhanh và bền vững", "kinh tế – xã hội"},
		{"Xây dựng chủ nghĩa xã hội", "chủ nghĩa xã hội"},
	}
	for _, c := range cases {
		p, err := r.paragraph(c.text)
		if err != nil {
			t.Fatal(err)
		}
		open := breakableText(p)
		if !strings.Contains(strings.ToLower(open), strings.ToLower(strings.ReplaceAll(c.whole, " ", "_"))) {
			t.Errorf("%q: %q may break inside: %s", c.text, c.whole, open)
		}
	}
}

// breakableText writes a paragraph with "_" where no line may break.
func breakableText(p paragraph) string {
	var b strings.Builder
	for i, tk := range p.toks {
		b.WriteString(string(tk.text))
		if i < len(p.gaps) {
			if p.gaps[i].kind == gapGlue {
				b.WriteString("_")
			} else {
				b.WriteString(" ")
			}
		}
	}
	return b.String()
}

func TestSegmentation(t *testing.T) {
	r := testRenderer(t)
	cases := []struct{ text, want string }{
		// "vững bước" (a phrase) and "bước tiến" (a word) overlap: the
		// fewest words, the earlier one longer.
		{"vững bước tiến vào kỷ nguyên", "vững_bước tiến vào kỷ_nguyên"},
		// A series of words between dashes stays a series.
		{"Đoàn kết - Dân chủ - Kỷ cương - Đột phá", "Đoàn_kết_- Dân_chủ_- Kỷ_cương_- Đột_phá"},
		// A dash after a name is a pause, not a compound.
		{"khánh thành đường cao tốc Hà Nội – Hải Phòng", "khánh_thành đường_cao_tốc Hà_Nội_– Hải_Phòng"},
		// A clause mark ends a word: "hội, nghị" is no "hội nghị".
		{"đại hội, nghị quyết", "đại_hội, nghị_quyết"},
		// A typed line break too.
		{"học sinh\nhọc tập", "học_sinh\nhọc_tập"},
	}
	for _, c := range cases {
		p, err := r.paragraph(c.text)
		if err != nil {
			t.Fatal(err)
		}
		if got := breakableText(p); got != strings.ReplaceAll(c.want, "\n", " ") {
			t.Errorf("%q:\n got %s\nwant %s", c.text, got, c.want)
		}
	}
}

// The word list is data: every line two to six syllables, lower case,
// sorted, no duplicates, so that a refresh that breaks the format fails.
func TestWordListIsWellFormed(t *testing.T) {
	list, err := os.ReadFile("words/vi-wiktionary.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(list), "\n"), "\n")
	if len(lines) < 20000 {
		t.Fatalf("%d words, want the whole list", len(lines))
	}
	for i, l := range lines {
		n := len(strings.Fields(l))
		if n < 2 || n > maxWordSyllables || l != strings.ToLower(l) || strings.Join(strings.Fields(l), " ") != l {
			t.Errorf("line %d %q", i+1, l)
		}
		if i > 0 && lines[i-1] >= l {
			t.Errorf("line %d %q not after %q", i+1, l, lines[i-1])
		}
	}
}

// The officer's line breaks are the layout wherever its lines are legible
// at half the size or more of the program's own; where one is not, breaks
// are added and the typed ones kept.
func TestTypedLinesAreTheLayout(t *testing.T) {
	two := "Nhiệt liệt chào mừng\nĐại hội đại biểu Đảng bộ xã lần thứ I"
	for _, c := range []struct {
		text string
		size Size
		want []string
	}{
		{two, Size{1920, 1080}, []string{"NHIỆT LIỆT CHÀO MỪNG", "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ XÃ LẦN THỨ I"}},
		{"Mừng Đảng, mừng Xuân\nMừng đất nước đổi mới", Size{1080, 1920}, []string{"MỪNG ĐẢNG, MỪNG XUÂN", "MỪNG ĐẤT NƯỚC ĐỔI MỚI"}},
	} {
		got := lineTexts(render(t, Request{Text: c.text, Size: c.size}).Layout)
		if strings.Join(got, "/") != strings.Join(c.want, "/") {
			t.Errorf("%s: %q, want the typed lines %q", c.size, got, c.want)
		}
	}
	// On a portrait screen the long second line would be a fifth of the
	// size: broken, the typed break kept.
	if got := lineTexts(render(t, Request{Text: two, Size: Size{1080, 1920}}).Layout); len(got) < 3 || !someLineEndsWith(got, "CHÀO MỪNG") {
		t.Errorf("1080x1920: %q, want more lines, one ending at the typed break", got)
	}
	// On a low LED board the second line alone would not be legible.
	got := lineTexts(render(t, Request{Text: two, Size: Size{384, 128}}).Layout)
	if len(got) < 3 || got[0] != "NHIỆT LIỆT CHÀO MỪNG" {
		t.Errorf("384x128: %q, want the typed first line and the second broken", got)
	}
	long := "Toàn Đảng, toàn dân, toàn quân đồng lòng chung sức xây dựng đất nước\nPhát triển nhanh và bền vững"
	got = lineTexts(render(t, Request{Text: long, Size: Size{1080, 1920}}).Layout)
	if len(got) <= 2 {
		t.Fatalf("%q: a typed line too long to read whole was not broken", got)
	}
	if !someLineEndsWith(got, "ĐẤT NƯỚC") {
		t.Errorf("%q: the typed break after ĐẤT NƯỚC is not a line end", got)
	}
}

// BenchmarkDictionaryLoad is what the first typesetting of a process pays
// for the word list (a cold `codong render`).
func BenchmarkDictionaryLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newDictionary(wordKeysText)
	}
}

// BenchmarkSegment is the dictionary's share of typesetting one slogan.
func BenchmarkSegment(b *testing.B) {
	r := testRenderer(b)
	slogans := officialSlogans(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := r.paragraph(slogans[i%len(slogans)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// TestWordKeys derives words/keys.txt from the word list, so that the two
// never part: with -update it rewrites the file.
func TestWordKeys(t *testing.T) {
	list, err := os.ReadFile("words/vi-wiktionary.txt")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, line := range strings.Split(strings.TrimSuffix(string(list), "\n"), "\n") {
		var k []string
		for _, s := range strings.Fields(line) {
			k = append(k, slowKey(s))
		}
		keys = append(keys, strings.Join(k, " "))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	want := strings.Join(keys, "\n") + "\n"
	if *update {
		if err := os.WriteFile("words/keys.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if wordKeysText != want {
		t.Fatalf("words/keys.txt is not the keys of words/vi-wiktionary.txt: run go test ./assets -run TestWordKeys -update")
	}
}

// quickKey must agree with the normalising slowKey wherever it answers:
// every syllable of the word list, every letter in both cases, and text
// it must leave to slowKey.
func TestQuickKeyAgrees(t *testing.T) {
	var syllables []string
	for _, r := range vietnameseLetters() {
		syllables = append(syllables, string(r), "ng"+string(r)+"n", strings.ToUpper("th"+string(r)))
	}
	list, err := os.ReadFile("words/vi-wiktionary.txt")
	if err != nil {
		t.Fatal(err)
	}
	syllables = append(syllables, strings.Fields(string(list))...)
	syllables = append(syllables, "Thuý", "HOÀ", "hoà", "q\u0323", "e\u0301", "2025", "Mác-Lênin", "", "ꞌ")
	answered := 0
	for _, s := range syllables {
		k, ok := quickKey(s)
		if !ok {
			continue
		}
		answered++
		if want := slowKey(s); k != want {
			t.Errorf("quickKey(%q) = %q, slowKey %q", s, k, want)
		}
	}
	if answered < len(syllables)*9/10 {
		t.Errorf("quickKey answered %d of %d", answered, len(syllables))
	}
}
