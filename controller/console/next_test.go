package console

import (
	"strings"
	"testing"
)

// TestSafeNext: only a path on this site survives as the place to come
// back to after logging in.
func TestSafeNext(t *testing.T) {
	tests := map[string]string{
		"/schedule/calendar?target=group:cho": "/schedule/calendar?target=group:cho",
		"/slogans/3#xem-truoc":                "/slogans/3#xem-truoc",
		"/":                                   "/",
		"":                                    "/",
		"//evil.example/":                     "/",
		"///evil.example":                     "/",
		`/\evil.example`:                      "/",
		"/%5Cevil":                            "/%5Cevil",
		"https://evil.example/":               "/",
		"javascript:alert(1)":                 "/",
		"evil.example":                        "/",
		"/\t/evil.example":                    "/",
		"/login?next=/users":                  "/",
		"/logout":                             "/",
		"/" + strings.Repeat("a", 3000):       "/",
	}
	for in, want := range tests {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
