package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codong/controller"
	"codong/controller/secret"
	"codong/controller/store"
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
		{"user guessable password", "123456789012\n", []string{"user", "add", "--data", data, "--name", "binh", "--role", "editor"}, "dễ đoán", nil},
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
		{"setup refuses a term", "", []string{"setup", "--data", data, "--party-body", "Đảng bộ xã Liên Minh", "--place", "Liên Minh", "--congress", "3", "--term", "2025"}, "organisation.term", nil},
		{"setup", "", []string{"setup", "--data", data, "--party-body", "Đảng bộ xã Liên Minh", "--place", "Liên Minh", "--congress", "3", "--term", "2025-2030"}, "", func(t *testing.T, out, _ string) {
			if !strings.Contains(out, "Đảng bộ xã Liên Minh, Đại hội lần thứ III, nhiệm kỳ 2025 - 2030") || !strings.Contains(out, "chờ duyệt") {
				t.Errorf("stdout %q", out)
			}
			st, err := controller.OpenStore(t.Context(), data, "")
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			p, err := st.Playlist(t.Context(), store.Everything, "congress-success")
			if err != nil || len(p.Items) != 1 || !strings.Contains(p.Items[0].Text, "Liên Minh lần thứ III") {
				t.Errorf("congress-success after codong setup: %+v, %v", p.Items, err)
			}
		}},
		{"setup twice", "", []string{"setup", "--data", data, "--party-body", "Đảng bộ xã Khác", "--place", "Khác", "--congress", "4", "--term", "2025-2030"}, "organisation changed", nil},
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

// TestUserPasswd: an administrator who forgot the password gets a new
// one from the command line (typed, or made by the machine), weak ones
// are refused, and the change is in the audit log as the command line's.
func TestUserPasswd(t *testing.T) {
	data := t.TempDir()
	if _, errs, err := runCLI(t, "mật khẩu cũ của chị Lan\n", "user", "add", "--data", data, "--name", "lan", "--role", "admin"); err != nil {
		t.Fatalf("user add: %v (%s)", err, errs)
	}
	passwordOf := func(t *testing.T) string {
		t.Helper()
		ctx := context.Background()
		st, err := controller.OpenStore(ctx, data, "")
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		u, err := st.UserByName(ctx, "lan")
		if err != nil {
			t.Fatal(err)
		}
		return u.PasswordHash
	}
	tests := []struct {
		name, stdin, user, wantErr string
		check                      func(t *testing.T, stdout, hash string)
	}{
		{"typed", "một câu dài chị Lan nhớ được\n", "lan", "", func(t *testing.T, out, hash string) {
			if out != "" || !secret.CheckPassword(hash, "một câu dài chị Lan nhớ được") {
				t.Errorf("stdout %q; the typed password does not open the account", out)
			}
		}},
		{"generated", "\n", "lan", "", func(t *testing.T, out, hash string) {
			pw := strings.TrimSpace(out)
			if len(pw) != 20 || !secret.CheckPassword(hash, pw) {
				t.Errorf("generated password %q does not open the account", out)
			}
		}},
		{"nothing on stdin", "", "lan", "", func(t *testing.T, out, hash string) {
			if !secret.CheckPassword(hash, strings.TrimSpace(out)) {
				t.Errorf("generated password %q does not open the account", out)
			}
		}},
		{"short", "ngắn\n", "lan", "ít nhất 12", nil},
		{"the user's name", "lan-lan-lan-2026\n", "lan", "dễ đoán", nil},
		{"repeated characters", "abababababababab\n", "lan", "dễ đoán", nil},
		{"digits in a row", "123456789012\n", "lan", "dễ đoán", nil},
		{"unknown user", "một câu dài chị Lan nhớ được\n", "khong-co", "không có người dùng “khong-co”", nil},
		{"no username", "một câu dài chị Lan nhớ được\n", "", "--username", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := passwordOf(t)
			out, errs, err := runCLI(t, tc.stdin, "user", "passwd", "--data", data, "--username", tc.user)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one mentioning %q", err, tc.wantErr)
				}
				if passwordOf(t) != before {
					t.Fatal("a refused password was stored")
				}
				return
			}
			if err != nil {
				t.Fatalf("error %v (stderr %q)", err, errs)
			}
			tc.check(t, out, passwordOf(t))
		})
	}
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, data, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	entries, err := st.Audit(ctx, store.Everything, store.AuditFilter{Kind: "user.password", Limit: 10})
	if err != nil || len(entries) != 3 {
		t.Fatalf("audit: %d user.password entries (%v), want 3", len(entries), err)
	}
	for _, e := range entries {
		if e.Actor != "dòng lệnh" {
			t.Errorf("password change recorded as %q, want the command line", e.Actor)
		}
	}
}

// TestKeyReplace: codong key replace says what it would do and does
// nothing without --confirm; with it, a data folder whose key file was
// lost (a new key beside the old database) serves again.
func TestKeyReplace(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCLI(t, "", "board", "add", "--data", data, "--name", "Bảng chợ", "--size", "192x64"); err != nil {
		t.Fatal(err)
	}
	// The first serve records the key; the key file is then lost.
	s, err := controller.New(context.Background(), controller.Config{DataDir: data, AdminPassword: "mật khẩu thử nghiệm đủ dài", PasswordIterations: 1000, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Remove(filepath.Join(data, "controller.key")); err != nil {
		t.Fatal(err)
	}
	// Without a key the command says to make one by serving once.
	if _, _, err = runCLI(t, "", "key", "replace", "--data", data, "--confirm"); err == nil || !strings.Contains(err.Error(), "codong serve") {
		t.Fatalf("key replace with no key file: %v", err)
	}
	// Serving makes a new key and refuses it: boards pinned the old one.
	if _, err := controller.New(context.Background(), controller.Config{DataDir: data, AdminPassword: "mật khẩu thử nghiệm đủ dài", PasswordIterations: 1000, Logger: slog.New(slog.DiscardHandler)}); err == nil {
		t.Fatal("a new key file was accepted before key replace --confirm")
	}
	_, _, err = runCLI(t, "", "key", "replace", "--data", data)
	if err == nil || !strings.Contains(err.Error(), "--confirm") || !strings.Contains(err.Error(), "ghép nối lại") {
		t.Fatalf("key replace without --confirm: %v", err)
	}
	out, _, err := runCLI(t, "", "key", "replace", "--data", data, "--confirm")
	if err != nil || !strings.Contains(out, "Khoá ký của hệ thống nay là ed25519:") {
		t.Fatalf("key replace --confirm: %q, %v", out, err)
	}
	s, err = controller.New(context.Background(), controller.Config{DataDir: data, AdminPassword: "mật khẩu thử nghiệm đủ dài", PasswordIterations: 1000, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("after key replace: %v", err)
	}
	s.Close()
}
