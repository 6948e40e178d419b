package vnenc

import (
	"os"
	"strings"
	"testing"
	"unicode"
)

// loadSlogans reads the official slogans (a copy of the shared fixture,
// kept in the repo because CI only has the repo).
func loadSlogans(t testing.TB) []string {
	t.Helper()
	data, err := os.ReadFile("testdata/slogans-official.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	if len(out) == 0 {
		t.Fatal("no slogans")
	}
	return out
}

// sameUpToTCVN3Case says whether got equals want except that capitals
// TCVN3 has no code for may have come back in lower case. That is all a
// TCVN3 round trip may lose.
func sameUpToTCVN3Case(got, want string) bool {
	g, w := []rune(got), []rune(want)
	if len(g) != len(w) {
		return false
	}
	for i := range w {
		if g[i] == w[i] {
			continue
		}
		if w[i] < 0x80 || !unicode.IsUpper(w[i]) || strings.ContainsRune(hasOwnTCVN3Capital, w[i]) || g[i] != unicode.ToLower(w[i]) {
			return false
		}
	}
	return true
}

// TestSlogansRoundTrip encodes every official slogan into both legacy
// encodings and decodes it back. VNI keeps case, so it must be exact.
// TCVN3 is exact for the slogans as written, in upper case and in lower
// case (toned capitals come back through the all-caps rule), and for a
// mixed form with a toned capital after a lower-case ASCII letter it may
// only lose the case of that capital.
func TestSlogansRoundTrip(t *testing.T) {
	for i, s := range loadSlogans(t) {
		forms := map[string]string{
			"as written": s,
			"upper case": strings.ToUpper(s),
			"lower case": strings.ToLower(s),
		}
		for form, text := range forms {
			t.Run(name(i, form), func(t *testing.T) {
				if got, _ := Convert(encodeVNI(text), VNI); got != text {
					t.Errorf("VNI:\n got %q\nwant %q", got, text)
				}
				if got, _ := Convert(encodeTCVN3(text), TCVN3); got != text {
					t.Errorf("TCVN3:\n got %q\nwant %q", got, text)
				}
			})
		}
		t.Run(name(i, "toned capitals"), func(t *testing.T) {
			text := "Ủy ban " + s + " Ấn tượng"
			got, _ := Convert(encodeTCVN3(text), TCVN3)
			if !sameUpToTCVN3Case(got, text) {
				t.Errorf("TCVN3 lost more than case:\n got %q\nwant %q", got, text)
			}
		})
	}
}

func TestDetectSlogans(t *testing.T) {
	for i, s := range loadSlogans(t) {
		cases := []struct {
			form string
			text string
			want Encoding
		}{
			{"unicode", s, Unicode},
			{"unicode upper", strings.ToUpper(s), Unicode},
			{"tcvn3", encodeTCVN3(s), TCVN3},
			{"tcvn3 upper", encodeTCVN3(strings.ToUpper(s)), TCVN3},
			{"vni", encodeVNI(s), VNI},
			{"vni upper", encodeVNI(strings.ToUpper(s)), VNI},
		}
		for _, c := range cases {
			t.Run(name(i, c.form), func(t *testing.T) {
				enc, conf := Detect(c.text)
				if enc != c.want {
					t.Fatalf("Detect(%q) = %v (%.2f), want %v", c.text, enc, conf, c.want)
				}
				if c.want != Unicode && conf < fixThreshold {
					t.Errorf("confidence %.2f below the Fix threshold", conf)
				}
				out, enc, changed := Fix(c.text)
				wantOut := c.text
				if c.want != Unicode {
					wantOut, _ = Convert(c.text, c.want)
				}
				if out != wantOut || enc != c.want || changed != (c.want != Unicode) {
					t.Errorf("Fix = %q, %v, %v", out, enc, changed)
				}
			})
		}
	}
}

func name(i int, form string) string {
	return "slogan" + string(rune('A'+i)) + "/" + strings.ReplaceAll(form, " ", "_")
}
