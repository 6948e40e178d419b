package assets

import "strings"

// protectedPhrases are never split across lines: proper names that keep
// lower-case syllables ("Đảng Cộng sản Việt Nam", "Tổ quốc") and the common
// words of political language, most of two syllables. Matching ignores
// case and tone-mark placement (hoà = hòa). Extend freely, one phrase per
// string; Options.Phrases adds more at run time.
var protectedPhrases = []string{
	// Names and institutions.
	"Đảng Cộng sản Việt Nam", "Cộng sản", "Việt Nam", "Tổ quốc", "Hồ Chí Minh",
	"Mác - Lênin", "Mác-Lênin", "Mặt trận", "Trung ương", "Quốc hội", "Chính phủ",
	"Hội đồng", "Ủy ban", "Uỷ ban", "Ban Chấp hành", "Bộ Chính trị", "Liên Minh",
	"Thủ đô", "Hà Nội", "Sài Gòn", "Điện Biên Phủ", "Bác Hồ",
	// Congress and party life.
	"Đại hội", "đại biểu", "Đảng bộ", "Đảng viên", "nhiệm kỳ", "chào mừng",
	"toàn quốc", "cấp ủy", "cấp uỷ", "chi bộ", "bầu cử", "đồng chí", "thành công",
	"nghị quyết", "hội nghị", "khóa họp", "kỳ họp", "thắng lợi", "lãnh đạo",
	"tổ chức", "cách mạng", "nhiệt liệt", "kỷ niệm", "thành lập", "muôn năm",
	"quang vinh", "vĩ đại", "sáng suốt", "lựa chọn", "tiêu biểu", "bản lĩnh",
	// Ideas and aims.
	"dân tộc", "xã hội", "chủ nghĩa", "chủ nghĩa xã hội", "xã hội chủ nghĩa", "Nhân dân", "độc lập", "tự do", "hạnh phúc",
	"dân chủ", "công bằng", "văn minh", "giàu đẹp", "hòa bình", "thống nhất",
	"chính trị", "tư tưởng", "đạo đức", "lối sống", "năng lực", "uy tín", "trí tuệ",
	"phẩm chất", "mục tiêu", "kiên định", "nền tảng", "gắn liền", "đất nước",
	"tinh thần", "tự chủ", "tự tin", "tự lực", "tự cường", "tự hào", "ý chí",
	"sức mạnh", "đoàn kết", "đại đoàn kết", "thời đại", "vững chắc", "bảo vệ",
	"xây dựng", "phát triển", "phát huy", "kết hợp", "đẩy mạnh", "phong trào",
	"thi đua", "yêu nước", "thành tích", "đồng lòng", "chung sức", "đổi mới",
	"hội nhập", "quốc tế", "bền vững", "kinh tế", "văn hóa", "giáo dục", "an ninh",
	"quốc phòng", "nông thôn", "nông dân", "công nhân", "trí thức", "thanh niên",
	"phụ nữ", "cựu chiến binh", "chiến thắng", "giải phóng", "sự nghiệp",
	"công nghiệp hóa", "hiện đại hóa", "chuyển đổi số", "khoa học", "công nghệ",
	"toàn dân", "toàn quân", "nhà nước", "pháp luật", "mừng Xuân", "mừng Đảng",
	"các cấp", "thành phố", "thị trấn", "thị xã", "khu phố", "Chủ tịch", "Đại tướng", "anh hùng",
	"Cộng hòa", "Quốc khánh", "Tổng Bí thư", "Bí thư", "Thủ tướng", "tỉnh ủy", "huyện ủy",
	"thành ủy", "đảng ủy", "chấp hành", "cán bộ", "chính quyền", "chính sách", "hiến pháp",
	"cử tri", "ứng cử", "đoàn thể", "công đoàn", "doanh nghiệp", "doanh nhân", "công an",
	"bộ đội", "quân đội", "biên giới", "biển đảo", "chủ quyền", "lãnh thổ", "toàn vẹn",
	// Life and work.
	"học tập", "phong cách", "làm theo", "noi gương", "tấm gương", "gương mẫu", "lao động",
	"chiến đấu", "trách nhiệm", "tham gia", "hưởng ứng", "thực hiện", "đô thị", "gia đình",
	"trẻ em", "học sinh", "sinh viên", "nhà giáo", "giáo viên", "sức khỏe", "y tế",
	"bảo hiểm", "môi trường", "vệ sinh", "an toàn", "giao thông", "trật tự", "phòng chống",
	"ma túy", "tội phạm", "phòng cháy", "chữa cháy", "thiên tai", "dịch bệnh", "hiến máu",
	"nhân đạo", "từ thiện", "khuyến học", "thể thao", "du lịch", "lễ hội", "truyền thống",
	"lịch sử", "di tích", "liệt sĩ", "thương binh", "tri ân", "đền ơn", "đáp nghĩa",
	"uống nước", "nhớ nguồn", "sáng tạo", "hiện đại", "công nghiệp", "nông nghiệp",
	"điện tử", "cải cách", "hành chính", "tiết kiệm", "lãng phí", "tham nhũng", "tiêu cực",
	"minh bạch", "kỷ cương", "kỷ luật", "khen thưởng", "điển hình", "tiên tiến",
	"tuyên truyền", "báo chí", "văn nghệ", "hợp tác", "hữu nghị", "thịnh vượng",
	"khát vọng", "hùng cường", "phồn vinh", "vững mạnh", "trong sạch", "ấm no",
	"giàu mạnh", "đột phá", "bản sắc", "đồng bào", "nhân loại", "mùa xuân", "năm mới",
	"chúc mừng", "an khang", "như ý", "sinh nhật", "ngày sinh", "chúng ta", "đất nước",
	"quê hương", "ngày hội", "đại thắng", "toàn thắng", "lịch sử",
	// Words of the 2025 congresses.
	"kỷ nguyên", "vươn mình", "vững bước", "tinh gọn", "hiệu năng", "hiệu lực", "hiệu quả",
	"tăng trưởng", "chuyển đổi", "số hóa", "dân giàu", "nước mạnh", "sắp xếp", "sáp nhập",
	"nhất thể", "tiến bộ", "thịnh vượng", "hạnh phúc", "đi đầu", "kiến tạo",
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
