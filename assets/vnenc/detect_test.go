package vnenc

import (
	"testing"
	"unicode/utf8"
)

// TestDetectUnicode: text that is already right must never be flagged,
// and its confidence must stay above the Fix threshold so that a caller
// comparing confidences sees a clear answer.
func TestDetectUnicode(t *testing.T) {
	cases := []struct{ name, text string }{
		{"empty", ""},
		{"digits and punctuation", "2025 - 2030!"},
		{"vietnamese", "Đảng Cộng sản Việt Nam"},
		{"vietnamese decomposed", "Đa\u0309ng Cô\u0323\u0302ng sa\u0309n Vie\u0323\u0302t Nam"},
		{"vietnamese old tone style", "Hòa bình, thúy, khỏe, hoà, thuý, khoẻ"},
		{"vietnamese latin-1 letters only", "Tôi có cá"},
		{"vietnamese without marks", "Dang Cong san Viet Nam"},
		{"english", "Long live the Communist Party of Vietnam"},
		{"english with pound and copyright", "The price is £5. Copyright © 2024 Acme Corp."},
		{"english with units", "Temperature: 25 °C ± 2, ½ cup, 50 µm"},
		{"french brief", "Café crème brûlée"},
		{"french sentence", "Où est la gare? Le château est très beau, voilà."},
		{"french names", "Salut Loïc, Noël à Paris"},
		{"german brief", "Grüße aus München"},
		{"german sentence", "Ich möchte ein Bier, bitte. Schöne Grüße von Müller & Söhne"},
		{"spanish", "El niño está en la montaña, señor López"},
		{"portuguese", "São Tomé e Príncipe"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			enc, conf := Detect(c.text)
			if enc != Unicode || conf < fixThreshold {
				t.Errorf("Detect(%q) = %v, %.2f; want unicode with confidence ≥ %.2f", c.text, enc, conf, fixThreshold)
			}
			if out, enc, changed := Fix(c.text); changed || out != c.text || enc != Unicode {
				t.Errorf("Fix(%q) = %q, %v, %v; want it untouched", c.text, out, enc, changed)
			}
		})
	}
}

func TestDetectLegacy(t *testing.T) {
	cases := []struct {
		name, text string
		want       Encoding
		fixed      string
	}{
		{"tcvn3 brief example", "§¶ng Céng s¶n ViÖt Nam", TCVN3, "Đảng Cộng sản Việt Nam"},
		{"vni brief example", "Ñaûng Coäng saûn Vieät Nam", VNI, "Đảng Cộng sản Việt Nam"},
		{"tcvn3 one word", "§¶ng", TCVN3, "Đảng"},
		{"vni one word", "Vieät", VNI, "Việt"},
		{"tcvn3 all caps", "§¶NG CéNG S¶N VIÖT NAM", TCVN3, "ĐẢNG CỘNG SẢN VIỆT NAM"},
		{"vni all caps", "ÑAÛNG COÄNG SAÛN VIEÄT NAM", VNI, "ĐẢNG CỘNG SẢN VIỆT NAM"},
		{"tcvn3 many ambiguous words", "Chóc mõng n¨m míi", TCVN3, "Chúc mừng năm mới"},
		{"tcvn3 greeting", "Xin chµo c¸c b¹n", TCVN3, "Xin chào các bạn"},
		{"vni greeting", "Xin chaøo caùc baïn", VNI, "Xin chào các bạn"},
		{"vni sentence case", "Aùo daøi Vieät Nam", VNI, "Áo dài Việt Nam"},
		{"tcvn3 decomposed mojibake", "ViO\u0308t Nam", TCVN3, "Việt Nam"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			enc, conf := Detect(c.text)
			if enc != c.want || conf < fixThreshold {
				t.Errorf("Detect(%q) = %v, %.2f; want %v with confidence ≥ %.2f", c.text, enc, conf, c.want, fixThreshold)
			}
			out, enc, changed := Fix(c.text)
			if out != c.fixed || enc != c.want || !changed {
				t.Errorf("Fix(%q) = %q, %v, %v; want %q", c.text, out, enc, changed, c.fixed)
			}
		})
	}
}

// A lone symbol that TCVN3 would read as a letter is too little to act on.
func TestDetectWeakEvidence(t *testing.T) {
	for _, text := range []string{"£", "©", "Price: 5 £"} {
		t.Run(text, func(t *testing.T) {
			if _, _, changed := Fix(text); changed {
				t.Errorf("Fix(%q) changed it", text)
			}
		})
	}
}

func TestDetectConfidenceRange(t *testing.T) {
	for _, text := range []string{"", "a", "§", "Ñ", "£5", "\xff\xfe", "ô ö ñ"} {
		enc, conf := Detect(text)
		if conf < 0 || conf > 1 || enc < Unicode || enc > VNI {
			t.Errorf("Detect(%q) = %v, %v", text, enc, conf)
		}
	}
}

func BenchmarkFix(b *testing.B) {
	slogan := encodeTCVN3(loadSlogans(b)[1])
	b.ReportAllocs()
	for b.Loop() {
		if out, _, _ := Fix(slogan); !utf8.ValidString(out) {
			b.Fatal("invalid output")
		}
	}
}

func BenchmarkDetectUnicode(b *testing.B) {
	slogan := loadSlogans(b)[1]
	b.ReportAllocs()
	for b.Loop() {
		Detect(slogan)
	}
}
