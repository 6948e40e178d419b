package secret

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckNewPassword(t *testing.T) {
	tests := []struct {
		name, password string
		context        []string
		code           string // "" when accepted
	}{
		{"digits in a row", "123456789012", nil, "weak_password"},
		{"keyboard walk", "qwertyuiop12", nil, "weak_password"},
		{"a common word and a year", "password2025", nil, "weak_password"},
		{"one letter repeated", "aaaaaaaaaaaa", nil, "weak_password"},
		{"the user's name repeated", "lan-lan-lan-2026", []string{"lan"}, "weak_password"},
		{"the Vietnamese for password", "mậtkhẩu12345", nil, "weak_password"},
		{"the product's name", "codong2026!!", nil, "weak_password"},
		{"the organisation", "xalienminh2025", []string{"Đảng bộ xã Liên Minh"}, "weak_password"},
		{"too short", "ấm trà", nil, "short_password"},
		{"too long", strings.Repeat("ấm trà mưa ", 100), nil, "long_password"},
		{"unrelated Vietnamese words", "giấy bút mực thước kẻ", nil, ""},
		{"the example the refusal gives", "ấm trà mưa sông Lam", nil, "weak_password"},
		{"the tests' passphrase", "mật khẩu thử nghiệm đủ dài", nil, ""},
		{"generated", NewPassword(), nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckNewPassword(tc.password, tc.context...)
			var pe *PasswordError
			switch {
			case tc.code == "" && err != nil:
				t.Fatalf("refused (score %d): %v", PasswordScore(tc.password, tc.context...), err)
			case tc.code == "":
			case !errors.As(err, &pe) || pe.Code != tc.code:
				t.Fatalf("got %v (score %d), want %s", err, PasswordScore(tc.password, tc.context...), tc.code)
			case !strings.Contains(pe.Message, "Mật khẩu"):
				t.Fatalf("message %q does not speak of the password in Vietnamese", pe.Message)
			}
		})
	}
}
