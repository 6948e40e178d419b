package vnenc

import "unicode"

// Tones in the order both legacy encodings and most Vietnamese keyboards
// use: none (ngang), sắc, huyền, hỏi, ngã, nặng. VNI's tone-mark bytes
// (ù ø û õ ï) and the TCVN3 table rows follow the same order, so one index
// serves every table.
const (
	toneNone = iota
	toneAcute
	toneGrave
	toneHook
	toneTilde
	toneDot
)

// toneRows holds the twelve Vietnamese vowels, each with its five toned
// forms, in tone order. Together with đ these are the 73 lower-case
// letters of the alphabet that a table must cover; minus the six plain
// ASCII vowels that leaves the 67 non-ASCII letters (134 with capitals).
var toneRows = [...]string{
	"aáàảãạ",
	"ăắằẳẵặ",
	"âấầẩẫậ",
	"eéèẻẽẹ",
	"êếềểễệ",
	"iíìỉĩị",
	"oóòỏõọ",
	"ôốồổỗộ",
	"ơớờởỡợ",
	"uúùủũụ",
	"ưứừửữự",
	"yýỳỷỹỵ",
}

// vowelInfo says which plain-toned vowel a lower-case vowel rune is and
// which tone it carries.
type vowelInfo struct {
	base rune
	tone int
}

var (
	vowels  = map[rune]vowelInfo{} // lower-case toned or plain vowel → info
	letters []rune                 // the 67 non-ASCII lower-case letters
)

func init() {
	for _, row := range toneRows {
		r := []rune(row)
		for tone, v := range r {
			info := vowelInfo{base: r[0], tone: tone}
			vowels[v] = info
			if v >= 0x80 {
				letters = append(letters, v)
			}
		}
	}
	letters = append(letters, 'đ')
}

// vietnameseLetters returns the 134 non-ASCII Vietnamese letters, lower
// case first, so that tables can be checked against the full alphabet.
func vietnameseLetters() []rune {
	out := make([]rune, 0, 2*len(letters))
	out = append(out, letters...)
	for _, r := range letters {
		out = append(out, unicode.ToUpper(r))
	}
	return out
}

// isHat reports whether a plain vowel carries its own diacritic (breve,
// circumflex or horn). Tone placement and TCVN3 capitals both depend on it.
func isHat(r rune) bool {
	switch r {
	case 'ă', 'â', 'ê', 'ô', 'ơ', 'ư':
		return true
	}
	return false
}
