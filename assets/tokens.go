package assets

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// gapKind says what may happen at the space between two words.
type gapKind uint8

const (
	gapSpace   gapKind = iota // a line may break here
	gapGlue                   // never break: inside a protected unit or a no-break space
	gapNewline                // the person typed a line break
)

// gap is the space after a word. weight adds to the cost of breaking there:
// negative after a comma (a good place), positive after a word that leans
// on the next one.
type gap struct {
	kind   gapKind
	weight int64
	lean   bool // the word before leans on the next: a poor line end
}

// token is one word (syllable) as typed, with punctuation attached.
type token struct {
	text []rune // NFC, case as typed
	pos  []int  // 1-based input position of each rune
	core string // text without leading and trailing punctuation
}

// paragraph is the text split at its separators.
type paragraph struct {
	toks []token
	gaps []gap // gaps[i] follows toks[i]; len(gaps) == len(toks)-1
	// names are the long units found (splitUnits, protectWords), each
	// with its inner points, for boards on which it is not legible whole;
	// gaps keep them whole.
	names []longName
}

func splitWords(p prepared) paragraph {
	var para paragraph
	start := 0
	for i := 0; i <= len(p.runes); i++ {
		if i < len(p.runes) && !isSep(p.runes[i]) {
			continue
		}
		if i > start {
			t := token{text: p.runes[start:i], pos: p.pos[start:i]}
			t.core = strings.TrimFunc(string(t.text), isPunctOrSymbol)
			para.toks = append(para.toks, t)
			if i < len(p.runes) {
				k := gapSpace
				switch p.runes[i] {
				case sepNewline:
					k = gapNewline
				case sepNBSP:
					k = gapGlue
				}
				para.gaps = append(para.gaps, gap{kind: k})
			}
		}
		start = i + 1
	}
	return para
}

func isSep(r rune) bool { return r == sepSpace || r == sepNewline || r == sepNBSP }

func isPunctOrSymbol(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// glue forbids breaks between toks[i] and toks[j], inclusive; a typed line
// break still wins, since the person asked for it.
func (p *paragraph) glue(i, j int) {
	for g := max(i, 0); g < j && g < len(p.gaps); g++ {
		if p.gaps[g].kind == gapSpace {
			p.gaps[g].kind = gapGlue
		}
	}
}

// attachPunctuation keeps a free-standing punctuation mark with the word
// before it ("Việt Nam !", "Nam - Người"), and an opening quote or bracket
// with the word after it.
func (p *paragraph) attachPunctuation() {
	straightQuotes := 0
	for i, t := range p.toks {
		if t.core != "" {
			straightQuotes += strings.Count(string(t.text), "\"")
			continue
		}
		s := string(t.text)
		first, _ := utf8.DecodeRuneInString(s)
		opening := strings.ContainsRune("“‘«([{„‚", first) ||
			(s == "\"" && straightQuotes%2 == 0)
		straightQuotes += strings.Count(s, "\"")
		if opening && i+1 < len(p.toks) {
			p.glue(i, i+1)
		} else if i > 0 {
			p.glue(i-1, i)
		}
	}
}
