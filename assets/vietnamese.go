package assets

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Tone marks of Vietnamese, in the order of the quốc ngữ tone names:
// huyền, sắc, hỏi, ngã, nặng.
const toneMarks = "\u0300\u0301\u0309\u0303\u0323"

// vietnameseLetters lists every letter of the Vietnamese alphabet with its
// marks, both cases: the 12 vowels × 6 tones, đ, and the plain consonants.
// A font must draw all of them to be used.
func vietnameseLetters() []rune {
	var out []rune
	for _, v := range "aăâeêioôơuưy" {
		out = append(out, v)
		for _, m := range toneMarks {
			out = append(out, []rune(norm.NFC.String(string([]rune{v, m})))...)
		}
	}
	out = append(out, []rune("đbcdghklmnpqrstvxfjwz")...)
	n := len(out)
	for _, r := range out[:n] {
		out = append(out, unicode.ToUpper(r))
	}
	return out
}

// syllableKey folds case and tone-mark placement so that "hoà" and "hòa",
// "Thuý" and "thúy" compare equal; the tone becomes a trailing digit.
func syllableKey(s string) string {
	var b strings.Builder
	tone := '0'
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if i := strings.IndexRune(toneMarks, r); i >= 0 {
			tone = '1' + rune(i/2) // each mark is two bytes in UTF-8
			continue
		}
		b.WriteRune(r)
	}
	key := norm.NFC.String(b.String())
	if tone != '0' {
		key += string(tone)
	}
	return key
}
