package assets

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// gapAt finds the words a and b side by side (a's text then b's text) and
// returns the gap between them.
func gapAt(t *testing.T, p paragraph, a, b string) gapKind {
	t.Helper()
	for i := 0; i+1 < len(p.toks); i++ {
		if string(p.toks[i].text) == a && string(p.toks[i+1].text) == b {
			return p.gaps[i].kind
		}
	}
	t.Fatalf("words %q %q not found side by side", a, b)
	return 0
}

// TestProtectedUnits checks where a line may break, word pair by word pair.
// In the cases, "a|b" must stay breakable, "a_b" must never break, "a¶b"
// is a typed line break and "a~b" is the inner point of a long name: whole
// in the gaps, breakable in the loose gaps (for boards on which the whole
// name is not legible).
func TestProtectedUnits(t *testing.T) {
	cases := []struct {
		name, text string
		pairs      []string
	}{
		{"spaced range", "nhiệm kỳ 2025 - 2030 của", []string{"2025_-", "-_2030", "2030|của"}},
		{"en dash range", "năm 2025 – 2030", []string{"2025_–", "–_2030"}},
		{"half-spaced ranges", "2025 -2030 và 2025- 2030", []string{"2025_-2030", "2025-_2030", "-2030|và"}},
		{"date range", "từ 30/4/1975 – 30/4/2023 đến nay", []string{"30/4/1975_–", "–_30/4/2023"}},
		{"range in words", "giai đoạn 2025 đến 2030", []string{"2025_đến", "đến_2030"}},
		{"date in words", "ngày 30 tháng 4 năm 1975", []string{"ngày_30", "30_tháng", "tháng_4", "4_năm", "năm_1975"}},
		{"counted noun", "Kỷ niệm 95 năm Ngày thành lập", []string{"95_năm", "niệm|95"}},
		{"lần thứ Roman", "Đại hội lần thứ XIV của Đảng", []string{"lần_thứ", "thứ_XIV", "XIV|của"}},
		{"lần thứ III", "xã Liên Minh lần thứ III, nhiệm kỳ", []string{"thứ_III,", "III,|nhiệm"}},
		{"lần thứ in words", "Hội nghị lần thứ Nhất và lần thứ mười hai", []string{"thứ_Nhất", "Nhất|và", "thứ_mười", "mười_hai"}},
		{"khóa Roman", "Quốc hội khóa XV họp", []string{"khóa_XV", "XV|họp"}},
		{"name run", "tư tưởng Hồ Chí Minh sáng ngời", []string{"Hồ_Chí", "Chí_Minh", "Minh|sáng", "tưởng|Hồ"}},
		{"dashed name", "chủ nghĩa Mác - Lênin, tư tưởng", []string{"Mác_-", "-_Lênin,", "Lênin,|tư"}},
		{"party name", "của Đảng Cộng sản Việt Nam quang vinh", []string{"Đảng_Cộng", "Cộng_sản", "sản~Việt", "Việt_Nam", "Nam|quang"}},
		{"long units open at the table's point", "Đại hội đại biểu toàn quốc, Thành phố Hồ Chí Minh, chủ nghĩa xã hội",
			[]string{"biểu~toàn", "toàn_quốc,", "phố~Hồ", "Hồ_Chí", "nghĩa_xã", "xã_hội"}},
		{"lower-case syllable in a name", "bảo vệ Tổ quốc", []string{"Tổ_quốc", "vệ|Tổ"}},
		{"place with its name", "Đảng bộ xã Liên Minh", []string{"xã_Liên", "Liên_Minh"}},
		{"political words", "chào mừng Đại hội đại biểu Đảng bộ nhiệm kỳ mới", []string{"chào_mừng", "Đại_hội", "đại_biểu", "Đảng_bộ", "nhiệm_kỳ", "mừng|Đại", "hội|đại"}},
		{"more political words", "dân tộc xã hội chủ nghĩa Nhân dân", []string{"dân_tộc", "xã_hội", "chủ_nghĩa", "Nhân_dân"}},
		{"tone style hoà", "vì hoà bình", []string{"hoà_bình"}},
		{"tone style hòa", "vì hòa bình", []string{"hòa_bình"}},
		{"place name in capitals", "ĐẢNG BỘ XÃ NAM HỒNG LẦN THỨ XXV", []string{"XÃ_NAM", "NAM_HỒNG", "HỒNG|LẦN"}},
		{"no place after xã in capitals", "XÃ HỘI CHỦ NGHĨA VÀ ĐẢNG BỘ XÃ LẦN THỨ I", []string{"NGHĨA|VÀ", "XÃ|LẦN"}},
		{"all capitals", "NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI", []string{"CHÀO_MỪNG", "ĐẠI_HỘI", "LIỆT|CHÀO", "MỪNG|ĐẠI"}},
		{"title case is no name", "Nhiệt Liệt Chào Mừng Năm Mới", []string{"Liệt|Chào"}},
		{"comma ends a name", "Toàn Đảng, Toàn dân", []string{"Đảng,|Toàn"}},
		{"free punctuation", "Việt Nam ! Tiến lên", []string{"Nam_!", "!|Tiến"}},
		{"opening quote", "tinh thần “ tự chủ ”", []string{"“_tự", "thần|“", "chủ_”"}},
		{"straight quotes", `tinh thần " tự chủ "`, []string{`"_tự`, `chủ_"`}},
		{"no-break space", "Hà\u00a0Tây mới", []string{"Hà_Tây"}},
		{"typed line break wins", "chào\nmừng", []string{"chào¶mừng"}},
	}
	r := testRenderer(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := r.paragraph(c.text)
			if err != nil {
				t.Fatal(err)
			}
			for _, pair := range c.pairs {
				sep := strings.IndexAny(pair, "_|¶~")
				r, size := utf8.DecodeRuneInString(pair[sep:])
				a, b := pair[:sep], pair[sep+size:]
				want := map[rune]gapKind{'_': gapGlue, '|': gapSpace, '¶': gapNewline, '~': gapGlue}[r]
				if got := gapAt(t, p, a, b); got != want {
					t.Errorf("%q: gap kind %d, want %d", pair, got, want)
				}
				if r == '~' {
					loose := paragraph{toks: p.toks, gaps: openNames(p.gaps, p.names, 1<<len(p.names)-1)}
					if p.names == nil || gapAt(t, loose, a, b) != gapSpace {
						t.Errorf("%q: no break in the loose gaps", pair)
					}
				}
			}
		})
	}
}

func TestExtraPhrases(t *testing.T) {
	r, err := NewRenderer(Options{Phrases: []string{"hợp tác xã"}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.paragraph("phát triển hợp tác xã kiểu mới")
	if err != nil {
		t.Fatal(err)
	}
	if gapAt(t, p, "hợp", "tác") != gapGlue || gapAt(t, p, "tác", "xã") != gapGlue {
		t.Errorf("Options.Phrases not protected")
	}
}

func TestSyllableKey(t *testing.T) {
	for _, pair := range [][2]string{{"hoà", "hòa"}, {"Thuý", "thúy"}, {"QUỐC", "quốc"}, {"uỷ", "ủy"}} {
		if a, b := syllableKey(pair[0]), syllableKey(pair[1]); a != b {
			t.Errorf("syllableKey(%q)=%q, syllableKey(%q)=%q", pair[0], a, pair[1], b)
		}
	}
	if syllableKey("ma") == syllableKey("mà") || syllableKey("đại") == syllableKey("dai") {
		t.Errorf("tones or đ folded away")
	}
}
