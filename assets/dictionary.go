package assets

import (
	_ "embed"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The word list is Wiktionary's Vietnamese headwords of two to six
// syllables (words/SOURCE.md says where it comes from and under which
// licence). Vietnamese writes a space between the syllables of one word, so
// without a dictionary "niềm | tin" or "hoàn | thành" look like any other
// gap; with it, a line never breaks inside a word.
//
// The program embeds the list as keys (words/keys.txt: each word's
// syllable keys joined by a space, sorted bytewise), so that a process
// starts using it without reading 57,000 syllables into a map: a lookup is
// a binary search in the embedded text. TestWordKeys derives the file from
// words/vi-wiktionary.txt and `go test ./assets -update` rewrites it.
//
//go:embed words/keys.txt
var wordKeysText string

// Words of up to wholeWordSyllables syllables are never broken ("xã hội
// chủ nghĩa", "công nghiệp hóa"). Longer entries ("thành phố Hồ Chí Minh",
// sayings) are long names: whole wherever they fit on one line at a
// legible size, else broken at the joints of the shorter words inside.
const (
	wholeWordSyllables = 4
	maxWordSyllables   = 6
)

// dictionary is the sorted keys and where each line starts.
type dictionary struct {
	text  string
	lines []uint32 // offset of each line in text
}

// vietnameseWords is indexed on first use (a scan for line ends, well
// under a millisecond), not at start-up.
var vietnameseWords = sync.OnceValue(func() *dictionary { return newDictionary(wordKeysText) })

func newDictionary(keys string) *dictionary {
	d := &dictionary{text: keys, lines: make([]uint32, 0, strings.Count(keys, "\n")+1)}
	for at := 0; at < len(keys); {
		d.lines = append(d.lines, uint32(at))
		n := strings.IndexByte(keys[at:], '\n')
		if n < 0 {
			break
		}
		at += n + 1
	}
	return d
}

// line is the i-th key, without its line end.
func (d *dictionary) line(i int) string {
	s := d.text[d.lines[i]:]
	if n := strings.IndexByte(s, '\n'); n >= 0 {
		s = s[:n]
	}
	return s
}

// lookup reports whether key (syllable keys joined by a space) is a word,
// and whether some longer word starts with it: segmentation stops trying
// longer candidates when none does.
func (d *dictionary) lookup(key string) (word, longer bool) {
	i := sort.Search(len(d.lines), func(i int) bool { return d.line(i) >= key })
	if i < len(d.lines) && d.line(i) == key {
		word = true
		i++
	}
	// Sorted bytewise, the words that start with key and a space follow
	// it at once: a space sorts before every letter and tone digit.
	longer = i < len(d.lines) && strings.HasPrefix(d.line(i), key+" ")
	return word, longer
}

// has reports whether keys, joined, is a word.
func (d *dictionary) has(keys []string) bool {
	w, _ := d.lookup(strings.Join(keys, " "))
	return w
}

// segment splits toks[a:b] into words with the fewest words in all (the
// standard maximum-matching rule of Vietnamese word segmentation; among
// equals, the earlier word longer), and returns the length in syllables
// of each word in order. Phrases (the lists of phrases.go and the
// installation's own) count as words: they are what the dictionary lacks.
// toks[a:b] is a run that joinable allows.
func (d *dictionary) segment(keys []string, a, b int, phrases phraseIndex) []int {
	n := b - a
	// best[i]: fewest words covering toks[a+i : b]; take[i]: first word's length.
	best := make([]int, n+1)
	take := make([]int, n+1)
	try := func(i, l int) {
		if best[i+l]+1 <= best[i] && (l > take[i] || best[i+l]+1 < best[i]) {
			best[i], take[i] = best[i+l]+1, l
		}
	}
	for i := n - 1; i >= 0; i-- {
		best[i], take[i] = best[i+1]+1, 1
		for l := 2; l <= maxWordSyllables && i+l <= n; l++ {
			word, longer := d.lookup(strings.Join(keys[a+i:a+i+l], " "))
			if word {
				try(i, l)
			}
			if !longer {
				break
			}
		}
		for _, ph := range phrases[keys[a+i]] {
			if l := len(ph); i+l <= n && slices.Equal(ph, keys[a+i:a+i+l]) {
				try(i, l)
			}
		}
	}
	var out []int
	for i := 0; i < n; i += take[i] {
		out = append(out, take[i])
	}
	return out
}

// joinable reports whether toks[g] and toks[g+1] may belong to one word:
// a word never spans a clause mark, a typed line break, a number or a
// token without letters.
func joinable(p *paragraph, g int) bool {
	return p.gaps[g].kind != gapNewline && !endsClause(p.toks[g]) &&
		p.toks[g].core != "" && p.toks[g+1].core != "" && !isNumber(p.toks[g]) && !isNumber(p.toks[g+1])
}

// protectWords glues every word of the dictionary found in the paragraph
// (see wholeWordSyllables for the longer ones). Names, numbers and phrase
// lists are protected by their own rules before and after this one.
func protectWords(p *paragraph, keys []string, d *dictionary, phrases phraseIndex) {
	words := make([]int, len(p.toks))
	for a := 0; a < len(p.toks); {
		b := a + 1
		for b < len(p.toks) && joinable(p, b-1) {
			b++
		}
		i := a
		for _, l := range d.segment(keys, a, b, phrases) {
			if l <= wholeWordSyllables {
				p.glue(i, i+l-1)
			} else {
				weighLongWord(p, keys, d, i, i+l)
			}
			words[i], words[i+l-1] = l, l
			i += l
		}
		a = b
	}
	glueDashCompounds(p, words)
}

// glueDashCompounds keeps "kinh tế – xã hội", "văn hóa – xã hội" whole: a
// free-standing dash between two words of two or three syllables joins
// them into one compound; a line broken at that dash reads as a clause
// ending where none does. A dash after a name or before a single syllable
// ("Việt Nam – người …") or between names stays a pause. words[i] is the syllables of the
// word that starts or ends at token i.
func glueDashCompounds(p *paragraph, words []int) {
	names := mixedCase(p.toks)
	for i := 1; i+1 < len(p.toks); i++ {
		left, right := words[i-1], words[i+1]
		if !isDash(p.toks[i]) || p.gaps[i].kind != gapSpace ||
			left < 2 || left > 3 || right < 2 || right > 3 {
			continue
		}
		// "Việt Nam – Hồ Chí Minh": names, where the case tells them.
		if names && (capitalised(p.toks[i-left]) || capitalised(p.toks[i+1])) {
			continue
		}
		// "Đoàn kết - Dân chủ - Kỷ cương": a series, each item its own.
		if before, after := i-left-1, i+right+1; (before >= 0 && isDash(p.toks[before])) ||
			(after < len(p.toks) && isDash(p.toks[after])) {
			continue
		}
		p.glue(i-left, i+right)
	}
}

// weighLongWord glues a long entry whole as a long name: its inner
// points, between the shorter words inside it, open only on a board where
// it does not fit whole (placeStatic).
func weighLongWord(p *paragraph, keys []string, d *dictionary, a, b int) {
	p.glue(a, b-1)
	n := longName{a: a, b: b}
	i := a
	for _, l := range d.segmentInner(keys, a, b) {
		i += l
		if i < b {
			n.points = append(n.points, namePoint{i - 1, breakCosts.insideCohesive})
		}
	}
	p.addName(n)
}

// segmentInner splits a long entry into its shorter words, greedily from
// the left, longest first.
func (d *dictionary) segmentInner(keys []string, a, b int) []int {
	var out []int
	for i := a; i < b; {
		l := min(wholeWordSyllables, b-i)
		for ; l > 1 && !d.has(keys[i:i+l]); l-- {
		}
		out = append(out, l)
		i += l
	}
	return out
}
