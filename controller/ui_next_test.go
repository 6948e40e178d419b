package controller

import (
	"codong/controller/store"
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"codong/controller/auth"
	"codong/controller/console"
	"codong/controller/secret"
)

// TestExpiredSessionReturnsToThePage: an officer whose session ran out
// while a page stood open is sent to the login page with the reason, and
// after logging in comes back to where they were: the same address for a
// page, the form's page for a form (which was not carried out).
func TestExpiredSessionReturnsToThePage(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	admin, err := h.s.store.UserByName(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	expired, hash := secret.NewToken(secret.PrefixSession)
	if err := h.s.store.CreateSession(ctx, hash, admin.ID, "csrf-cu", time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(method, path, referer string, form url.Values) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, h.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: expired})
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	tests := []struct {
		name, method, path, referer string
		wantNext, wantWhy           string
	}{
		{"a page", "GET", "/schedule/calendar?target=group:cho&draft=1", "", "/schedule/calendar?target=group:cho&draft=1", "expired"},
		{"a form", "POST", "/groups", h.srv.URL + "/groups", "/groups", "expired_form"},
		{"a form sent from another site", "POST", "/groups", "http://evil.example/groups", "/", "expired_form"},
		{"a form with no referrer", "POST", "/boards/1/delete", "", "/", "expired_form"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := send(tc.method, tc.path, tc.referer, url.Values{"csrf": {"csrf-cu"}, "name": {"Chợ trung tâm"}})
			loc, err := url.Parse(resp.Header.Get("Location"))
			if resp.StatusCode != http.StatusSeeOther || err != nil || loc.Path != "/login" {
				t.Fatalf("%s %s with an expired session: %d → %q, want 303 to /login", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Location"))
			}
			if got := loc.Query().Get("next"); got != tc.wantNext {
				t.Fatalf("next = %q, want %q", got, tc.wantNext)
			}
			if got := loc.Query().Get("why"); got != tc.wantWhy {
				t.Fatalf("why = %q, want %q", got, tc.wantWhy)
			}
			page := get(t, h.srv.URL+loc.String())
			if !strings.Contains(page, html.EscapeString(console.LoginReasons[tc.wantWhy])) || !strings.Contains(page, `name="next" value="`+html.EscapeString(tc.wantNext)+`"`) {
				t.Fatalf("login page lacks the reason or the way back: %.1500s", page)
			}
			form := url.Values{"username": {"admin"}, "password": {"mật khẩu thử nghiệm đủ dài"}, "next": {tc.wantNext}}
			resp, err = noRedirect.PostForm(h.srv.URL+"/login", form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tc.wantNext {
				t.Fatalf("after logging in: %d → %q, want back to %q", resp.StatusCode, resp.Header.Get("Location"), tc.wantNext)
			}
		})
	}
	if gs, err := h.s.store.Groups(ctx, store.Everything); err != nil || len(gs) != 0 {
		t.Fatalf("a form sent with an expired session was carried out: groups %v, %v", gs, err)
	}
	// Nobody logged in before (no cookie): sent to log in, without
	// being told a session expired.
	resp, err := noRedirect.Get(h.srv.URL + "/users")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Location"); got != "/login?next=%2Fusers" {
		t.Fatalf("first visit: → %q, want /login?next=%%2Fusers", got)
	}
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return readAll(resp)
}
