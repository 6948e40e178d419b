package controller

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"codong/controller/auth"
	"codong/controller/secret"
	"codong/controller/store"
	"codong/internal/phototest"
)

// TestEveryRouteRefusesControlCharacters walks the route table, so a new
// route is covered by itself: a NUL (or another control character) in a
// path parameter, a query value, a JSON string or a form field gets a 400
// naming the character, on the engine of this run, before anything is
// stored or looked up (PostgreSQL answered 500 on eleven routes).
func TestEveryRouteRefusesControlCharacters(t *testing.T) {
	h := newAPIHarness(t)
	all := h.tokenFor(t, "admin,approver,editor,operator")
	cookie, csrf := h.sessionAs(t, "moi-vai-tro", store.AllRoles)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	good := strings.NewReplacer(":id", "1", ":slug", "default", ":sum", strings.Repeat("ab", 32))
	bad := strings.NewReplacer(":id", "1%00", ":slug", "default%00", ":sum", strings.Repeat("ab", 32)+"%00")
	// A stream (the wall's events) that wrongly accepts the request must
	// fail the test, not hang it.
	bounded := &http.Client{Timeout: 20 * time.Second}
	do := func(t *testing.T, method, path, token, ctype, body string) (int, map[string]any, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		resp, err := bounded.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var m map[string]any
		json.Unmarshal(raw, &m)
		return resp.StatusCode, m, raw
	}
	wantAPI := func(t *testing.T, status int, m map[string]any, raw []byte) {
		t.Helper()
		msg, _ := m["message"].(string)
		if status != http.StatusBadRequest || m["code"] != "control_character" || !strings.Contains(msg, "ký tự điều khiển U+") {
			t.Fatalf("got %d %s, want 400 control_character", status, raw)
		}
	}
	for _, r := range h.s.apiRoutes() {
		path := "/api/v1" + good.Replace(r.path)
		if strings.Contains(r.path, ":") {
			t.Run("api path "+r.method+" "+r.path, func(t *testing.T) {
				status, m, raw := do(t, r.method, "/api/v1"+bad.Replace(r.path), all, "", "")
				wantAPI(t, status, m, raw)
			})
		}
		t.Run("api query "+r.method+" "+r.path, func(t *testing.T) {
			status, m, raw := do(t, r.method, path+"?text=M%E1%BB%ABng%00", all, "", "")
			wantAPI(t, status, m, raw)
		})
		if r.method != http.MethodPut && r.method != http.MethodPost {
			continue
		}
		t.Run("api body "+r.method+" "+r.path, func(t *testing.T) {
			if r.path == "/photos" { // an upload: its caption
				req := phototest.UploadRequest(h.srv.URL+path, all, []phototest.File{{Name: "a.png", Data: phototest.PNG(phototest.Halves(16, 8))}}, map[string]string{"caption": "Triển lãm\x1b"})
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(raw), `"control_character"`) {
					t.Fatalf("upload with a control character in its caption: %d %s", resp.StatusCode, raw)
				}
				return
			}
			// Escaped in JSON, nested in a list, or a raw byte.
			for _, body := range []string{`{"name":"Bảng\u0000"}`, `{"groups":["a\u001b"]}`, "{\"name\":\"B\x00\"}", `{"text":"Mừng\u0085"}`} {
				status, m, raw := do(t, r.method, path, all, "application/json", body)
				wantAPI(t, status, m, raw)
			}
		})
	}
	for _, r := range h.s.uiRoutes() {
		if r.path == "/logout" {
			continue
		}
		t.Run("ui "+r.method+" "+r.path, func(t *testing.T) {
			target := h.srv.URL + bad.Replace(r.path)
			body := url.Values{"csrf": {csrf}}
			if r.method == http.MethodPost {
				target = h.srv.URL + good.Replace(r.path)
				body.Set("name", "Nhóm\x00")
			}
			req, _ := http.NewRequest(r.method, target, strings.NewReader(body.Encode()))
			if r.method == http.MethodGet && !strings.Contains(r.path, ":") {
				req.URL.RawQuery = "text=a%00"
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			page := html.UnescapeString(readAll(resp))
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "ký tự điều khiển U+") || !strings.Contains(page, "<html") {
				t.Fatalf("got %d, want 400 with a Vietnamese page; page: %.300s", resp.StatusCode, page)
			}
		})
	}
}

// TestControlCharactersLeaveNothingStored: a refused request changes
// nothing, and the line breaks of real text are still taken.
func TestControlCharactersLeaveNothingStored(t *testing.T) {
	h := newAPIHarness(t)
	before, _ := desiredText(t, h.s)
	status, m, raw := h.do(t, "PUT", "/api/v1/playlists/default", h.token, "application/json", `{"name":"Mặc định\u0000"}`)
	if status != http.StatusBadRequest || m["code"] != "control_character" {
		t.Fatalf("rename with NUL: %d %s", status, raw)
	}
	if after, _ := desiredText(t, h.s); after != before {
		t.Fatalf("a refused request changed what boards are sent")
	}
	status, _, raw = h.do(t, "POST", "/api/v1/slogans", h.token, "application/json", `{"text":"Mừng Đảng\nmừng Xuân 2026"}`)
	if status != http.StatusCreated {
		t.Fatalf("slogan on two lines: %d %s", status, raw)
	}
}

// TestFailedLoginWithControlCharacterIsAudited: a login with a NUL in the
// name is refused in words and still enters the audit log, the character
// written out so the entry can be stored (PostgreSQL refuses a NUL).
func TestFailedLoginWithControlCharacterIsAudited(t *testing.T) {
	h := newAPIHarness(t)
	form := url.Values{"username": {"admin\x00x"}, "password": {"mật khẩu thử nghiệm đủ dài"}}
	resp, err := http.PostForm(h.srv.URL+"/login", form)
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(readAll(resp))
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "ký tự điều khiển U+0000") {
		t.Fatalf("login with a NUL: %d %s", resp.StatusCode, page)
	}
	entries, err := h.s.store.Audit(context.Background(), store.Everything, store.AuditFilter{Kind: "login", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == "login.failed" && strings.Contains(e.Detail, `admin\u{0}x`) {
			return
		}
	}
	t.Fatalf("no login.failed entry naming admin\\u{0}x: %+v", entries)
}

// sessionAs logs a new user holding roles in, as sessionFor does, under
// a name of the test's choosing (sessionFor's name for all four roles is
// longer than a user name may be).
func (h *apiHarness) sessionAs(t *testing.T, name string, roles store.Roles) (cookie, csrf string) {
	t.Helper()
	u, err := h.s.store.CreateUser(context.Background(), testActor, name, "khong-dung", roles)
	if err != nil {
		t.Fatal(err)
	}
	// The person has chosen their own password (one set by another only
	// reaches the change-password page).
	if err := h.s.store.ChangeOwnPassword(context.Background(), store.Actor{Key: store.UserKey(u.ID), Name: u.Username}, u.ID, "khong-dung", ""); err != nil {
		t.Fatal(err)
	}
	cookie, hash := secret.NewToken(secret.PrefixSession)
	csrf = "csrf-" + cookie[len(cookie)-8:]
	if err := h.s.store.CreateSession(context.Background(), hash, u.ID, csrf, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return cookie, csrf
}
