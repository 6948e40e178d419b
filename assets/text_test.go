package assets

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNormalisation(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // the lines' text
	}{
		{"eth look-alike", "\u00d0ảng ta", []string{"ĐẢNG TA"}},
		{"decomposed input", norm.NFD.String("Hội đồng"), []string{"HỘI ĐỒNG"}},
		{"keeps hoà", "Hoà bình", []string{"HOÀ BÌNH"}},
		{"keeps hòa", "Hòa bình", []string{"HÒA BÌNH"}},
		{"keeps thuý", "Thuý", []string{"THUÝ"}},
		{"đ uppercases", "đường đi", []string{"ĐƯỜNG ĐI"}},
		{"spaces collapse", "  Mừng \t  Xuân  ", []string{"MỪNG XUÂN"}},
		{"invisibles dropped", "Mừng\u200b Xuân\ufeff", []string{"MỪNG XUÂN"}},
		{"typed line breaks", "Mừng Đảng\r\nMừng Xuân", []string{"MỪNG ĐẢNG", "MỪNG XUÂN"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := render(t, Request{Text: c.text, Size: Size{1920, 160}})
			if got := lineTexts(out.Layout); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("lines %q, want %q", got, c.want)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	cases := []struct {
		name, text string
		want       string // the exact message people read
		is         error
	}{
		{"emoji", "Việt😀", `phông chữ không có ký tự "😀" (U+1F600) ở vị trí 5`, nil},
		{"emoji after NFD text", norm.NFD.String("Việt") + "😀", `phông chữ không có ký tự "😀" (U+1F600) ở vị trí 5`, nil},
		{"Chinese", "Chào 中国", `phông chữ không có ký tự "中" (U+4E2D) ở vị trí 6`, nil},
		{"blank glyph", "Mừng\u2800", "phông chữ không có ký tự \"\u2800\" (U+2800) ở vị trí 5", nil},
		{"control", "a\x07b", "ký tự điều khiển U+0007 ở vị trí 2 không hiển thị được", nil},
		{"loose mark", "q\u0323", `không ghép được dấu "◌̣" (U+0323) ở vị trí 2 với chữ đứng trước`, nil},
		{"empty", " \n\t ", "khẩu hiệu trống: hãy nhập nội dung cần hiển thị", ErrEmptyText},
		{"too long", strings.Repeat("a ", 400), "khẩu hiệu quá dài: 799 ký tự, tối đa 600 ký tự", ErrTextTooLong},
	}
	r := testRenderer(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := r.Render(Request{Text: c.text, Size: Size{384, 128}})
			if err == nil || err.Error() != c.want {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			var ge *GlyphError
			if c.is != nil && !errors.Is(err, c.is) || c.is == nil && !errors.As(err, &ge) {
				t.Errorf("error %T does not match its kind", err)
			}
		})
	}
}

func TestRequestErrors(t *testing.T) {
	r := testRenderer(t)
	cases := []struct {
		name string
		req  Request
		want string
	}{
		{"unknown style", Request{Text: "a", Style: "neon"}, "không có kiểu trình bày"},
		{"unknown font", Request{Text: "a", Font: "comic"}, "không có phông chữ"},
		{"board too small", Request{Text: "a", Size: Size{8, 8}}, "nằm ngoài giới hạn"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := r.Render(c.req)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want it to say %q", err, c.want)
			}
		})
	}
}
