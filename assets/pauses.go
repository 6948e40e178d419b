package assets

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// pause ranks the place between two words as a page end, weakest first.
type pause int

const (
	pauseWord     pause = iota // inside a clause
	pauseList                  // after a comma between short items: "TRÍ TUỆ, | PHẨM CHẤT,"
	pauseClause                // after a comma, colon or dash between clauses; before a bracket or a quotation
	pauseSentence              // after . ! ? … or ; and at the officer's own line break
)

// listItemMax is the most syllables of an item of a list: a comma with
// an item this short before or after it ("XÂY DỰNG, PHÁT TRIỂN",
// "TOÀN ĐẢNG, TOÀN DÂN,") separates the items of one clause, and the
// reader wants the items together more than a page end there.
const listItemMax = 2

// pauses gives the pause before each word: pauses[j] for the place
// between words j-1 and j, pauses[n] the text's end; pauses[0] is unused.
func (t *text) pauses() []pause {
	n := len(t.words)
	ps := make([]pause, n+1)
	commas := make([]bool, n+1)
	for j := 1; j < n; j++ {
		ps[j], commas[j] = t.markBefore(j)
	}
	ps[n] = pauseSentence
	// A comma is judged by the items around it, as the text marks them.
	marked := append([]pause(nil), ps...)
	for j := 1; j < n; j++ {
		if commas[j] && (t.syllablesBack(marked, j) <= listItemMax || t.syllablesOn(marked, j) <= listItemMax) {
			ps[j] = pauseList
		}
	}
	return ps
}

// markBefore is the pause between words j-1 and j by the marks alone,
// and whether it is a comma's.
func (t *text) markBefore(j int) (pause, bool) {
	// The officer's own line break ends a thought as a full stop does.
	if t.fit.m.gaps[j-1].kind == gapNewline {
		return pauseSentence, false
	}
	d := t.words[j-1].display
	tok := token{text: []rune(d), core: strings.TrimFunc(d, isPunctOrSymbol)}
	switch mark := clauseMark(tok); {
	case mark != 0 && strings.ContainsRune(".!?…;", mark):
		return pauseSentence, false
	case mark != 0 || isDash(tok) || opens(t.words[j].display):
		return pauseClause, mark == ','
	}
	return pauseWord, false
}

// opens reports a word that opens a bracket or a quotation: before it
// the sentence pauses as at a comma ("TRÊN TINH THẦN | “TỰ CHỦ, …”").
func opens(display string) bool {
	r, _ := utf8.DecodeRuneInString(display)
	return strings.ContainsRune("([{“‘«\"", r)
}

// syllablesBack counts the syllables from the pause before j back to the
// previous clause mark or the start.
func (t *text) syllablesBack(marked []pause, j int) int {
	n := 0
	for i := j - 1; i >= 0; i-- {
		n += t.syllable(i)
		if i == 0 || marked[i] >= pauseClause {
			break
		}
	}
	return n
}

// syllablesOn counts the syllables from j on to the next clause mark or
// the end.
func (t *text) syllablesOn(marked []pause, j int) int {
	n := 0
	for i := j; i < len(t.words); i++ {
		n += t.syllable(i)
		if marked[i+1] >= pauseClause {
			break
		}
	}
	return n
}

// syllable is 1 for a word that is read (letters or digits), 0 for a
// sign standing alone ("-").
func (t *text) syllable(i int) int {
	if strings.IndexFunc(t.words[i].display, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
		return 1
	}
	return 0
}
