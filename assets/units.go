package assets

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	numberRe = regexp.MustCompile(`^[0-9]+([./:,\-–—][0-9]+)*$`)
	romanRe  = regexp.MustCompile(`^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$`)
)

// numberWords are Vietnamese numerals as words ("lần thứ Nhất", "thứ mười hai").
var numberWords = keySet("một", "nhất", "hai", "ba", "bốn", "tư", "năm", "sáu", "bảy",
	"bẩy", "tám", "chín", "mười", "mươi", "mốt", "lăm", "nhăm", "linh", "lẻ", "trăm")

// dateWords take the number after them: "ngày 30", "tháng 4", "năm 1975".
var dateWords = keySet("ngày", "tháng", "năm", "mùng", "mồng", "khóa", "khoá", "quý")

// countedNouns stay with the number before them: "95 năm", "30 tháng 4".
var countedNouns = keySet("năm", "tháng", "ngày", "tuổi", "giờ", "phút", "triệu",
	"tỷ", "tỉ", "nghìn", "ngàn", "trăm", "km", "ha", "tấn", "người", "xã", "tỉnh")

// rangeWords join two numbers like a dash: "2025 đến 2030".
var rangeWords = keySet("đến", "tới")

func keySet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[syllableKey(w)] = true
	}
	return m
}

// wordKeys gives each token's matching key; bare punctuation keys as itself.
func wordKeys(toks []token) []string {
	keys := make([]string, len(toks))
	for i, t := range toks {
		if t.core == "" {
			keys[i] = string(t.text)
		} else {
			keys[i] = syllableKey(t.core)
		}
	}
	return keys
}

func isNumber(t token) bool { return numberRe.MatchString(t.core) }

// hasDashAt reports a dash as the first (at 0) or last (at -1) rune of t.
func hasDashAt(t token, at int) bool {
	r := t.text[0]
	if at < 0 {
		r = t.text[len(t.text)-1]
	}
	return strings.ContainsRune("-–—−", r)
}

func isDash(t token) bool {
	return t.core == "" && strings.Trim(string(t.text), "-–—−") == ""
}

// isRoman accepts an upper-case Roman numeral as typed; single letters
// other than I, V and X are more likely initials.
func isRoman(t token) bool {
	c := t.core
	if c == "" || !romanRe.MatchString(c) {
		return false
	}
	return len(c) > 1 || strings.ContainsAny(c, "IVX")
}

// clauseMark is the punctuation that ends t (looking through closing
// quotes and brackets): ',' ';' ':' '.' '!' '?' '…', or 0.
func clauseMark(t token) rune {
	r := []rune(strings.TrimRight(string(t.text), "”’\"»)]"))
	if len(r) == 0 || !strings.ContainsRune(",;:.!?…", r[len(r)-1]) {
		return 0
	}
	return r[len(r)-1]
}

// endsClause is true after a comma, a full stop and the like: a unit never
// runs across one, and a break there reads naturally.
func endsClause(t token) bool { return clauseMark(t) != 0 }

// protectNumbers glues ranges and dates in every spelling ("2025 - 2030",
// "2025 -2030", "30/4/1975 – 30/4/2023", "2025 đến 2030"), the number after
// a date word and the noun counted by a number.
func protectNumbers(p *paragraph, keys []string) {
	toks := p.toks
	for i := range toks {
		if i+2 < len(toks) && isNumber(toks[i]) && !endsClause(toks[i]) &&
			(isDash(toks[i+1]) || rangeWords[keys[i+1]]) && isNumber(toks[i+2]) {
			p.glue(i, i+2)
		}
		if i+1 >= len(toks) {
			continue
		}
		a, b := toks[i], toks[i+1]
		switch {
		case isNumber(a) && hasDashAt(a, -1) && isNumber(b):
			p.glue(i, i+1)
		case isNumber(a) && !endsClause(a) && hasDashAt(b, 0) && isNumber(b):
			p.glue(i, i+1)
		case dateWords[keys[i]] && !endsClause(a) && (isNumber(b) || isRoman(b)):
			p.glue(i, i+1)
		case isNumber(a) && !endsClause(a) && countedNouns[keys[i+1]]:
			p.glue(i, i+1)
		}
	}
}

// protectOrdinals glues "lần thứ" and "thứ" to their numeral ("lần thứ XIV",
// "lần thứ Nhất", "thứ mười hai"), and any Roman numeral to the word it
// numbers ("khóa XV", "Đại hội XIII").
func protectOrdinals(p *paragraph, keys []string) {
	toks := p.toks
	for i := range toks {
		if isRoman(toks[i]) && i > 0 && !endsClause(toks[i-1]) {
			p.glue(i-1, i)
		}
		if keys[i] != syllableKey("thứ") || endsClause(toks[i]) {
			continue
		}
		end := i
		for j := i + 1; j < len(toks); j++ {
			if !(isNumber(toks[j]) || isRoman(toks[j]) || numberWords[keys[j]]) {
				break
			}
			end = j
			if endsClause(toks[j]) || !numberWords[keys[j]] {
				break
			}
		}
		if end == i {
			continue
		}
		start := i
		if i > 0 && keys[i-1] == syllableKey("lần") && !endsClause(toks[i-1]) {
			start = i - 1
		}
		p.glue(start, end)
	}
}

// protectPhrases glues every listed phrase found in the text.
func protectPhrases(p *paragraph, keys []string, idx phraseIndex) {
	for i := range p.toks {
		if end := idx.match(p.toks, keys, i); end > i {
			p.glue(i, end)
		}
	}
}

func firstLetter(t token) rune {
	for _, r := range t.text {
		if unicode.IsLetter(r) {
			return r
		}
	}
	return 0
}
