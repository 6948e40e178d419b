package assets

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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
	if k, ok := quickKey(s); ok {
		return k
	}
	return slowKey(s)
}

// slowKey is syllableKey for any text: decomposed, the tone marks taken
// out, composed again.
func slowKey(s string) string {
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

// tonedVowels are the precomposed lower-case vowels with a tone, each base
// vowel's five in the order of toneMarks.
var tonedVowels = [...]struct {
	base  rune
	toned string
}{
	{'a', "àáảãạ"}, {'ă', "ằắẳẵặ"}, {'â', "ầấẩẫậ"}, {'e', "èéẻẽẹ"}, {'ê', "ềếểễệ"}, {'i', "ìíỉĩị"},
	{'o', "òóỏõọ"}, {'ô', "ồốổỗộ"}, {'ơ', "ờớởỡợ"}, {'u', "ùúủũụ"}, {'ư', "ừứửữự"}, {'y', "ỳýỷỹỵ"},
}

// quickKey is syllableKey for text already in NFC and made of Vietnamese
// letters, the common case, without the two normalisations (the word list
// is 57,000 syllables: slowKey took 150 ms to read it); false for anything
// else, which slowKey handles.
func quickKey(s string) (string, bool) {
	var buf [32]byte
	b, ok := appendQuickKey(buf[:0], s)
	return string(b), ok
}

// appendQuickKey appends quickKey's key of s to b.
func appendQuickKey(b []byte, s string) ([]byte, bool) {
	tones := toneTable()
	tone := byte(0)
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if r < 'a' || r > 'z' {
				return b, false
			}
			b = append(b, byte(r))
			continue
		}
		r = unicode.ToLower(r)
		if int(r) >= len(tones) || tones[r].base == 0 {
			return b, false
		}
		if t := tones[r].tone; t != 0 {
			tone = t
		}
		b = utf8.AppendRune(b, tones[r].base)
	}
	if tone != 0 {
		b = append(b, '0'+tone)
	}
	return b, true
}

// toned is a lower-case letter of Vietnamese beyond ASCII: its base letter
// and its tone, 1–5 in the order of toneMarks, 0 for none.
type toned struct {
	base rune
	tone byte
}

// toneTable indexes every such letter by its code point (they all lie
// below U+1F00), built on first use.
var toneTable = sync.OnceValue(func() *[0x1F00]toned {
	var t [0x1F00]toned
	for _, v := range tonedVowels {
		if v.base >= utf8.RuneSelf {
			t[v.base] = toned{base: v.base}
		}
		i := byte(0)
		for _, r := range v.toned {
			i++
			t[r] = toned{base: v.base, tone: i}
		}
	}
	t['đ'] = toned{base: 'đ'}
	return &t
})
