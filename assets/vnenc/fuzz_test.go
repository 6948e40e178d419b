package vnenc

import (
	"testing"
	"unicode/utf8"
)

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"", "§¶ng Céng s¶n ViÖt Nam", "Ñaûng Coäng saûn Vieät Nam", "Café crème brûlée",
		"Grüße aus München", "\xff\xfe\x80", "ô", "Aù", "a\u0300\u0301", "§¶NG\nHµ NéI",
	} {
		f.Add(s)
	}
}

// FuzzConvert: Convert never panics and always returns valid UTF-8 for
// the three encodings, and an error for any other value.
func FuzzConvert(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, enc := range []Encoding{Unicode, TCVN3, VNI} {
			out, err := Convert(s, enc)
			if err != nil {
				t.Fatalf("Convert(%q, %v): %v", s, enc, err)
			}
			if !utf8.ValidString(out) {
				t.Fatalf("Convert(%q, %v) = %q, not UTF-8", s, enc, out)
			}
		}
		if _, err := Convert(s, VNI+1); err == nil {
			t.Fatal("no error for an unknown encoding")
		}
	})
}

// FuzzDetect: Detect never panics and stays in range; Fix returns the
// input untouched or a valid UTF-8 conversion of it.
func FuzzDetect(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		enc, conf := Detect(s)
		if enc < Unicode || enc > VNI || conf < 0 || conf > 1 {
			t.Fatalf("Detect(%q) = %v, %v", s, enc, conf)
		}
		out, _, changed := Fix(s)
		if changed && !utf8.ValidString(out) {
			t.Fatalf("Fix(%q) = %q, not UTF-8", s, out)
		}
		if !changed && out != s {
			t.Fatalf("Fix(%q) changed the text but said it did not", s)
		}
	})
}
