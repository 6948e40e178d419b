package vnenc

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// hasOwnTCVN3Capital lists the capitals TCVN3 can write; every other
// upper-case letter with a diacritic is written with its lower-case code.
const hasOwnTCVN3Capital = "ĂÂÊÔƠƯĐ"

func TestAlphabetHas134Letters(t *testing.T) {
	got := vietnameseLetters()
	if len(got) != 134 {
		t.Fatalf("got %d letters, want 134", len(got))
	}
	seen := map[rune]bool{}
	for _, r := range got {
		if r < 0x80 || seen[r] || !unicode.IsLetter(r) {
			t.Errorf("bad or duplicate letter %q", r)
		}
		seen[r] = true
	}
}

// TestTCVN3MatchesGlibc checks every TCVN3 code against an independent
// source: glibc's TCVN5712-1 table (VN1, a superset of VN3 in 0xA1–0xFE).
func TestTCVN3MatchesGlibc(t *testing.T) {
	f, err := os.Open("testdata/tcvn5712-1-glibc.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vn1 := map[rune]rune{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		b, err1 := strconv.ParseUint(fields[0], 16, 8)
		u, err2 := strconv.ParseUint(strings.TrimPrefix(fields[1], "U+"), 16, 32)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad fixture line %q", sc.Text())
		}
		vn1[rune(b)] = rune(u) // a Latin-1 character's code point is its byte
	}
	if len(tcvn3Decode) != 67+7 {
		t.Errorf("TCVN3 table has %d codes, want 67 lower-case letters + 7 capitals", len(tcvn3Decode))
	}
	for code, letter := range tcvn3Decode {
		if code < 0xA1 || code > 0xFE {
			t.Errorf("code %U outside 0xA1–0xFE", code)
		}
		if vn1[code] != letter {
			t.Errorf("code %#x: table says %q, glibc says %q", code, letter, vn1[code])
		}
	}
}

func TestVNITableShape(t *testing.T) {
	marks := "ùøûõïâáàåãäêéèúüë" // everything that may follow a base letter
	single := "ôöñíìæóòî"        // letters written as one character
	if len(vniEncode) != 67 {
		t.Fatalf("VNI table has %d letters, want 67", len(vniEncode))
	}
	for letter, spelling := range vniEncode {
		rs := []rune(spelling)
		switch {
		case len(rs) == 1 && strings.ContainsRune(single, rs[0]):
		case len(rs) == 2 && strings.ContainsRune("aeouyôö", rs[0]) && strings.ContainsRune(marks, rs[1]):
		default:
			t.Errorf("%q is spelt %q, not base+mark or a single letter", letter, spelling)
		}
	}
}

// TestLettersRoundTrip encodes each of the 134 letters into both legacy
// encodings and decodes it back, alone and next to every other letter so
// that no spelling can swallow its neighbour.
func TestLettersRoundTrip(t *testing.T) {
	all := vietnameseLetters()
	for _, r := range all {
		t.Run(string(r), func(t *testing.T) {
			want := r
			if unicode.IsUpper(r) && !strings.ContainsRune(hasOwnTCVN3Capital, r) {
				want = unicode.ToLower(r)
			}
			enc := encodeTCVN3(string(r))
			if n := len([]rune(enc)); n != 1 {
				t.Errorf("TCVN3 of %q is %q, want one byte", r, enc)
			}
			if got := decodeTCVN3(enc); got != string(want) {
				t.Errorf("TCVN3 %q → %q → %q, want %q", r, enc, got, string(want))
			}
			// In an all-caps word the capital comes back too.
			word := "NG" + string(unicode.ToUpper(r))
			if got := decodeTCVN3(encodeTCVN3(word)); got != word {
				t.Errorf("TCVN3 %q → %q, want it back", word, got)
			}
			if got := decodeVNI(encodeVNI(string(r))); got != string(r) {
				t.Errorf("VNI %q → %q → %q", r, encodeVNI(string(r)), got)
			}
		})
	}
	for _, a := range all {
		for _, b := range all {
			pair := string([]rune{a, b})
			if got := decodeVNI(encodeVNI(pair)); got != pair {
				t.Errorf("VNI pair %q → %q → %q", pair, encodeVNI(pair), got)
			}
			lower := strings.ToLower(pair)
			if got := decodeTCVN3(encodeTCVN3(lower)); got != lower {
				t.Errorf("TCVN3 pair %q → %q", lower, got)
			}
		}
	}
}

// Known answers written by hand from the VNI and TCVN3 charts, as a check
// on the tables that does not go through them.
func TestConvertKnownAnswers(t *testing.T) {
	cases := []struct {
		name, in string
		enc      Encoding
		want     string
	}{
		{"tcvn3 brief example", "§¶ng Céng s¶n ViÖt Nam", TCVN3, "Đảng Cộng sản Việt Nam"},
		{"tcvn3 nation", "Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3, "Cộng hoà xã hội chủ nghĩa Việt Nam"},
		{"tcvn3 motto", "§éc lËp - Tù do - H¹nh phóc", TCVN3, "Độc lập - Tự do - Hạnh phúc"},
		{"tcvn3 soft hyphen is ư", "ng\u00adêi d©n", TCVN3, "người dân"},
		{"tcvn3 capitals", "¡ ¢ £ ¤ ¥ ¦ §", TCVN3, "Ă Â Ê Ô Ơ Ư Đ"},
		{"tcvn3 breve row", "¾ » ¼ ½ Æ ¨", TCVN3, "ắ ằ ẳ ẵ ặ ă"},
		{"tcvn3 y row", "ý ú û ü þ", TCVN3, "ý ỳ ỷ ỹ ỵ"},
		{"tcvn3 leaves unmapped bytes", "à € 0xC0À", TCVN3, "à € 0xC0À"},
		{"vni brief example", "Ñaûng Coäng saûn Vieät Nam", VNI, "Đảng Cộng sản Việt Nam"},
		{"vni people", "ngöôøi daân", VNI, "người dân"},
		{"vni horn row", "Tröôøng ôû ñaây", VNI, "Trường ở đây"},
		{"vni i family", "í ì æ ó ò", VNI, "í ì ỉ ĩ ị"},
		{"vni breve row", "aé aè aú aü aë aê", VNI, "ắ ằ ẳ ẵ ặ ă"},
		{"vni y row", "yù yø yû yõ î", VNI, "ý ỳ ỷ ỹ ỵ"},
		{"vni capitals", "ÑAÛNG COÄNG SAÛN VIEÄT NAM", VNI, "ĐẢNG CỘNG SẢN VIỆT NAM"},
		{"vni sentence-case mark", "Aùo Ôû", VNI, "Áo Ở"},
		{"vni Ho Chi Minh", "Hoà Chí Minh", VNI, "Hồ Chí Minh"},
		{"unicode is only normalised", "Vie\u0323\u0302t", Unicode, "Việt"},
		{"invalid utf8 replaced", "a\xffb", TCVN3, "a\uFFFDb"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Convert(c.in, c.enc)
			if err != nil || got != c.want {
				t.Errorf("Convert(%q, %v) = %q, %v; want %q", c.in, c.enc, got, err, c.want)
			}
		})
	}
}

func TestTCVN3Case(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"all-caps word", "VIÖT NAM", "VIỆT NAM"},
		{"all-caps word with capital code", "§¶NG", "ĐẢNG"},
		{"all-caps line lifts short words", "Hµ NéI", "HÀ NỘI"},
		{"title case stays", "Hµ Néi", "Hà Nội"},
		{"lone toned capital comes back lower case", "¸o", "áo"},
		{"caps word inside a sentence", "Yªu §¶NG", "Yêu ĐẢNG"},
		{"lines are judged apart", "§¹I HéI\nHµ Néi", "ĐẠI HỘI\nHà Nội"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, _ := Convert(c.in, TCVN3); got != c.want {
				t.Errorf("Convert(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestConvertUnknownEncoding(t *testing.T) {
	if _, err := Convert("x", Encoding(9)); err == nil {
		t.Error("want an error for Encoding(9)")
	}
}

func TestEncodingString(t *testing.T) {
	for enc, want := range map[Encoding]string{Unicode: "unicode", TCVN3: "tcvn3", VNI: "vni", 7: "Encoding(7)"} {
		if got := enc.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(enc), got, want)
		}
	}
}
