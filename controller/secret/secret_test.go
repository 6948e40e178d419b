package secret

import (
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	a, ha := NewToken(PrefixBoard)
	b, _ := NewToken(PrefixBoard)
	if a == b || !strings.HasPrefix(a, PrefixBoard) || len(a) < 40 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if HashToken(a) != ha || strings.Contains(ha, a) {
		t.Fatal("hash does not match or leaks the token")
	}
}

func TestPasswords(t *testing.T) {
	h, err := HashPasswordIter("mật khẩu rất dài", 1000)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, stored, pw string
		ok               bool
	}{
		{"right", h, "mật khẩu rất dài", true},
		{"wrong", h, "mật khẩu rất dai", false},
		{"empty", h, "", false},
		{"garbage hash", "x$y", "a", false},
		{"huge iterations", "pbkdf2-sha256$999999999$AAAA$AAAA", "a", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckPassword(tc.stored, tc.pw); got != tc.ok {
				t.Fatalf("CheckPassword = %v, want %v", got, tc.ok)
			}
		})
	}
	if p := NewPassword(); len(p) < MinPasswordLength {
		t.Fatalf("generated password %q too short", p)
	}
}
