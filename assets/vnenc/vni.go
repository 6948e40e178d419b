package vnenc

import (
	"strings"
	"unicode"
)

// VNI-Windows writes most toned letters as an ASCII base letter followed
// by a mark byte; read as Latin-1 the marks look like accented letters:
//
//	tones after a, e, o, u, y, ơ, ư:   ù sắc, ø huyền, û hỏi, õ ngã, ï nặng
//	circumflex after a, e, o:          â  (aâ = â, eâ = ê, oâ = ô)
//	circumflex + tone:                 á à å ã ä (aá = ấ, eä = ệ, oä = ộ)
//	breve after a:                     ê  (aê = ă)
//	breve + tone:                      é è ú ü ë (aé = ắ, aë = ặ)
//
// A few letters are single bytes: ô = ơ, ö = ư, ñ = đ, the i family
// í ì æ ó ò (í ì ỉ ĩ ị) and î = ỵ. Capitals use the upper-case base and
// upper-case marks ("AÙ" = Á, "Ñ" = Đ), so VNI keeps case.
//
// vniRows lists, for every vowel row of toneRows in the same order, the
// VNI spelling of the plain form and of the five toned forms.
var vniRows = [len(toneRows)]string{
	"a aù aø aû aõ aï",  // a á à ả ã ạ
	"aê aé aè aú aü aë", // ă ắ ằ ẳ ẵ ặ
	"aâ aá aà aå aã aä", // â ấ ầ ẩ ẫ ậ
	"e eù eø eû eõ eï",  // e é è ẻ ẽ ẹ
	"eâ eá eà eå eã eä", // ê ế ề ể ễ ệ
	"i í ì æ ó ò",       // i í ì ỉ ĩ ị
	"o où oø oû oõ oï",  // o ó ò ỏ õ ọ
	"oâ oá oà oå oã oä", // ô ố ồ ổ ỗ ộ
	"ô ôù ôø ôû ôõ ôï",  // ơ ớ ờ ở ỡ ợ
	"u uù uø uû uõ uï",  // u ú ù ủ ũ ụ
	"ö öù öø öû öõ öï",  // ư ứ ừ ử ữ ự
	"y yù yø yû yõ î",   // y ý ỳ ỷ ỹ ỵ
}

var (
	vniEncode = map[rune]string{'đ': "ñ"} // lower-case letter → VNI spelling
	vniDecode = map[string]rune{}         // lower-cased VNI spelling → letter
)

func init() {
	for i, spellings := range vniRows {
		row := []rune(toneRows[i])
		for j, spelling := range strings.Fields(spellings) {
			if row[j] < 0x80 {
				continue // a, e, i, o, u, y are themselves
			}
			vniEncode[row[j]] = spelling
		}
	}
	for letter, spelling := range vniEncode {
		vniDecode[spelling] = letter
	}
}

// decodeVNI maps VNI mojibake to Unicode. A base letter and the mark that
// follows it are read together; the case of the result is the case of the
// base letter, whatever the case of the mark, because "Sentence case" in
// office software capitalises "aù" to "Aù" and leaves the mark alone.
// A two-character spelling wins over reading the first character alone,
// so "ôù" is ớ, not ơ followed by a stray ù.
func decodeVNI(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		lr := unicode.ToLower(r)
		if i+1 < len(rs) {
			if letter, ok := vniDecode[string([]rune{lr, unicode.ToLower(rs[i+1])})]; ok {
				b.WriteRune(sameCase(letter, r))
				i++
				continue
			}
		}
		if letter, ok := vniDecode[string(lr)]; ok {
			b.WriteRune(sameCase(letter, r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sameCase gives letter the case of like.
func sameCase(letter, like rune) rune {
	if unicode.IsUpper(like) {
		return unicode.ToUpper(letter)
	}
	return letter
}

// encodeVNI is the inverse used by tests and fixtures: Unicode (NFC) to
// VNI mojibake, capitals spelt with capital marks as VNI keyboards do.
func encodeVNI(s string) string {
	var b strings.Builder
	for _, r := range clean(s) {
		spelling, ok := vniEncode[unicode.ToLower(r)]
		switch {
		case !ok:
			b.WriteRune(r)
		case unicode.IsUpper(r):
			b.WriteString(strings.ToUpper(spelling))
		default:
			b.WriteString(spelling)
		}
	}
	return b.String()
}
