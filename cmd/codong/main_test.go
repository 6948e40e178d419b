package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestCommands(t *testing.T) {
	data := t.TempDir()
	png := filepath.Join(t.TempDir(), "x.png")
	tests := []struct {
		name    string
		stdin   string
		args    []string
		wantErr string // "" means success
		check   func(t *testing.T, stdout, stderr string)
	}{
		{"board add prints a token", "", []string{"board", "add", "--data", data, "--name", "Bảng LED chợ", "--size", "384x128"}, "", func(t *testing.T, out, errs string) {
			if !strings.HasPrefix(out, "cdb_") || !strings.Contains(errs, "Bảng LED chợ") {
				t.Errorf("stdout %q stderr %q", out, errs)
			}
		}},
		{"board add same name", "", []string{"board", "add", "--data", data, "--name", "Bảng LED chợ", "--size", "384x128"}, "đã có bảng", nil},
		{"board add bad size", "", []string{"board", "add", "--data", data, "--name", "B", "--size", "lớn"}, "kích thước", nil},
		{"token create", "", []string{"token", "create", "--data", data, "--role", "admin"}, "", func(t *testing.T, out, _ string) {
			if !strings.HasPrefix(out, "cda_") {
				t.Errorf("stdout %q", out)
			}
		}},
		{"token unknown role", "", []string{"token", "create", "--data", data, "--role", "vua"}, "Vai trò “vua”", nil},
		{"token list and revoke", "", []string{"token", "revoke", "--data", data, "--id", "1"}, "", func(t *testing.T, out, _ string) {
			if !strings.Contains(out, "Đã thu hồi mã số 1") {
				t.Errorf("stdout %q", out)
			}
			list, _, err := runCLI(t, "", "token", "list", "--data", data)
			if err != nil || !strings.Contains(list, "đã thu hồi") {
				t.Errorf("token list after revoke: %q, %v", list, err)
			}
		}},
		{"token revoke twice", "", []string{"token", "revoke", "--data", data, "--id", "1"}, "không có mã số 1", nil},
		{"user add", "mật khẩu của chị Lan\n", []string{"user", "add", "--data", data, "--name", "lan", "--role", "editor,approver"}, "", nil},
		{"user add without role", "mật khẩu của anh Tư\n", []string{"user", "add", "--data", data, "--name", "tu"}, "Vai trò", nil},
		{"user short password", "ngắn\n", []string{"user", "add", "--data", data, "--name", "binh", "--role", "editor"}, "ít nhất", nil},
		{"render with layout", "", []string{"render", "--text", "Mừng Đảng, mừng Xuân", "--size", "384x128", "--out", png, "--layout"}, "", func(t *testing.T, out, _ string) {
			var layout map[string]any
			if err := json.Unmarshal([]byte(out), &layout); err != nil || layout["lines"] == nil {
				t.Errorf("layout %q: %v", out, err)
			}
			if b, err := os.ReadFile(png); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
				t.Errorf("no PNG written: %v", err)
			}
		}},
		{"render missing glyph", "", []string{"render", "--text", "Chúc mừng 🎉", "--out", png}, "U+1F389", nil},
		{"render needs output", "", []string{"render", "--text", "a"}, "--out", nil},
		{"unknown command", "", []string{"xoa"}, "không tồn tại", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, err := runCLI(t, tc.stdin, tc.args...)
			if tc.wantErr == "" && err != nil {
				t.Fatalf("error %v (stderr %q)", err, errs)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.wantErr)
			}
			if tc.check != nil {
				tc.check(t, out, errs)
			}
		})
	}
}
