package assets

import (
	"bufio"
	"os"
	"strings"
	"sync"
	"testing"
)

// The proof's own idea of a Vietnamese word, read straight from the data
// and not from the code under test: the word list, and the phrases the
// package protects by hand.
const wordListFile = "words/vi-wiktionary.txt"

// wordBook is a set of words, each stored as its syllables' keys joined
// by spaces (syllableKey: case and tone-mark placement folded).
type wordBook struct {
	words   map[string]bool
	longest int // syllables of the longest word
}

var proofWords = sync.OnceValues(func() (*wordBook, error) {
	f, err := os.Open(wordListFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := &wordBook{words: make(map[string]bool)}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		b.add(strings.Fields(sc.Text()))
	}
	for _, ph := range protectedPhrases {
		b.add(strings.Fields(ph))
	}
	return b, sc.Err()
})

func testWords(t testing.TB) *wordBook {
	t.Helper()
	b, err := proofWords()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *wordBook) add(syllables []string) {
	if len(syllables) < 2 {
		return // a break never falls inside one syllable
	}
	keys := make([]string, len(syllables))
	for i, s := range syllables {
		keys[i] = tokenKey(s)
	}
	b.words[strings.Join(keys, " ")] = true
	b.longest = max(b.longest, len(keys))
}

// tokenKey is how a token as shown compares with a word of the list:
// punctuation around it dropped, case and tone placement folded; a token
// of punctuation only ("-") is its own key.
func tokenKey(s string) string {
	core := strings.TrimFunc(s, isPunctOrSymbol)
	if core == "" {
		return s
	}
	return syllableKey(core)
}

// joins reports whether the tokens a and b (a just before b) may lie in
// one word: no clause mark after a ("tự chủ, | tự tin"), no opening quote
// or bracket before b.
func joins(a, b string) bool {
	return !endsClause(token{text: []rune(a)}) && !strings.ContainsRune("“‘«([{„\"", []rune(b)[0])
}

// segment splits toks into words of the book: the fewest words, and of
// segmentations with as few, the one whose earlier words are longer.
// It returns the index after each word's last token.
func (b *wordBook) segment(toks []string) []int {
	n := len(toks)
	keys := make([]string, n)
	for i, s := range toks {
		keys[i] = tokenKey(s)
	}
	// fewest[i] is the fewest words that cover toks[i:].
	fewest := make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		fewest[i] = 1 + fewest[i+1]
		for _, l := range b.lengthsAt(toks, keys, i) {
			fewest[i] = min(fewest[i], 1+fewest[i+l])
		}
	}
	var ends []int
	for i := 0; i < n; {
		l := 1
		for _, c := range b.lengthsAt(toks, keys, i) {
			if c > l && 1+fewest[i+c] == fewest[i] {
				l = c
			}
		}
		i += l
		ends = append(ends, i)
	}
	return ends
}

// lengthsAt lists the lengths (2 and more) of the book's words that start
// at toks[i].
func (b *wordBook) lengthsAt(toks, keys []string, i int) []int {
	var out []int
	for l := 2; l <= b.longest && i+l <= len(toks); l++ {
		if !joins(toks[i+l-2], toks[i+l-1]) {
			break
		}
		if b.words[strings.Join(keys[i:i+l], " ")] {
			out = append(out, l)
		}
	}
	return out
}

// TestSegmentWords: the proof's segmentation finds the words the issue
// saw broken, folds tone placement and case, and does not run a word
// across a comma.
func TestSegmentWords(t *testing.T) {
	b := testWords(t)
	for _, c := range []struct{ text, want string }{
		{"NIỀM TIN VÀ TẦM NHÌN", "NIỀM TIN|VÀ|TẦM NHÌN"},
		{"hoà bình, hòa bình", "hoà bình,|hòa bình"},
		{"TỰ CHỦ, TỰ TIN", "TỰ CHỦ,|TỰ TIN"},
		{"Đảng Cộng sản Việt Nam", "Đảng Cộng sản Việt Nam"},
		{"xây dựng và bảo vệ", "xây dựng|và|bảo vệ"},
	} {
		toks := strings.Fields(c.text)
		var words []string
		a := 0
		for _, e := range b.segment(toks) {
			words = append(words, strings.Join(toks[a:e], " "))
			a = e
		}
		if got := strings.Join(words, "|"); got != c.want {
			t.Errorf("segment(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
