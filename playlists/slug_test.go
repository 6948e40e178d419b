package playlists

import (
	"regexp"
	"strings"
	"testing"
)

// slugDefinition is what a slug is, said the short way; ValidSlug says it
// without a regexp so that no process compiles one at start-up.
var slugDefinition = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

var slugCases = []string{
	"", "a", "0", "-", "-a", "a-", "default", "congress-success", "mặc-định", "Default",
	"a b", "a_b", "a.b", "abc\n", "\nabc", strings.Repeat("a", 63), strings.Repeat("a", 64),
	"1" + strings.Repeat("-", 62), "x\x00", "\xff", "z9-",
}

func TestValidSlugIsTheDefinition(t *testing.T) {
	for _, s := range slugCases {
		if got, want := ValidSlug(s), slugDefinition.MatchString(s); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzValidSlug(f *testing.F) {
	for _, s := range slugCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ValidSlug(s), slugDefinition.MatchString(s); got != want {
			t.Fatalf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	})
}
