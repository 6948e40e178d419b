package assets

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// More real slogans, and boards beyond the four of the golden set: the
// properties must hold for text and boards nobody tuned for.
const extraFile = "testdata/slogans-extra.txt"

var extraSizes = []Size{{1366, 768}, {720, 1280}, {256, 128}, {128, 64}, {160, 32}}

func extraSlogans(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(extraFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// extraUnits must never be split, wherever they occur.
var extraUnits = []string{
	"3/2/1930 - 3/2/2025", "30/4/1975 – 30/4/2025", "2/9/1945 - 2/9/2025", "2025 - 2030",
	"LẦN THỨ XX", "LẦN THỨ XIII", "LẦN THỨ XXV", "LẦN THỨ NHẤT", "KHÓA XVI", "95 NĂM", "50 NĂM",
	"80 NĂM", "HỒ CHÍ MINH", "THÁI BÌNH", "BẾN NGHÉ", "ĐẢNG CỘNG SẢN", "TỔ QUỐC",
	"NGÀY 19 THÁNG 5 NĂM 1890", "HOÀ BÌNH", "ĐẠI HỘI", "NHIỆM KỲ", "ĐẠI BIỂU", "XÃ HỘI",
	"CHỦ NGHĨA", "CHÀO MỪNG", "NHÂN DÂN", "THUÝ KIỀU", "19/8", "BAN CHẤP HÀNH",
}

func TestExtraCorpus(t *testing.T) {
	for i, text := range extraSlogans(t) {
		for _, size := range extraSizes {
			t.Run(fmt.Sprintf("%02d-%s", i+1, size), func(t *testing.T) {
				out := render(t, Request{Text: text, Size: size})
				l := out.Layout
				img := decodePNG(t, out.PNG)
				checkImageSize(t, l, img)
				checkInkInside(t, l)
				checkLinesApart(t, l)
				checkFill(t, l)
				checkPixelsInBoxes(t, l, img)
				lines := lineTexts(l)
				for _, u := range extraUnits {
					if n := strings.Count(strings.Join(lines, " "), u); n != strings.Count(strings.Join(lines, "\n"), u) {
						t.Errorf("%q split: %q", u, lines)
					}
				}
				if nfd := render(t, Request{Text: norm.NFD.String(text), Size: size}); nfd.SHA256 != out.SHA256 {
					t.Errorf("NFD input renders differently")
				}
			})
		}
	}
}
