package secret

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"golang.org/x/text/unicode/norm"
)

// Every password a person chooses passes CheckNewPassword, whichever way
// it arrives (the pages, the API, the command line, CODONG_ADMIN_PASSWORD):
// one rule, kept here beside the hashing.

// MaxPasswordBytes bounds what is hashed and estimated.
const MaxPasswordBytes = 1024

// MinPasswordScore is zxcvbn's score a new password needs: 4 means
// about 10^10 guesses or more, out of reach of the login throttle and
// years of work offline against PBKDF2 at PasswordIterations. Score 3
// still lets "codong2026!!" and "lan-lan-lan-2026" through.
const MinPasswordScore = 4

// estimatedRunes is how much of a password the estimator reads: its
// cost grows quickly with length, and a password whose first 100
// letters are strong is strong.
const estimatedRunes = 100

// houseWords are what anyone guessing a codong password tries first:
// the product, the campaign, the commune's usual words and the Vietnamese
// for "password", with and without their marks.
var houseWords = []string{
	"codong", "co dong", "cổ động", "trực quan", "dang", "đảng", "dang bo", "đảng bộ", "dang uy", "đảng uỷ",
	"xa", "xã", "ubnd", "uy ban", "uỷ ban", "dai hoi", "đại hội", "nhiem ky", "nhiệm kỳ", "khau hieu", "khẩu hiệu",
	"mat khau", "mật khẩu", "viet nam", "việt nam", "ha noi", "hà nội", "admin", "quan tri",
	"quản trị", "lien minh", "liên minh", "bang led", "bảng led", "chao mung", "chào mừng",
	"anh yêu em", "em yêu anh", "tôi yêu việt nam", "xin chào",
	// the example the refusal gives: someone will copy it
	"ấm trà mưa sông Lam",
}

// PasswordError says why a new password is refused: Code is stable for
// scripts, Message is for people.
type PasswordError struct {
	Code    string
	Message string
}

func (e *PasswordError) Error() string { return e.Message }

// CheckNewPassword refuses a password that is too short, too long or
// easy to guess. context is the account's own words (its name, its
// unit, the organisation), which an attacker knows too.
func CheckNewPassword(password string, context ...string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return &PasswordError{"short_password", fmt.Sprintf("Mật khẩu phải dài ít nhất %d ký tự; dễ nhớ nhất là ba, bốn từ không liên quan đến nhau do bạn tự chọn.", MinPasswordLength)}
	}
	if len(password) > MaxPasswordBytes {
		return &PasswordError{"long_password", fmt.Sprintf("Mật khẩu dài quá %d byte.", MaxPasswordBytes)}
	}
	if !utf8.ValidString(password) {
		return &PasswordError{"bad_password", "Mật khẩu chứa ký tự không đọc được; hãy gõ lại."}
	}
	if PasswordScore(password, context...) < MinPasswordScore {
		return &PasswordError{"weak_password", "Mật khẩu quá dễ đoán (dãy số, chữ trên bàn phím, từ hay dùng, tên đăng nhập hay tên cơ quan đều bị thử đầu tiên). Hãy tự ghép ba, bốn từ không liên quan đến nhau (kiểu “ấm trà mưa sông Lam”, nhưng đừng dùng đúng câu này)."}
	}
	return nil
}

// PasswordScore is zxcvbn's 0–4 estimate of the password, read without
// its Vietnamese marks, so "mậtkhẩu2025" is judged as the "matkhau2025"
// a guesser tries.
func PasswordScore(password string, context ...string) int {
	var words []string
	// The account's own words come first: zxcvbn ranks earlier inputs as
	// likelier guesses.
	for _, w := range append(append([]string{}, context...), houseWords...) {
		plain := unmarked(strings.ToLower(w))
		// The phrase as written, spaces included, and its runs of words
		// written together.
		words = append(append(words, strings.Join(strings.Fields(plain), " ")), wordRuns(plain)...)
	}
	p := unmarked(password)
	if r := []rune(p); len(r) > estimatedRunes {
		p = string(r[:estimatedRunes])
	}
	return zxcvbn.PasswordStrength(p, words).Score
}

// wordRuns returns every run of neighbouring words of a phrase, written
// together as people do in passwords: "xa lien minh" gives "xa",
// "xalien", "xalienminh", "lien", "lienminh" and "minh". Long phrases
// are cut to their first eight words.
func wordRuns(phrase string) []string {
	ws := strings.Fields(phrase)
	if len(ws) > 8 {
		ws = ws[:8]
	}
	var runs []string
	for i := range ws {
		for j := i + 1; j <= len(ws); j++ {
			runs = append(runs, strings.Join(ws[i:j], ""))
		}
	}
	return runs
}

// unmarked drops Vietnamese tone and vowel marks and writes đ as d.
func unmarked(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
