package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHelp runs the built player: --help and -h print the help to stdout
// and exit 0 without opening a display or a link (and without showing
// the board's token from the environment); an unknown flag exits 2 with
// the error on stderr.
func TestHelp(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "codong-player")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tests := []struct {
		name      string
		args      []string
		code      int
		out, errs string
	}{
		{"--help", []string{"--help"}, 0, "Cách dùng:\n  codong-player --controller", ""},
		{"-h", []string{"-h", "--display", "png:/khong/co/thu-muc/x.png"}, 0, "  --display CHUỖI\n", ""},
		{"unknown flag", []string{"--bang", "3"}, 2, "", "Lỗi: không có cờ --bang; xem codong-player --help"},
		{"stray word", []string{"--size", "384x128", "chợ"}, 2, "", "Lỗi: không hiểu tham số “chợ”"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cache := filepath.Join(t.TempDir(), "cache")
			// A player that starts instead of answering runs until killed.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, append(tc.args, "--cache", cache)...)
			cmd.Env = append(os.Environ(), "CODONG_BOARD_TOKEN=cdb_bí_mật_của_bảng")
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			code := 0
			var exitErr *exec.ExitError
			if err := cmd.Run(); errors.As(err, &exitErr) {
				code = exitErr.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errb.String())
			}
			if !strings.Contains(out.String(), tc.out) || (tc.out == "") != (out.Len() == 0) {
				t.Errorf("stdout %q, want %q", out.String(), tc.out)
			}
			if !strings.Contains(errb.String(), tc.errs) || (tc.errs == "") != (errb.Len() == 0) {
				t.Errorf("stderr %q, want %q", errb.String(), tc.errs)
			}
			if strings.Contains(out.String(), "bí_mật") {
				t.Error("the help shows the board's token from CODONG_BOARD_TOKEN")
			}
			if _, err := os.Stat(cache); err == nil {
				t.Error("the player made its cache: it started instead of only answering")
			}
		})
	}
}
