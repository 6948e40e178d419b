package vnenc

import (
	"strings"
	"unicode"
)

// TCVN3 (TCVN 5712:1993, table VN3) is one byte per letter. Its main table
// only has lower-case toned letters: capitals with tone marks were drawn
// by separate ".VnTimeH" fonts that show the same byte codes as capitals,
// so the bytes alone cannot tell "ả" from "Ả". Only the seven capitals
// without a tone mark (Ă Â Ê Ô Ơ Ư Đ) have codes of their own.
//
// Each code below is the Latin-1 character the byte turns into when read
// as Windows-1252 / Latin-1 (the same for 0xA0–0xFF). TCVN3 uses no byte
// in 0x80–0x9F, and its unused bytes in 0xA1–0xFE (e.g. 0xE0 "à",
// 0xC0–0xC5) are not mapped, so such characters pass through.
// The lower-case part agrees byte for byte with glibc's TCVN5712-1 (VN1),
// which the tests check against a listing taken from iconv.

// tcvn3Plain maps the codes of letters without a tone mark.
var tcvn3Plain = map[rune]rune{
	'¡': 'Ă', '¢': 'Â', '£': 'Ê', '¤': 'Ô', '¥': 'Ơ', '¦': 'Ư', '§': 'Đ', // 0xA1–0xA7
	'¨': 'ă', '©': 'â', 'ª': 'ê', '«': 'ô', '¬': 'ơ', '\u00AD': 'ư', '®': 'đ', // 0xA8–0xAE
}

// tcvn3Toned lists, for every vowel row of toneRows in the same order,
// the codes of its sắc, huyền, hỏi, ngã and nặng forms.
var tcvn3Toned = [len(toneRows)]string{
	"¸µ¶·¹", // a: á à ả ã ạ = 0xB8 0xB5 0xB6 0xB7 0xB9
	"¾»¼½Æ", // ă: 0xBE 0xBB 0xBC 0xBD 0xC6
	"ÊÇÈÉË", // â: 0xCA 0xC7 0xC8 0xC9 0xCB
	"ÐÌÎÏÑ", // e: 0xD0 0xCC 0xCE 0xCF 0xD1
	"ÕÒÓÔÖ", // ê: 0xD5 0xD2 0xD3 0xD4 0xD6
	"Ý×ØÜÞ", // i: 0xDD 0xD7 0xD8 0xDC 0xDE
	"ãßáâä", // o: 0xE3 0xDF 0xE1 0xE2 0xE4
	"èåæçé", // ô: 0xE8 0xE5 0xE6 0xE7 0xE9
	"íêëìî", // ơ: 0xED 0xEA 0xEB 0xEC 0xEE
	"óïñòô", // u: 0xF3 0xEF 0xF1 0xF2 0xF4
	"øõö÷ù", // ư: 0xF8 0xF5 0xF6 0xF7 0xF9
	"ýúûüþ", // y: 0xFD 0xFA 0xFB 0xFC 0xFE
}

var (
	tcvn3Decode = map[rune]rune{} // code → letter (lower case except the 7 capitals)
	tcvn3Encode = map[rune]rune{} // letter → code
)

func init() {
	for code, letter := range tcvn3Plain {
		tcvn3Decode[code] = letter
		tcvn3Encode[letter] = code
	}
	for i, codes := range tcvn3Toned {
		row := []rune(toneRows[i])
		for j, code := range []rune(codes) {
			tcvn3Decode[code] = row[j+1]
			tcvn3Encode[row[j+1]] = code
		}
	}
}

// decodeTCVN3 maps TCVN3 mojibake to Unicode. Plain ASCII is kept as it
// is. Because the byte codes are case-blind, toned letters come out lower
// case, except where the ASCII around them shows capitals were meant:
//   - in a word with no lower-case ASCII letter and an upper-case ASCII
//     letter after its first letter ("VIÖT" → "VIỆT", "§¶NG" → "ĐẢNG");
//   - in a line with no lower-case ASCII letter that has such a word, so
//     that short words of an all-caps banner ("Hµ NéI") follow suit.
//
// A lone initial capital ("Hµ" → "Hà") is read as title case.
func decodeTCVN3(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for line := range strings.SplitAfterSeq(s, "\n") {
		decodeTCVN3Line(&b, []rune(line))
	}
	return b.String()
}

func decodeTCVN3Line(b *strings.Builder, rs []rune) {
	isWord := func(r rune) bool {
		_, ok := tcvn3Decode[r]
		return ok || unicode.IsLetter(r)
	}
	// First pass: which words are written in capitals, and is the line?
	capsWord := make([]bool, len(rs)) // per rune: its word is all caps
	lineHasLower, lineHasCapsWord := false, false
	for i := 0; i < len(rs); {
		if !isWord(rs[i]) {
			i++
			continue
		}
		j, lower, upperInside := i, false, false
		for ; j < len(rs) && isWord(rs[j]); j++ {
			if rs[j] >= 'a' && rs[j] <= 'z' {
				lower = true
			}
			if j > i && rs[j] >= 'A' && rs[j] <= 'Z' {
				upperInside = true
			}
		}
		caps := !lower && upperInside
		for k := i; k < j; k++ {
			capsWord[k] = caps
		}
		lineHasLower = lineHasLower || lower
		lineHasCapsWord = lineHasCapsWord || caps
		i = j
	}
	lineCaps := !lineHasLower && lineHasCapsWord
	for i, r := range rs {
		if u, ok := tcvn3Decode[r]; ok {
			if lineCaps || capsWord[i] {
				u = unicode.ToUpper(u)
			}
			b.WriteRune(u)
			continue
		}
		b.WriteRune(r)
	}
}

// encodeTCVN3 is the inverse used by tests and fixtures: Unicode (NFC) to
// TCVN3 mojibake. Capitals with a tone mark have no code, so they take the
// lower-case code, as text typed for a .VnTimeH font does.
func encodeTCVN3(s string) string {
	var b strings.Builder
	for _, r := range clean(s) {
		if code, ok := tcvn3Encode[r]; ok {
			b.WriteRune(code)
		} else if code, ok := tcvn3Encode[unicode.ToLower(r)]; ok {
			b.WriteRune(code)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
