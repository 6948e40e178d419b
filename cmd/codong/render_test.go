package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRenderPDF(t *testing.T) {
	dir := t.TempDir()
	mediaBox := regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+ [0-9.]+)\]`)
	for _, c := range []struct {
		name, size, wantErr string
		box                 string // MediaBox in points: trim + 2×3 mm bleed
		colors              string
	}{
		{"A2 poster", "A2", "", "1207.56 1700.79", ""},
		{"default A3", "", "", "858.90 1207.56", ""},
		{"banner in mm", "5000x800mm", "", "14190.24 2284.72", ""},
		{"banner in cm", "500x80cm", "", "14190.24 2284.72", ""},
		{"banner in m", "5x0.8m", "", "14190.24 2284.72", ""},
		{"A3", "A3", "", "858.90 1207.56", ""},
		{"A1 landscape", "A1-landscape", "", "2400.94 1700.79", ""},
		{"no unit", "5000x800", "cần dạng RỘNGxCAO kèm đơn vị", "", ""},
		{"too long", "51x1m", "từ 5 cm đến 50 m", "", ""},
		{"unknown paper", "A4", "khổ in", "", ""},
		{"banner in CMYK", "5x0,8m", "", "14190.24 2284.72", "cmyk"},
		{"unknown colors", "A2", "--colors: hệ màu \"pantone\" không hợp lệ", "", "pantone"},
		{"10 m banner", "10x0,8m", "", "14181.73 1284.18", ""}, // in units of UserUnit 2, a 100 mm slug below
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".pdf")
			args := []string{"render", "--text", "Nhiệt liệt chào mừng Đại hội Đảng bộ xã", "--out", out}
			if c.size != "" {
				args = append(args, "--size", c.size)
			}
			if c.colors != "" {
				args = append(args, "--colors", c.colors)
			}
			_, errs, err := runCLI(t, "", args...)
			if c.name == "A2 poster" {
				if _, _, err := runCLI(t, "", append(args, "--layout")...); err == nil || !strings.Contains(err.Error(), "chỉ dùng với ảnh PNG") {
					t.Errorf("--layout with a PDF: %v", err)
				}
			}
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one mentioning %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v (stderr %q)", err, errs)
			}
			if !strings.Contains(errs, "tràn lề") || c.colors == "cmyk" && !strings.Contains(errs, "màu CMYK") {
				t.Errorf("stderr %q does not say what was written", errs)
			}
			b, err := os.ReadFile(out)
			if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatalf("no PDF written: %v", err)
			}
			if m := mediaBox.FindSubmatch(b); m == nil || string(m[1]) != c.box {
				t.Errorf("MediaBox %q, want %q", m, c.box)
			}
		})
	}
}

// TestRenderColorsOnlyForPrint: a board's PNG is in screen colours;
// asking it for CMYK is a mistake to say, not to ignore.
func TestRenderColorsOnlyForPrint(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.png")
	_, _, err := runCLI(t, "", "render", "--text", "Đoàn kết", "--out", out, "--colors", "cmyk")
	if err == nil || !strings.Contains(err.Error(), "--colors chỉ dùng với bản in") {
		t.Errorf("--colors with a PNG: %v", err)
	}
}

// TestRenderLayoutSaysItsChoice: --layout reports the cap height and the
// share of the board the text covers, and with a board's scroll speed, a
// slogan whose strip would take over a minute comes out in pages.
func TestRenderLayoutSaysItsChoice(t *testing.T) {
	const text = "Sáng suốt lựa chọn những đồng chí tiêu biểu về bản lĩnh chính trị, trí tuệ, phẩm chất, đạo đức, lối sống, năng lực, uy tín bầu vào cấp ủy các cấp!"
	var l struct {
		CapHeight float64 `json:"cap_height"`
		Coverage  float64 `json:"coverage"`
		Scroll    bool    `json:"scroll"`
		Pages     int     `json:"pages"`
	}
	for _, c := range []struct {
		speed     string
		scroll    bool
		wantPages bool
	}{{"0", true, false}, {"20", false, true}, {"400", true, false}} {
		out, _, err := runCLI(t, "", "render", "--text", text, "--size", "384x128", "--scroll-speed", c.speed, "--layout")
		if err != nil {
			t.Fatal(err)
		}
		l.Pages = 0
		if err := json.Unmarshal([]byte(out), &l); err != nil {
			t.Fatal(err)
		}
		if l.CapHeight <= 0 || l.Coverage <= 0 || l.Scroll != c.scroll || (l.Pages > 1) != c.wantPages {
			t.Errorf("--scroll-speed %s: %+v", c.speed, l)
		}
	}
	if _, _, err := runCLI(t, "", "render", "--text", text, "--scroll-speed", "5", "--layout"); err == nil || !strings.Contains(err.Error(), "từ 20 đến 400") {
		t.Errorf("--scroll-speed 5: %v", err)
	}
}
