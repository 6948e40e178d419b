package controller

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"codong/controller/auth"
)

// TestEveryPathRefusesAGuessablePassword: "123456789012" is twelve
// characters and was accepted; every way a password is set (the API,
// the users page, one's own password page, the first administrator's
// from CODONG_ADMIN_PASSWORD) now asks the one estimator and refuses it
// in Vietnamese, and nothing stored changes.
func TestEveryPathRefusesAGuessablePassword(t *testing.T) {
	h := newAPIHarness(t)
	const weak = "123456789012"
	const js = "application/json"
	if status, _, raw := h.do(t, "POST", "/api/v1/users", h.token, js, `{"username":"lan","password":"một câu dài chị Lan nhớ được","roles":["editor"]}`); status != http.StatusCreated {
		t.Fatalf("create lan: %d %s", status, raw)
	}
	lan, err := h.s.store.UserByName(context.Background(), "lan")
	if err != nil {
		t.Fatal(err)
	}
	admin := h.logIn(t, "admin", adminPassword)
	lanPath := fmt.Sprintf("/users/%d/password", lan.ID)

	apiCases := []struct{ name, method, path, body string }{
		{"API new user", "POST", "/api/v1/users", `{"username":"binh","password":"` + weak + `","roles":["editor"]}`},
		{"API reset", "PUT", "/api/v1" + lanPath, `{"password":"` + weak + `"}`},
		{"API the user's name", "PUT", "/api/v1" + lanPath, `{"password":"lan-lan-lan-2026"}`},
	}
	for _, tc := range apiCases {
		t.Run(tc.name, func(t *testing.T) {
			status, m, raw := h.do(t, tc.method, tc.path, h.token, js, tc.body)
			if status != http.StatusBadRequest || m["code"] != "weak_password" || !strings.Contains(m["message"].(string), "dễ đoán") {
				t.Fatalf("%d %s", status, raw)
			}
		})
	}
	pageCases := []struct {
		name, path string
		form       url.Values
	}{
		{"users page new user", "/users", url.Values{"username": {"binh"}, "password": {weak}, "roles": {"editor"}}},
		{"users page reset", lanPath, url.Values{"password": {weak}}},
		{"own password", "/password", url.Values{"current": {adminPassword}, "password": {weak}, "again": {weak}}},
	}
	for _, tc := range pageCases {
		t.Run(tc.name, func(t *testing.T) {
			resp, page := admin.postPage(t, tc.path, tc.form)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "dễ đoán") || !strings.Contains(page, "từ không liên quan") {
				t.Fatalf("%d %s", resp.StatusCode, page)
			}
		})
	}
	if _, err := h.s.store.UserByName(context.Background(), "binh"); err == nil {
		t.Fatal("an account with a guessable password was created")
	}
	if after, _ := h.s.store.User(context.Background(), lan.ID); after.PasswordHash != lan.PasswordHash {
		t.Fatal("a guessable password replaced lan's")
	}
	h.logIn(t, "admin", adminPassword) // the admin's own is unchanged

	t.Run("CODONG_ADMIN_PASSWORD", func(t *testing.T) {
		_, err := New(context.Background(), Config{
			DataDir: t.TempDir(), Database: testDatabase(t), AdminPassword: weak, PasswordIterations: 1000,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Announce: func(string) {},
		})
		if err == nil || !strings.Contains(err.Error(), "CODONG_ADMIN_PASSWORD") || !strings.Contains(err.Error(), "dễ đoán") {
			t.Fatalf("a first admin with password %q: %v", weak, err)
		}
	})
}

// postPage posts a form and reads the page answered.
func (b *browser) postPage(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	form.Set("csrf", b.csrf)
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: b.cookie})
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp, string(page)
}
