package controller

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"codong/controller/auth"
	"codong/controller/staff"
)

const adminPassword = "mật khẩu thử nghiệm đủ dài"

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// browser is a person logged in through the login form.
type browser struct {
	h            *apiHarness
	cookie, csrf string
}

// logIn posts the login form and reads the session's CSRF token from the
// page it lands on.
func (h *apiHarness) logIn(t *testing.T, username, password string) *browser {
	t.Helper()
	resp, err := noRedirectClient.PostForm(h.srv.URL+"/login", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	b := &browser{h: h}
	for _, ck := range resp.Cookies() {
		if ck.Name == auth.SessionCookie {
			b.cookie = ck.Value
		}
	}
	if resp.StatusCode != http.StatusSeeOther || b.cookie == "" {
		t.Fatalf("log in as %s: %d", username, resp.StatusCode)
	}
	_, page := b.get(t, "/password")
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the page: %s", page)
	}
	b.csrf = m[1]
	return b
}

func (b *browser) get(t *testing.T, path string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", b.h.srv.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: b.cookie})
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp, string(page)
}

func (b *browser) post(t *testing.T, path string, form url.Values) *http.Response {
	t.Helper()
	form.Set("csrf", b.csrf)
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: b.cookie})
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// api calls the API as the page's scripts do: the session and its CSRF
// header.
func (b *browser) api(t *testing.T, method, path, body string) (int, map[string]any, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, b.h.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(auth.CSRFHeader, b.csrf)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: b.cookie})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	json.Unmarshal(raw, &m)
	return resp.StatusCode, m, raw
}

// changePassword chooses the person's own password, as the page they
// are sent to after a one-time one asks.
func (b *browser) changePassword(t *testing.T, current, next string) {
	t.Helper()
	resp := b.post(t, "/password", url.Values{"current": {current}, "password": {next}, "again": {next}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("change password: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// pendingOf returns the waiting version of a slogan.
func (b *browser) pendingOf(t *testing.T, slogan any) string {
	t.Helper()
	_, _, raw := b.api(t, "GET", fmt.Sprintf("/api/v1/versions?state=pending&kind=slogan&subject=%v", slogan), "")
	var vs []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(raw, &vs); err != nil || len(vs) != 1 {
		t.Fatalf("pending versions of slogan %v: %s", slogan, raw)
	}
	return fmt.Sprint(vs[0].ID)
}

// TestAdminCannotApproveThroughASecondAccount reproduces the attack: the
// admin drafts a slogan, creates "sock" with the approver role, logs in
// as sock and approves. It is refused, in words saying why; so is the
// same through an approver whose password the admin reset. An approver
// the admin did not make or reset approves the admin's draft.
func TestAdminCannotApproveThroughASecondAccount(t *testing.T) {
	h := newAPIHarness(t)
	admin := h.logIn(t, "admin", adminPassword)
	if status, _, raw := admin.api(t, "POST", "/api/v1/versions/1/approve", `{}`); status != http.StatusForbidden {
		t.Fatalf("the first admin approving: %d %s, want 403 (no approver role)", status, raw)
	}
	status, m, raw := admin.api(t, "POST", "/api/v1/slogans", `{"text":"Bản quản trị tự soạn"}`)
	if status != http.StatusCreated {
		t.Fatalf("admin drafts: %d %s", status, raw)
	}
	draft := admin.pendingOf(t, m["id"])
	if status, _, raw := admin.api(t, "POST", "/api/v1/users", `{"username":"sock","password":"mật khẩu của sock đủ dài","roles":["approver"]}`); status != http.StatusCreated {
		t.Fatalf("create sock: %d %s", status, raw)
	}

	sock := h.logIn(t, "sock", "mật khẩu của sock đủ dài")
	if resp, _ := sock.get(t, "/approvals"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/password" {
		t.Fatalf("sock's first session reached /approvals: %d → %q, want the change-password page", resp.StatusCode, resp.Header.Get("Location"))
	}
	if status, m, raw := sock.api(t, "POST", "/api/v1/versions/"+draft+"/approve", `{}`); status != http.StatusForbidden || m["code"] != "password_change_required" {
		t.Fatalf("sock's one-time session on the API: %d %s, want 403 password_change_required", status, raw)
	}
	sock.changePassword(t, "mật khẩu của sock đủ dài", "sock tự đặt mật khẩu mới")
	if _, page := sock.get(t, "/approvals"); !strings.Contains(page, `value="`+draft+`" disabled`) || !strings.Contains(page, "do bạn tạo hay đặt mật khẩu") {
		t.Fatalf("sock's Chờ duyệt page lets them tick the admin's draft: %s", page)
	}
	status, m, raw = sock.api(t, "POST", "/api/v1/versions/"+draft+"/approve", `{}`)
	if status != http.StatusForbidden || m["code"] != "four_eyes_same_person" || !strings.Contains(fmt.Sprint(m["message"]), "cùng một người") {
		t.Fatalf("sock approving the admin's draft: %d %s, want 403 four_eyes_same_person", status, raw)
	}

	// An approver made on the server's command line is another person.
	if _, err := staff.AddUser(context.Background(), h.s.store, testActor, "pho-bi-thu", "mật khẩu của phó bí thư", "approver"); err != nil {
		t.Fatal(err)
	}
	deputy := h.logIn(t, "pho-bi-thu", "mật khẩu của phó bí thư")
	deputy.changePassword(t, "mật khẩu của phó bí thư", "phó bí thư tự chọn mật khẩu")
	if status, _, raw := deputy.api(t, "POST", "/api/v1/versions/"+draft+"/approve", `{"comment":"Đồng ý"}`); status != http.StatusOK {
		t.Fatalf("an approver the admin did not make: %d %s", status, raw)
	}

	// The reset variant: the admin sets the deputy's password and logs
	// in as them.
	_, m, _ = admin.api(t, "POST", "/api/v1/slogans", `{"text":"Bản thứ hai quản trị tự soạn"}`)
	second := admin.pendingOf(t, m["id"])
	var users []struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
	}
	_, _, raw = admin.api(t, "GET", "/api/v1/users", "")
	json.Unmarshal(raw, &users)
	var deputyID int64
	for _, u := range users {
		if u.Username == "pho-bi-thu" {
			deputyID = u.ID
		}
	}
	if status, _, raw := admin.api(t, "PUT", fmt.Sprintf("/api/v1/users/%d/password", deputyID), `{"password":"quản trị biết mật khẩu này"}`); status != http.StatusNoContent {
		t.Fatalf("reset: %d %s", status, raw)
	}
	if status, _, _ := deputy.api(t, "GET", "/api/v1/slogans", ""); status != http.StatusUnauthorized {
		t.Fatalf("the deputy's session after the reset: %d, want ended", status)
	}
	posing := h.logIn(t, "pho-bi-thu", "quản trị biết mật khẩu này")
	if status, m, raw := posing.api(t, "POST", "/api/v1/versions/"+second+"/approve", `{}`); status != http.StatusForbidden || m["code"] != "password_change_required" {
		t.Fatalf("a reset password's session on the API: %d %s, want 403 password_change_required", status, raw)
	}
	posing.changePassword(t, "quản trị biết mật khẩu này", "quản trị đặt tiếp mật khẩu khác")
	if status, m, raw := posing.api(t, "POST", "/api/v1/versions/"+second+"/approve", `{}`); status != http.StatusForbidden || m["code"] != "four_eyes_same_person" {
		t.Fatalf("approving the admin's draft as the reset deputy: %d %s, want 403 four_eyes_same_person", status, raw)
	}
	_, _, raw = admin.api(t, "GET", "/api/v1/audit?kind=version", "")
	if n := strings.Count(string(raw), `"version.four_eyes"`); n != 2 {
		t.Fatalf("the audit log holds %d refused approvals, want 2: %s", n, raw)
	}
	if _, page := admin.get(t, "/users"); !strings.Contains(page, "Trong tay: admin tạo tài khoản") || !strings.Contains(page, "Trong tay: admin đặt mật khẩu") {
		t.Fatalf("the users page does not say whose hands sock and the deputy are in: %s", page)
	}
	_, _, raw = admin.api(t, "GET", "/api/v1/audit?kind=account", "")
	if n := strings.Count(string(raw), `"account.control"`); n != 2 {
		t.Fatalf("the audit log says the admin controls %d accounts, want 2 (sock, created; the deputy, reset): %s", n, raw)
	}
}
