package controller

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"codong/controller/auth"
	"codong/internal/phototest"
)

var noRedirectClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestEditVersionBelowOneRefusedByTheAPI: every door that takes the
// version an edit was made from (slogans by JSON and If-Match, photos,
// the slogan form) refuses a number below 1 with a clear 400, and the
// colleague's newer version stays the newest.
func TestEditVersionBelowOneRefusedByTheAPI(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	editor, colleague := h.tokenFor(t, "editor"), h.tokenFor(t, "editor")
	status, m, raw := h.do(t, "POST", "/api/v1/slogans", editor, js, `{"text":"Mừng Đảng quang vinh"}`)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, raw)
	}
	id := fmt.Sprint(m["id"])
	if status, _, raw := h.do(t, "PUT", "/api/v1/slogans/"+id, colleague, js, `{"text":"Bản của đồng chí khác","version":1}`); status != 200 {
		t.Fatalf("colleague's edit: %d %s", status, raw)
	}
	pstatus, praw := h.upload(t, editor, map[string][]byte{"anh.png": phototest.PNG(phototest.Halves(60, 40))}, nil)
	var photos []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(praw, &photos); err != nil || pstatus != http.StatusCreated || len(photos) != 1 {
		t.Fatalf("upload: %d %s", pstatus, praw)
	}
	photo := fmt.Sprint(photos[0].ID)
	for _, v := range []string{"-1", "0", "-9223372036854775808"} {
		t.Run("version "+v, func(t *testing.T) {
			if status, m, raw := h.do(t, "PUT", "/api/v1/slogans/"+id, editor, js, `{"text":"Ghi đè","version":`+v+`}`); status != 400 || m["code"] != "bad_version" {
				t.Errorf("slogan PUT: %d %s, want 400 bad_version", status, raw)
			}
			req, _ := http.NewRequest("PUT", h.srv.URL+"/api/v1/slogans/"+id, strings.NewReader(`{"text":"Ghi đè"}`))
			req.Header.Set("Authorization", "Bearer "+editor)
			req.Header.Set("Content-Type", js)
			req.Header.Set("If-Match", `"`+v+`"`)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 400 {
				t.Errorf("slogan PUT with If-Match %s: %d, want 400", v, resp.StatusCode)
			}
			if status, m, raw := h.do(t, "PUT", "/api/v1/photos/"+photo, editor, js, `{"caption":"Ghi đè","version":`+v+`}`); status != 400 || m["code"] != "bad_version" {
				t.Errorf("photo PUT: %d %s, want 400 bad_version", status, raw)
			}
			if !strings.HasPrefix(v, "-9") {
				cookie, csrf := h.sessionFor(t, "editor")
				form := url.Values{"csrf": {csrf}, "text": {"Ghi đè"}, "style": {"classic"}, "version": {v}}
				req, _ := http.NewRequest("POST", h.srv.URL+"/slogans/"+id, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
				resp, err := noRedirectClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusSeeOther {
					t.Errorf("slogan form with version %s was saved", v)
				}
			}
		})
	}
	// Every other resource replaced whole goes through the same contract.
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	_, _, raw = h.do(t, "GET", "/api/v1/playlists/default", h.token, "", "")
	if err := json.Unmarshal(raw, &list); err != nil || len(list.Items) == 0 {
		t.Fatalf("default playlist: %s", raw)
	}
	for _, r := range []struct{ path, body string }{
		{fmt.Sprintf("/api/v1/playlists/default/items/%d", list.Items[0].ID), `{"seconds":12,"version":-1}`},
		{"/api/v1/playlists/default", `{"name":"Đổi tên","version":-1}`},
		{"/api/v1/boards/1", `{"version":-1}`},
		{"/api/v1/users/1", `{"version":-1}`},
	} {
		if status, m, raw := h.do(t, "PUT", r.path, h.token, js, r.body); status != 400 || m["code"] != "bad_version" {
			t.Errorf("PUT %s with version -1: %d %s, want 400 bad_version", r.path, status, raw)
		}
	}
	_, m, _ = h.do(t, "GET", "/api/v1/slogans/"+id, editor, "", "")
	if m["version"] != float64(2) {
		t.Fatalf("the slogan is at version %v, want the colleague's 2 kept", m["version"])
	}
}

// TestResubmitByAnotherEditorRefused: a rejected version goes back for
// review only by its author, refused to others in words that say how to
// carry it on.
func TestResubmitByAnotherEditorRefused(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	author, other, approver := h.tokenFor(t, "editor"), h.tokenFor(t, "editor"), h.tokenFor(t, "approver")
	if status, _, raw := h.do(t, "POST", "/api/v1/slogans", author, js, `{"text":"Mừng Đảng quang vinh"}`); status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, raw)
	}
	_, _, raw := h.do(t, "GET", "/api/v1/versions?state=pending&kind=slogan", author, "", "")
	var pending []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(raw, &pending); err != nil || len(pending) != 1 {
		t.Fatalf("pending: %s", raw)
	}
	v := fmt.Sprint(pending[0].ID)
	if status, _, raw := h.do(t, "POST", "/api/v1/versions/"+v+"/reject", approver, js, `{"comment":"Sai chính tả"}`); status != 200 {
		t.Fatalf("reject: %d %s", status, raw)
	}
	status, m, raw := h.do(t, "POST", "/api/v1/versions/"+v+"/resubmit", other, js, `{}`)
	if status != http.StatusForbidden || m["code"] != "not_author" || !strings.Contains(fmt.Sprint(m["message"]), "Chỉ người soạn") {
		t.Fatalf("resubmit by another editor: %d %s, want 403 not_author", status, raw)
	}
	if status, _, raw := h.do(t, "POST", "/api/v1/versions/"+v+"/resubmit", author, js, `{}`); status != 200 {
		t.Fatalf("resubmit by the author: %d %s", status, raw)
	}
}
