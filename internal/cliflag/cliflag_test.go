package cliflag

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestParse: help is printed to stdout only when asked for; every other
// refusal is a *UsageError in Vietnamese, naming the flag as the help
// writes it and where the help is.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // "" for the help
	}{
		{"help", []string{"--help"}, ""},
		{"-h", []string{"-h"}, ""},
		{"unknown", []string{"--bảng"}, "không có cờ --bảng; xem thử --help"},
		{"one dash typed", []string{"-khong-co"}, "không có cờ --khong-co"},
		{"no value", []string{"--name"}, "cờ cần một giá trị: --name"},
		{"bad number", []string{"--days", "mười"}, `giá trị "mười" của cờ --days không hợp lệ; xem thử --help`},
		{"bad duration", []string{"--wait", "lâu"}, `giá trị "lâu" của cờ --wait không hợp lệ; xem`},
		{"bad bool", []string{"--force=có"}, `giá trị "có" của cờ --force không hợp lệ (cần true hoặc false)`},
		{"func says why", []string{"--group", ""}, `giá trị "" của cờ --group không hợp lệ: tên nhóm trống; xem`},
		{"bad syntax", []string{"---x"}, "cờ viết sai: ---x"},
		{"stray word", []string{"--name", "Lan", "thừa"}, "không hiểu tham số “thừa”; xem thử --help"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			fs := New("thử", "thử --name TÊN", &out)
			fs.String("name", "", "tên")
			fs.Int("days", 0, "số ngày")
			fs.Duration("wait", time.Second, "chờ")
			fs.Bool("force", false, "thay")
			fs.Func("group", "nhóm", func(v string) error {
				if v == "" {
					return fmt.Errorf("tên nhóm trống")
				}
				return nil
			})
			err := fs.Parse(tc.args)
			if tc.want == "" {
				if !errors.Is(err, ErrHelp) || !strings.HasPrefix(out.String(), "Cách dùng:\n  thử --name TÊN\n\nCác cờ:\n") {
					t.Fatalf("err %v, help %q", err, out.String())
				}
				if !strings.Contains(out.String(), "  --wait THỜI_GIAN\n    \tchờ (mặc định: 1s)\n") || !strings.Contains(out.String(), "  --force\n") {
					t.Errorf("help lists the flags as %q", out.String())
				}
				return
			}
			var ue *UsageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want a usage error saying %q", err, tc.want)
			}
			if out.Len() > 0 {
				t.Errorf("a refusal printed the help: %q", out.String())
			}
		})
	}
}

// TestSecretDefaults: the help never shows the default of a flag named
// secret (it came from the environment).
func TestSecretDefaults(t *testing.T) {
	var out bytes.Buffer
	fs := New("thử", "thử", &out)
	fs.String("db", "postgres://u:mật-khẩu@h/d", "cơ sở dữ liệu")
	fs.String("data", "codong-data", "thư mục dữ liệu")
	fs.Secret = []string{"db"}
	fs.Parse([]string{"-h"})
	if strings.Contains(out.String(), "mật-khẩu") || !strings.Contains(out.String(), "(mặc định: codong-data)") {
		t.Errorf("help %q", out.String())
	}
}
