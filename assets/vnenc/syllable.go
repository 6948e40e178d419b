package vnenc

import (
	"slices"
	"strings"
)

// A compact grammar of the written Vietnamese syllable:
//
//	syllable = initial consonant + rhyme, with at most one tone mark
//	rhyme    = (medial o/u) + vowel nucleus + (final consonant or glide)
//
// Detection only needs to tell real words from mojibake, so the grammar
// is strict where mojibake goes wrong (letters like f, j, w, z, impossible
// vowel clusters, tones on the wrong vowel, a level tone on a stop final)
// and lenient about rare spellings and both tone-placement styles.

var initials = []string{
	"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x", "",
}

// plainRhymes are rhymes without a medial glide, toneless.
var plainRhymes = setOf(`
	a ai ao au ay am an ang anh ap at ac ach
	ăm ăn ăng ăp ăt ăc
	âu ây âm ân âng âp ât âc
	e eo em en eng ep et ec
	ê êu êm ên ênh êp êt êch
	i ia iu im in inh ip it ich
	iêu iêm iên iêng iêp iêt iêc
	y yêu yêm yên yêt
	o oi om on ong op ot oc oong ooc
	ô ôi ôm ôn ông ôp ôt ôc
	ơ ơi ơm ơn ơp ơt
	u ua ui um un ung up ut uc
	uôi uôm uôn uông uôt uôc
	ư ưa ưi ưu ưm ưn ưng ưt ưc
	ươi ươu ươm ươn ương ươp ươt ươc`)

// glideRhymes start with the medial o or u ("hoa", "thuế", "khuya").
var glideRhymes = setOf(`
	oa oai oay oam oan oang oanh oap oat oac oach
	oăm oăn oăng oăt oăc
	oe oeo oem oen oet
	uân uâng uât uây
	uê uên uênh uêch
	uy uya uyu uyn uynh uyp uyt uych uyên uyêt
	uơ`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

const consonants = "bcdđghklmnpqrstvx"

// isSyllable reports whether word (NFC, any case) is one well-formed
// Vietnamese syllable.
func isSyllable(word string) bool {
	var plain []rune
	tone, tonePos := toneNone, -1
	for i, r := range []rune(strings.ToLower(word)) {
		if i >= 8 { // "nghiêng", "khuếch": no syllable is longer than 7
			return false
		}
		if v, ok := vowels[r]; ok {
			if v.tone != toneNone {
				if tone != toneNone {
					return false
				}
				tone, tonePos = v.tone, i
			}
			plain = append(plain, v.base)
		} else if strings.ContainsRune(consonants, r) {
			plain = append(plain, r)
		} else {
			return false
		}
	}
	s := string(plain)
	for _, ini := range initials {
		if strings.HasPrefix(s, ini) {
			rhyme := s[len(ini):]
			n := len([]rune(ini))
			if rhymeOK(ini, rhyme) && toneOK(ini, plain, n, tone, tonePos) {
				return true
			}
		}
	}
	return false
}

// rhymeOK checks the rhyme and the spelling rules that tie it to the
// initial: k/gh/ngh before i e ê (y), c/g/ng elsewhere, q only as "qu".
func rhymeOK(ini, rhyme string) bool {
	if rhyme == "" {
		return false
	}
	first := []rune(rhyme)[0]
	front := strings.ContainsRune("ieêy", first)
	if ini == "q" {
		rest, ok := strings.CutPrefix(rhyme, "u")
		if !ok {
			return false
		}
		if glideRhymes[rhyme] {
			return true
		}
		return rest != "" && plainRhymes[rest] && !strings.ContainsRune("uưo", []rune(rest)[0])
	}
	if !plainRhymes[rhyme] && !glideRhymes[rhyme] {
		return false
	}
	switch ini {
	case "c", "ng":
		return !front
	case "k":
		return front
	case "gh", "ngh":
		return front && first != 'y'
	case "g":
		return first != 'e' && first != 'ê' && first != 'y'
	case "gi":
		return first != 'i'
	}
	return true
}

// toneOK checks where the tone mark sits and that stop finals (p t c ch)
// carry only sắc or nặng. start is the rune index where the rhyme begins.
func toneOK(ini string, plain []rune, start, tone, pos int) bool {
	if ini == "q" {
		start++ // the u of "qu" belongs to the initial
	}
	end := start
	for end < len(plain) && isVowel(plain[end]) {
		end++
	}
	final := string(plain[end:])
	if final == "p" || final == "t" || final == "c" || final == "ch" {
		if tone != toneAcute && tone != toneDot {
			return false
		}
	}
	if tone == toneNone {
		return true
	}
	return slices.Contains(tonePlaces(plain[start:end], final != "", start), pos)
}

// tonePlaces lists the rune indexes that may carry the tone of vowel
// cluster v (which starts at index start). The vowel with its own
// diacritic wins (the last one in ươ); "oa", "oe", "uy" without a final
// take it on either vowel (old "hòa", new "hoà"); otherwise a final
// pulls it to the last vowel and an open cluster keeps it on the first.
func tonePlaces(v []rune, hasFinal bool, start int) []int {
	for i := len(v) - 1; i >= 0; i-- {
		if isHat(v[i]) {
			return []int{start + i}
		}
	}
	switch {
	case len(v) == 1:
		return []int{start}
	case hasPrefixRunes(v, "oa") || hasPrefixRunes(v, "oe") || hasPrefixRunes(v, "uy"):
		if len(v) == 2 && !hasFinal {
			return []int{start, start + 1}
		}
		return []int{start + 1}
	case hasFinal:
		return []int{start + len(v) - 1}
	}
	return []int{start}
}

func hasPrefixRunes(v []rune, p string) bool {
	return strings.HasPrefix(string(v), p)
}

func isVowel(r rune) bool {
	_, ok := vowels[r]
	return ok
}
