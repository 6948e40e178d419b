package vnenc

import "testing"

func TestIsSyllable(t *testing.T) {
	valid := []string{
		"a", "ý", "ở", "đi", "Đảng", "CỘNG", "nghiêng", "khuếch", "nguyễn",
		"người", "rượu", "khuỷu", "ngoài", "xoáy", "ngoẹo", "quốc", "quyết",
		"quý", "quá", "giữ", "giường", "gì", "giếng", "kỳ", "kẻ", "ghế", "nghĩa",
		"hòa", "hoà", "thúy", "thuý", "khỏe", "khoẻ", "hoàng", "thuở", "hoặc",
		"cứu", "cửa", "tuần", "huế", "xuân", "khuya", "boong", "mõng", "ủy", "uỷ",
		"chạy", "sáu", "cầu", "mía", "của", "gửi", "chuối", "yêu", "thuế",
	}
	invalid := []string{
		"", "café", "Grüße", "this", "chat", "cátx", "ii", "ei", "hèi",
		"kan", "cae", "ghu", "cia", "qa", "quu", "ấá", "aù", "hoàngg",
		"hóan", // tone on the o although a final follows
		"cãt",  // ngã on a stop final
		"tốtt", "Lênin", "XIV", "fan", "zero", "wow", "jazz",
		"nghiêngg", "Việt Nam",
	}
	for _, w := range valid {
		t.Run("valid/"+w, func(t *testing.T) {
			if !isSyllable(w) {
				t.Errorf("isSyllable(%q) = false", w)
			}
		})
	}
	for _, w := range invalid {
		t.Run("invalid/"+w, func(t *testing.T) {
			if isSyllable(w) {
				t.Errorf("isSyllable(%q) = true", w)
			}
		})
	}
}

// Every word of the official slogans that has no foreign letters must be
// a valid syllable, or detection would lose evidence on exactly the texts
// it exists for.
func TestSlogansWordsAreSyllables(t *testing.T) {
	foreign := map[string]bool{"XIV": true, "III": true, "Lênin": true}
	for _, s := range loadSlogans(t) {
		for _, w := range splitWords(s) {
			if !foreign[w] && !isSyllable(w) {
				t.Errorf("%q is not a syllable", w)
			}
		}
	}
}
