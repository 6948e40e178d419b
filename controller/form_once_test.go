package controller

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"codong/controller/auth"
	"codong/controller/store"
	"codong/internal/phototest"
)

// consolePage is a logged-in browser for the form tests: its cookie and
// CSRF token, no redirects followed.
type consolePage struct {
	h            *apiHarness
	cookie, csrf string
}

func (p consolePage) get(t *testing.T, path string, extra ...*http.Cookie) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", p.h.srv.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: p.cookie})
	for _, ck := range extra {
		req.AddCookie(ck)
	}
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readAll(resp)
}

// post sends a form as the browser does: urlencoded, or multipart when
// file is set.
func (p consolePage) post(t *testing.T, path string, form url.Values, file []byte) (*http.Response, string) {
	t.Helper()
	form.Set("csrf", p.csrf)
	var body bytes.Buffer
	ctype := "application/x-www-form-urlencoded"
	if file == nil {
		body.WriteString(form.Encode())
	} else {
		w := multipart.NewWriter(&body)
		for k, vs := range form {
			for _, v := range vs {
				w.WriteField(k, v)
			}
		}
		fw, _ := w.CreateFormFile("photo", "trien-lam.png")
		fw.Write(file)
		w.Close()
		ctype = w.FormDataContentType()
	}
	req, _ := http.NewRequest("POST", p.h.srv.URL+path, &body)
	req.Header.Set("Content-Type", ctype)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: p.cookie})
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readAll(resp)
}

// formKeyOf reads the form key of the form whose opening tag has mark.
func formKeyOf(t *testing.T, page, mark string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<form[^>]*` + regexp.QuoteMeta(mark) + `[^>]*>.*?name="form_key" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form key in the form %s: %.3000s", mark, page)
	}
	return m[1]
}

func cookieOf(resp *http.Response, name string) *http.Cookie {
	for _, ck := range resp.Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

// lastAudit is the newest audit entry's ID: every change writes one.
func lastAudit(t *testing.T, h *apiHarness) int64 {
	t.Helper()
	es, err := h.s.store.Audit(context.Background(), store.Everything, store.AuditFilter{Limit: 1})
	if err != nil || len(es) == 0 {
		t.Fatalf("audit: %v %v", es, err)
	}
	return es[0].ID
}

// TestEveryCreatingFormCreatesOnce: each form of the console that
// creates something carries a key drawn with the page; the same form
// sent twice (Back then save, a double click, a reloaded POST) creates
// once, and the second answer leads where the first did, saying so.
func TestEveryCreatingFormCreatesOnce(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	cookie, csrf := h.sessionFor(t, "admin,editor,operator")
	p := consolePage{h: h, cookie: cookie, csrf: csrf}
	approved := approvedSloganVersion(t, h)
	code := "P" + fmt.Sprint(time.Now().UnixNano()%100000)
	if err := h.s.store.CreatePairing(ctx, store.Pairing{Code: code, Width: 192, Height: 64, Address: "127.0.0.1", ExpiresAt: time.Now().Add(time.Hour)}, "bam-"+code); err != nil {
		t.Fatal(err)
	}
	photo := phototest.PNG(phototest.Halves(160, 90))
	tests := []struct {
		name, page, mark, path string
		form                   url.Values
		file                   []byte
	}{
		{"new slogan", "/slogans/new", `id="slogan-form"`, "/slogans/new", url.Values{"text": {"Mừng Đảng, mừng Xuân"}, "style": {"classic"}}, nil},
		{"photos", "/photos", `id="photo-upload"`, "/photos", url.Values{"caption": {"Triển lãm"}, "fit": {"letterbox"}, "style": {"classic"}}, photo},
		{"playlist", "/playlists", `id="playlist-create"`, "/playlists", url.Values{"name": {"Trước Đại hội"}, "slug": {"truoc-dai-hoi"}}, nil},
		{"playlist item", "/playlists", `action="/playlists/default/items" class="inline add-item"`, "/playlists/default/items", url.Values{"slogan_id": {"1"}, "seconds": {"10"}}, nil},
		{"group", "/groups", `class="inline add-group"`, "/groups", url.Values{"name": {"Chợ trung tâm"}}, nil},
		{"schedule slot", "/schedule", `id="slot-form"`, "/schedule", url.Values{"playlist": {"default"}, "target": {""}, "allday": {"1"}, "day": {"0", "1", "2", "3", "4", "5", "6"}}, nil},
		{"board", "/boards", `action="/boards" class="grid"`, "/boards", url.Values{"name": {"Bảng LED chợ"}, "size": {"384x128"}}, nil},
		{"adopt", "/boards", `action="/boards/adopt"`, "/boards/adopt", url.Values{"code": {code}, "name": {"Bảng thôn Đông"}, "size": {"192x64"}}, nil},
		{"user", "/users", `action="/users" class="stack"`, "/users", url.Values{"username": {"lan"}, "password": {"một câu dài chị Lan nhớ được"}, "roles": {"editor"}}, nil},
		{"token", "/users", `action="/tokens"`, "/tokens", url.Values{"name": {"Kịch bản trực ban"}, "roles": {"operator"}, "days": {"30"}}, nil},
		{"restore a version", fmt.Sprintf("/versions/%d", approved), "/restore", fmt.Sprintf("/versions/%d/restore", approved), url.Values{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, page := p.get(t, tc.page)
			tc.form.Set("form_key", formKeyOf(t, page, tc.mark))
			before := lastAudit(t, h)
			first, body := p.post(t, tc.path, tc.form, tc.file)
			if first.StatusCode != http.StatusSeeOther {
				t.Fatalf("first POST: %d %.2000s", first.StatusCode, body)
			}
			made := lastAudit(t, h)
			if made == before {
				t.Fatal("the first POST wrote nothing")
			}
			again, body := p.post(t, tc.path, tc.form, tc.file)
			if again.StatusCode != http.StatusSeeOther || again.Header.Get("Location") != first.Header.Get("Location") {
				t.Fatalf("second POST: %d → %q, want 303 → %q (%.500s)", again.StatusCode, again.Header.Get("Location"), first.Header.Get("Location"), body)
			}
			if ck := cookieOf(again, "codong_flash"); ck == nil || ck.Value != "form_again" {
				t.Fatalf("second POST does not say it was saved before: %v", ck)
			}
			if lastAudit(t, h) != made {
				t.Fatal("the second POST with the same key wrote again")
			}
		})
	}
	t.Run("a refused form frees its key", func(t *testing.T) {
		_, page := p.get(t, "/groups")
		form := url.Values{"form_key": {formKeyOf(t, page, `class="inline add-group"`)}, "name": {"   "}}
		if resp, _ := p.post(t, "/groups", form, nil); resp.StatusCode == http.StatusSeeOther {
			t.Fatal("an empty group name was taken")
		}
		form.Set("name", "Thôn Đông")
		if resp, body := p.post(t, "/groups", form, nil); resp.StatusCode != http.StatusSeeOther || cookieOf(resp, "codong_flash").Value != "group_created" {
			t.Fatalf("the corrected form: %d %.500s", resp.StatusCode, body)
		}
	})
	t.Run("a double click", func(t *testing.T) {
		_, page := p.get(t, "/groups")
		key := formKeyOf(t, page, `class="inline add-group"`)
		before := lastAudit(t, h)
		var wg sync.WaitGroup
		locs := make([]string, 4)
		for i := range locs {
			wg.Go(func() {
				// Not p.post: a goroutine may not end the test.
				form := url.Values{"csrf": {p.csrf}, "form_key": {key}, "name": {"Thôn Bắc"}}
				req, _ := http.NewRequest("POST", h.srv.URL+"/groups", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: p.cookie})
				resp, err := noRedirectClient.Do(req)
				if err != nil {
					locs[i] = err.Error()
					return
				}
				resp.Body.Close()
				locs[i] = fmt.Sprint(resp.StatusCode, " ", resp.Header.Get("Location"))
			})
		}
		wg.Wait()
		for _, l := range locs {
			if l != locs[0] || !strings.HasPrefix(l, "303 ") {
				t.Fatalf("four clicks at once answered %q, want the same redirect each", locs)
			}
		}
		if es, _ := h.s.store.Audit(ctx, store.Everything, store.AuditFilter{Limit: 5}); len(es) < 1 || es[0].ID != before+1 {
			t.Fatalf("four clicks at once wrote %d entries, want 1", es[0].ID-before)
		}
	})
	t.Run("another person's key is not theirs", func(t *testing.T) {
		_, page := p.get(t, "/groups")
		form := url.Values{"form_key": {formKeyOf(t, page, `class="inline add-group"`)}, "name": {"Thôn Tây"}}
		p.post(t, "/groups", form, nil)
		oc, ocsrf := h.sessionFor(t, "operator")
		other := consolePage{h: h, cookie: oc, csrf: ocsrf}
		form.Set("name", "Thôn Nam")
		if resp, _ := other.post(t, "/groups", form, nil); cookieOf(resp, "codong_flash").Value != "group_created" {
			t.Fatal("one person's key answered another's form")
		}
	})
}

// approvedSloganVersion makes a slogan and has it approved, returning
// the approved version's ID.
func approvedSloganVersion(t *testing.T, h *apiHarness) int64 {
	t.Helper()
	const js = "application/json"
	editor, approver := h.tokenFor(t, "editor"), h.tokenFor(t, "approver")
	status, m, raw := h.do(t, "POST", "/api/v1/slogans", editor, js, `{"text":"Bản đã duyệt để khôi phục"}`)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, raw)
	}
	_, _, raw = h.do(t, "GET", fmt.Sprintf("/api/v1/versions?state=pending&kind=slogan&subject=%v", m["id"]), editor, "", "")
	var vs []struct{ ID int64 }
	if err := json.Unmarshal(raw, &vs); err != nil || len(vs) != 1 {
		t.Fatalf("pending versions: %s", raw)
	}
	if status, _, raw := h.do(t, "POST", fmt.Sprintf("/api/v1/versions/%d/approve", vs[0].ID), approver, js, `{}`); status != http.StatusOK {
		t.Fatalf("approve: %d %s", status, raw)
	}
	return vs[0].ID
}

// TestNewTokenPageShowsItOnce: creating a token answers with a
// redirect; the page it leads to shows the token once, and reloading it
// shows that it was shown, creating nothing. The same for a board's.
func TestNewTokenPageShowsItOnce(t *testing.T) {
	h := newAPIHarness(t)
	cookie, csrf := h.sessionFor(t, "admin,operator")
	p := consolePage{h: h, cookie: cookie, csrf: csrf}
	tests := []struct {
		name, path, prefix string
		form               url.Values
	}{
		{"API token", "/tokens", "cda_", url.Values{"name": {"Kịch bản"}, "roles": {"operator"}, "days": {"30"}}},
		{"board token", "/boards", "cdb_", url.Values{"name": {"Bảng chợ"}, "size": {"384x128"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := p.post(t, tc.path, tc.form, nil)
			shown := cookieOf(resp, "codong_shown_once")
			if resp.StatusCode != http.StatusSeeOther || shown == nil || !strings.HasPrefix(shown.Value, tc.prefix) || shown.Path != resp.Header.Get("Location") || !shown.HttpOnly {
				t.Fatalf("POST %s: %d %v, want a redirect handing the token to its page (%.500s)", tc.path, resp.StatusCode, shown, body)
			}
			before := lastAudit(t, h)
			page, html := p.get(t, resp.Header.Get("Location"), shown)
			if page.StatusCode != http.StatusOK || !strings.Contains(html, shown.Value) {
				t.Fatalf("the token's page: %d %.1500s", page.StatusCode, html)
			}
			if ck := cookieOf(page, "codong_shown_once"); ck == nil || ck.MaxAge >= 0 {
				t.Fatalf("the page does not clear the token it showed: %v", ck)
			}
			reload, html := p.get(t, resp.Header.Get("Location"))
			if reload.StatusCode != http.StatusOK || strings.Contains(html, tc.prefix) || !strings.Contains(html, "đã hiện một lần") {
				t.Fatalf("reloading the token's page: %d %.1500s", reload.StatusCode, html)
			}
			if lastAudit(t, h) != before {
				t.Fatal("showing the token's page changed something")
			}
		})
	}
}
