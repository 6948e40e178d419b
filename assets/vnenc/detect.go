package vnenc

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// Detection reads every word of the text under each hypothesis (as it
// stands, as TCVN3, as VNI) and asks whether the reading is a valid
// Vietnamese syllable. A legacy encoding wins when its reading explains
// more of the non-ASCII words than the Unicode reading does. ASCII words
// read the same under every hypothesis; they only serve to check that the
// text is Vietnamese at all, so English with a stray "£" or "©" (which
// TCVN3 would read as "Ê" and "â") stays Unicode.

// Tuning of the confidence, see legacyConfidence.
const (
	minVietnamese   = 0.3  // share of valid words below which a reading is not Vietnamese at all
	fullVietnamese  = 0.7  // share of valid words from which it surely is
	evidenceBase    = 0.3  // each further explained word cuts the doubt to this fraction
	ambiguousWeight = 0.25 // how much a word valid under both readings dilutes the advantage
)

// wordCounts gathers, for one hypothesis, the evidence over all words.
type wordCounts struct {
	valid     int     // words that read as valid syllables
	net       float64 // weighted words valid here but not as Unicode, minus the reverse
	differ    float64 // weight of the words whose validity differs from Unicode's
	ambiguous float64 // weight of the non-ASCII words valid both here and as Unicode
}

// Detect says which legacy encoding text most likely is in, with a
// confidence from 0 to 1. It answers Unicode (with confidence 1 minus the
// best legacy confidence) when the text already reads as Vietnamese
// Unicode, is plain ASCII, or is any other language; a legacy encoding is
// named only from a confidence of detectThreshold on.
func Detect(text string) (Encoding, float64) {
	words := splitWords(clean(text))
	nonASCII := 0
	legacy := map[Encoding]*wordCounts{TCVN3: {}, VNI: {}}
	for _, w := range words {
		asUnicode := isSyllable(w)
		if isASCII(w) {
			// Neither table touches ASCII: same reading everywhere.
			for _, c := range legacy {
				if asUnicode {
					c.valid++
				}
			}
			continue
		}
		nonASCII++
		weight := wordWeight(w)
		latin1 := isLatin1(w)
		for enc, c := range legacy {
			// Mojibake of 8-bit text only holds Latin-1 characters, so a
			// word with e.g. "ệ" cannot be TCVN3 or VNI.
			ok := latin1 && isSyllable(decodeWord(enc, w))
			if ok {
				c.valid++
			}
			switch {
			case ok != asUnicode:
				c.net += weight * (b2f(ok) - b2f(asUnicode))
				c.differ += weight
			case ok:
				c.ambiguous += weight
			}
		}
	}
	if nonASCII == 0 {
		return Unicode, 1
	}
	best, bestConf := Unicode, 0.0
	for _, enc := range []Encoding{TCVN3, VNI} {
		conf := legacyConfidence(legacy[enc], len(words))
		if conf > bestConf {
			best, bestConf = enc, conf
		}
	}
	if bestConf < detectThreshold {
		return Unicode, 1 - bestConf
	}
	return best, bestConf
}

// legacyConfidence combines three factors, each 0..1:
//   - advantage: net explained words per word that tells the readings
//     apart. Words valid under both readings ("tù", "cã", "ôn" are real
//     words in Unicode and in TCVN3/VNI) count for ambiguousWeight only:
//     legacy text is full of them, but a Unicode text made only of them
//     plus one odd word must not flip;
//   - Vietnamese-ness: the share of all words valid under the reading,
//     ramping from minVietnamese to fullVietnamese;
//   - evidence: 1 - evidenceBase^net, so one explained word gives 0.7,
//     two give 0.91, and a lone "£" (weight 1/3) only 0.33.
func legacyConfidence(c *wordCounts, total int) float64 {
	if c.net <= 0 {
		return 0
	}
	advantage := math.Min(1, c.net/(c.differ+ambiguousWeight*c.ambiguous))
	share := float64(c.valid) / float64(total)
	vietnamese := math.Max(0, math.Min(1, (share-minVietnamese)/(fullVietnamese-minVietnamese)))
	evidence := 1 - math.Pow(evidenceBase, c.net)
	return advantage * vietnamese * evidence
}

// splitWords cuts text into words: runs of letters, combining marks, and
// the Latin-1 symbols 0xA1–0xFF, because TCVN3 letters arrive as "§", "¶",
// "µ", "×" or a soft hyphen, which are not letters in Unicode.
func splitWords(s string) []string {
	var words []string
	start := -1
	for i, r := range s {
		inWord := unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || (r >= 0xA1 && r <= 0xFF)
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			words = append(words, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, s[start:])
	}
	return words
}

// decodeWord reads one word under a legacy hypothesis.
func decodeWord(enc Encoding, w string) string {
	if enc == TCVN3 {
		return decodeTCVN3(w)
	}
	return decodeVNI(w)
}

// wordWeight lets one-letter words count for a third and two-letter words
// for two thirds: a lone symbol read as "Ê" or "â" is weak evidence.
func wordWeight(w string) float64 {
	return math.Min(1, float64(utf8.RuneCountInString(w))/3)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isLatin1(s string) bool {
	for _, r := range s {
		if r > 0xFF {
			return false
		}
	}
	return true
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
