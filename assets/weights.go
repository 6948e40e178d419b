package assets

import "strings"

// leaningWords read badly at the end of a line: they lean on the word after
// them ("của | Đảng", "và | bảo vệ").
var leaningWords = keySet("của", "và", "với", "các", "những", "để", "trên", "về", "vào",
	"cho", "là", "ở", "trong", "theo", "từ", "tới", "đến", "mọi", "một", "được", "đã",
	"sẽ", "đang", "hãy", "tại", "bằng", "như", "nhằm", "vì", "do", "thì", "mà", "hoặc",
	"hay", "cùng", "lần", "thứ", "sự", "nền", "tinh")

// weighGaps sets how welcome a line break is at each space: after a
// sentence, a comma or a dash, or before a bracket, it is a natural pause;
// after a leaning
// word, or just before a number, it is not.
func weighGaps(p *paragraph, keys []string) {
	for g := range p.gaps {
		t := p.toks[g]
		switch {
		case strings.ContainsRune(".!?…", clauseMark(t)):
			p.gaps[g].weight = breakCosts.afterSentence
		case endsClause(t) || isDash(t) || strings.HasPrefix(string(p.toks[g+1].text), "("):
			p.gaps[g].weight = breakCosts.afterClause
		case leaningWords[keys[g]]:
			p.gaps[g].weight, p.gaps[g].lean = breakCosts.afterLeaning, true
		case isNumber(p.toks[g+1]):
			p.gaps[g].weight = breakCosts.beforeNumber
		}
	}
}
