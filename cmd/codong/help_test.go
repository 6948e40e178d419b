//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// helpCommands is every command and subcommand of codong, as typed.
var helpCommands = []string{
	"serve", "render", "unit add", "unit list", "board add", "token create", "token list", "token revoke",
	"user add", "user passwd", "key replace", "backup", "setup", "player-release add", "player-release list",
}

// TestHelpExitsZero runs the built binary: --help and -h on every
// subcommand print its help to stdout and exit 0, touching no data
// folder; an unknown flag says so on stderr and exits 2. The list is
// checked against the usage text, so a new subcommand cannot miss it.
func TestHelpExitsZero(t *testing.T) {
	t.Run("every command in the usage is tested", func(t *testing.T) {
		line := regexp.MustCompile(`(?m)^  codong ((?:[a-z][a-z-]* ?)+)`)
		for _, m := range line.FindAllStringSubmatch(usage, -1) {
			if cmd := strings.TrimSpace(m[1]); !slices.Contains(helpCommands, cmd) {
				t.Errorf("codong %s is in the usage but not in helpCommands", cmd)
			}
		}
	})
	bin := buildCodong(t)
	secretDB := "postgres://codong:mật-khẩu-bí-mật@127.0.0.1:5432/codong"
	runBin := func(t *testing.T, args ...string) (stdout, stderr string, code int) {
		t.Helper()
		dir := t.TempDir()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "CODONG_DB="+secretDB)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code = exitErr.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			t.Errorf("codong %s left %s in its working folder", strings.Join(args, " "), entries[0].Name())
		}
		return out.String(), errb.String(), code
	}
	for _, cmd := range helpCommands {
		words := strings.Fields(cmd)
		for _, flag := range []string{"--help", "-h"} {
			t.Run(cmd+" "+flag, func(t *testing.T) {
				out, errs, code := runBin(t, append(words, flag)...)
				if code != 0 || errs != "" {
					t.Errorf("exit %d, stderr %q; want 0 and nothing", code, errs)
				}
				if !strings.Contains(out, "Cách dùng:\n  codong "+strings.TrimPrefix(cmd, "serve")) {
					t.Errorf("stdout lacks the synopsis of codong %s:\n%s", cmd, out)
				}
				if !strings.Contains(out, "  --data ") {
					t.Errorf("stdout lacks the flags:\n%s", out)
				}
				if strings.Contains(out, "mật-khẩu-bí-mật") {
					t.Error("the help shows the password from CODONG_DB")
				}
			})
		}
		t.Run(cmd+" unknown flag", func(t *testing.T) {
			out, errs, code := runBin(t, append(words, "--khong-co")...)
			if code != 2 || out != "" || !strings.Contains(errs, "Lỗi: không có cờ --khong-co; xem codong "+cmd+" --help") {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and the error on stderr", code, out, errs)
			}
		})
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"board", "--help"}, {"token", "-h"}, {"user", "help"}, {"key", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, errs, code := runBin(t, args...)
			if code != 0 || errs != "" || out != usage {
				t.Errorf("exit %d, stderr %q, stdout %q; want 0 and the usage", code, errs, out)
			}
		})
	}
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"xoa"}, "lệnh “xoa” không tồn tại"},
		{[]string{"token", "xoa"}, "thiếu hoặc sai lệnh con (có: create, list, revoke)"},
		{[]string{"board", "add", "--name", "Bảng chợ", "thừa"}, "không hiểu tham số “thừa”"},
		{[]string{"token", "create", "--days", "nhiều"}, "giá trị \"nhiều\" của cờ --days không hợp lệ"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errs, code := runBin(t, tc.args...)
			if code != 2 || out != "" || !strings.Contains(errs, tc.says) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, errs, tc.says)
			}
		})
	}
}
