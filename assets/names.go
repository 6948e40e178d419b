package assets

import "unicode"

// Longest run of capitalised words taken for a name; longer runs are more
// likely Title Case Typing than a name.
const maxNameWords = 6

// protectNames finds proper names from the capitalisation of the text as
// typed, before any uppercasing: runs of capitalised words ("Hồ Chí Minh",
// "Liên Minh", "Việt Nam") and a dash between two single capitalised words
// ("Mác - Lênin"). Text typed in capitals or in Title Case carries no such
// information and is left to the phrase list.
func protectNames(p *paragraph, keys []string) {
	toks := p.toks
	if !mixedCase(toks) {
		protectPlaceNames(p, keys)
		return
	}
	// An ordinal is no name: "lần thứ Nhất Ban Chấp hành".
	capital := make([]bool, len(toks))
	for i, t := range toks {
		capital[i] = capitalised(t) && !(i > 0 && keys[i-1] == syllableKey("thứ") && numberWords[keys[i]])
	}
	for i := 0; i < len(toks); {
		end := nameRunEnd(toks, capital, i)
		words := end - i + 1
		if words >= 2 && words <= maxNameWords {
			p.glue(i, end)
		}
		// "xã Liên Minh", "Chủ tịch Hồ Chí Minh": the word that says what
		// the name is stays with it.
		if capital[i] && words <= maxNameWords && i > 0 &&
			namePrefixes[keys[i-1]] && !endsClause(toks[i-1]) {
			p.glue(i-1, end)
		}
		i = end + 1
	}
}

// mixedCase reports whether the text was typed in sentence case, so that a
// capital marks a name; text typed in capitals or Title Case does not.
func mixedCase(toks []token) bool {
	letters, caps := 0, 0
	for _, t := range toks {
		if r := firstLetter(t); r != 0 {
			letters++
			if unicode.IsUpper(r) {
				caps++
			}
		}
	}
	return letters > 0 && caps*10 <= letters*6
}

// namePrefixes introduce a proper name: places, and titles of people.
// Multi-word ones ("thành phố", "thị trấn") are protected phrases, so their
// last word is enough here.
var namePrefixes = keySet("miền", "xã", "phường", "trấn", "huyện", "quận", "tỉnh", "phố", "thôn",
	"ấp", "bản", "làng", "sông", "núi", "đảo", "tịch", "chí", "Bác", "tướng", "hùng")

// nameRunEnd returns the last token of the run of capitalised words that
// starts at i (i itself when there is none).
func nameRunEnd(toks []token, capital []bool, i int) int {
	if !capital[i] {
		return i
	}
	end := i
	for j := i + 1; j < len(toks) && !endsClause(toks[end]); j++ {
		switch {
		case capital[j]:
			end = j
			continue
		case isDash(toks[j]) && end == i && j+1 < len(toks) && capital[j+1] &&
			(j+2 >= len(toks) || !capital[j+2]):
			end = j + 1
		}
		break
	}
	return end
}

func capitalised(t token) bool {
	r := firstLetter(t)
	return r != 0 && unicode.IsUpper(r) && !isRoman(t)
}

// adminUnits name a place after them: "xã Nam Hồng", "phường Bến Nghé".
var adminUnits = keySet("xã", "phường", "huyện", "quận", "tỉnh", "thôn", "ấp")

// notInNames are words that follow an administrative unit without being
// part of its name: "Đảng bộ xã lần thứ I", "các xã và phường".
var notInNames = keySet("lần", "nhiệm", "khóa", "khoá", "và", "của", "các", "với", "trong",
	"hội", "ủy", "uỷ", "đội", "viên", "mới", "nhà", "đoàn", "thị", "là")

// protectPlaceNames keeps a place name with its unit when capitals carry
// no information ("ĐẢNG BỘ XÃ NAM HỒNG"): Vietnamese place names are
// mostly two syllables, so the unit and the two words after it stay
// together unless a word says it is no name ("XÃ HỘI", "XÃ LẦN THỨ I").
func protectPlaceNames(p *paragraph, keys []string) {
	toks := p.toks
	for i := 0; i+2 < len(toks); i++ {
		if !adminUnits[keys[i]] || endsClause(toks[i]) || endsClause(toks[i+1]) {
			continue
		}
		a, b := keys[i+1], keys[i+2]
		if notInNames[a] || notInNames[b] || firstLetter(toks[i+1]) == 0 || firstLetter(toks[i+2]) == 0 ||
			isRoman(toks[i+1]) || isRoman(toks[i+2]) {
			continue
		}
		p.glue(i, i+2)
	}
}
