package assets

import "strings"

// protectedPhrases are never split across lines. The dictionary
// (dictionary.go) knows the common words; this list holds what it lacks:
// proper names that keep lower-case syllables ("Đảng Cộng sản Việt Nam"),
// words of political language newer than the list ("chuyển đổi số",
// "vươn mình") and collocations a sign-writer keeps together ("tiến
// mạnh", "cả nước"). TestPhrasesAreWhatTheDictionaryLacks refuses an entry
// the dictionary already holds. Matching ignores case and tone-mark
// placement (hoà = hòa); Options.Phrases adds more at run time.
var protectedPhrases = []string{
	// Names and institutions.
	"Đảng Cộng sản Việt Nam", "Mác - Lênin", "Mác-Lênin", "Ban Chấp hành", "Điện Biên Phủ", "Bác Hồ",
	"Đại tướng",
	// Congress and party life.
	"cấp ủy", "cấp uỷ", "đảng ủy", "chi bộ", "khóa họp", "kỳ họp", "các cấp", "mừng Xuân", "mừng Đảng",
	"đại thắng", "ngày hội", "năm mới",
	// Ideas and aims.
	"chủ nghĩa xã hội", "đại đoàn kết", "lựa chọn", "lối sống", "yêu nước", "đồng lòng", "chung sức",
	"hội nhập", "công nghiệp hóa", "hiện đại hóa", "toàn dân", "giàu đẹp", "vững mạnh", "giàu mạnh",
	"dân giàu", "nước mạnh", "đẩy mạnh", "tiến mạnh", "cả nước", "sống mãi", "đột phá", "đi đầu",
	// Life and work.
	"khu phố", "doanh nhân", "biển đảo", "tấm gương", "phòng chống", "phòng cháy", "chữa cháy",
	"dịch bệnh", "hiến máu", "đền ơn", "đáp nghĩa", "uống nước", "nhớ nguồn", "văn nghệ",
	// Words of the 2025 congresses.
	"kỷ nguyên mới", "vươn mình", "vững bước", "tinh gọn", "tăng trưởng", "chuyển đổi", "chuyển đổi số",
	"số hóa", "nhất thể", "kiến tạo",
}

// cohesivePhrases are longer word groups that read best on one line but may
// be broken when keeping them whole would cost too much size or balance;
// breaking inside one costs breakCosts.insideCohesive.
var cohesivePhrases = []string{
	"Tổ quốc Việt Nam", "đại hội đại biểu",
	"Đảng bộ các cấp", "lần thứ", "Đảng bộ xã", "Đảng bộ tỉnh", "Đảng bộ huyện",
	"Mặt trận Tổ quốc Việt Nam", "Ủy ban nhân dân", "Hội đồng nhân dân",
	"đại đoàn kết toàn dân tộc", "công nghiệp hóa, hiện đại hóa", "nông thôn mới",
	"Cộng hòa xã hội chủ nghĩa Việt Nam", "Quân đội nhân dân", "Công an nhân dân",
	"chính quyền điện tử", "cải cách hành chính", "an toàn giao thông",
}

// weighPhrases discourages breaks inside cohesive phrases.
func weighPhrases(p *paragraph, keys []string, idx phraseIndex) {
	for i := range p.toks {
		for g := i; g < idx.match(p.toks, keys, i); g++ {
			p.gaps[g].weight += breakCosts.insideCohesive
		}
	}
}

// phraseIndex finds protected phrases by their first syllable.
type phraseIndex map[string][][]string

func newPhraseIndex(lists ...[]string) phraseIndex {
	idx := make(phraseIndex)
	for _, list := range lists {
		for _, ph := range list {
			words := strings.Fields(ph)
			if len(words) < 2 {
				continue
			}
			keys := make([]string, len(words))
			for i, w := range words {
				keys[i] = syllableKey(strings.Trim(w, ",.;:!?"))
			}
			idx[keys[0]] = append(idx[keys[0]], keys)
		}
	}
	return idx
}

// match returns the longest phrase starting at toks[i] as the index of its
// last token, or -1. Inner words must not carry a comma or a full stop.
func (idx phraseIndex) match(toks []token, keys []string, i int) int {
	best := -1
	for _, ph := range idx[keys[i]] {
		if i+len(ph) > len(toks) || i+len(ph)-1 <= best {
			continue
		}
		ok := true
		for k, want := range ph {
			j := i + k
			if keys[j] != want || (k < len(ph)-1 && endsClause(toks[j])) {
				ok = false
				break
			}
		}
		if ok {
			best = i + len(ph) - 1
		}
	}
	return best
}

// yearNames are the sexagenary years of the lunar calendar ("Ất Tỵ",
// "Bính Ngọ"): a name, never split ("XUÂN BÍNH / NGỌ"). Every stem with
// every branch, both spellings of the variant branches; the impossible
// pairs cost nothing.
func yearNames() []string {
	stems := []string{"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"}
	branches := []string{"Tý", "Sửu", "Dần", "Mão", "Mẹo", "Thìn", "Tỵ", "Tị", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"}
	out := make([]string, 0, len(stems)*len(branches))
	for _, s := range stems {
		for _, b := range branches {
			out = append(out, s+" "+b)
		}
	}
	return out
}
