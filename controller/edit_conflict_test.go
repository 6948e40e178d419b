package controller

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"codong/controller/auth"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/controller/upload"
	"codong/internal/phototest"
	"codong/playlists"
)

// TestBoardSettingsAreNotLastWriteWins replays the incident on the
// engine of this run: operator Lan sets the market board's 22:00–05:00
// off window; operator Tuấn, from the settings he opened before, saves
// its groups without naming the power windows. His save is refused with
// 409 naming Lan, the off window stays, and his save from the version
// now stored keeps it; a save naming no version gets 428, and If-Match
// works as the body's field does.
func TestBoardSettingsAreNotLastWriteWins(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	ctx := context.Background()
	lan, _, err := staff.CreateAPIToken(ctx, h.s.store, testActor, "ca sáng Lan", "operator", 0)
	if err != nil {
		t.Fatal(err)
	}
	tuan, _, err := staff.CreateAPIToken(ctx, h.s.store, testActor, "ca chiều Tuấn", "operator", 0)
	if err != nil {
		t.Fatal(err)
	}
	boards, _ := h.s.store.Boards(ctx, store.Everything)
	id, opened := boards[0].ID, 1 // a new board's settings are at version 1
	path := fmt.Sprintf("/api/v1/boards/%d", id)

	status, m, raw := h.do(t, "PUT", path, lan, js, fmt.Sprintf(`{"power":[{"start":"22:00","end":"05:00","brightness":0}],"version":%d}`, opened))
	if status != http.StatusOK || m["version"] != float64(opened+1) {
		t.Fatalf("Lan's off window: %d %s", status, raw)
	}
	status, m, raw = h.do(t, "PUT", path, tuan, js, fmt.Sprintf(`{"groups":[],"version":%d}`, opened))
	msg, _ := m["message"].(string)
	if status != http.StatusConflict || m["code"] != "edit_conflict" || !strings.Contains(msg, "ca sáng Lan") || !strings.Contains(msg, "chưa được lưu") {
		t.Fatalf("Tuấn's stale save: %d %s, want 409 edit_conflict naming Lan", status, raw)
	}
	offWindow := func() string {
		b, err := h.s.store.Board(ctx, store.Everything, id)
		if err != nil {
			t.Fatal(err)
		}
		return playlists.FormatPower(b.Power)
	}
	if got := offWindow(); got != "22:00-05:00 0%" {
		t.Fatalf("after the refused save the board's windows are %q", got)
	}
	if status, m, raw = h.do(t, "PUT", path, tuan, js, `{"groups":[]}`); status != http.StatusPreconditionRequired || m["code"] != "version_required" {
		t.Fatalf("a save naming no version: %d %s", status, raw)
	}
	// The list tells the version to send back.
	_, _, raw = h.do(t, "GET", "/api/v1/boards", tuan, "", "")
	if !strings.Contains(string(raw), fmt.Sprintf(`"settings_version":%d`, opened+1)) {
		t.Fatalf("GET /boards does not tell the settings version: %s", raw)
	}
	req, _ := http.NewRequest("PUT", h.srv.URL+path, strings.NewReader(`{"groups":[]}`))
	req.Header.Set("Authorization", "Bearer "+tuan)
	req.Header.Set("Content-Type", js)
	req.Header.Set("If-Match", fmt.Sprintf(`"%d"`, opened+1))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") != fmt.Sprintf(`"%d"`, opened+2) {
		t.Fatalf("save with If-Match: %d, ETag %s", resp.StatusCode, resp.Header.Get("ETag"))
	}
	if got := offWindow(); got != "22:00-05:00 0%" {
		t.Fatalf("a save that did not name the power windows changed them to %q", got)
	}

	// The console's row form carries the version it was drawn from: a
	// stale one gets the same refusal, as a page.
	cookie, csrf := h.sessionAs(t, "tuan", store.Roles{store.RoleOperator})
	form := url.Values{"csrf": {csrf}, "power": {""}, "scroll_speed": {""}, "version": {fmt.Sprint(opened)}}
	req, _ = http.NewRequest("POST", h.srv.URL+fmt.Sprintf("/boards/%d", id), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(readAll(resp))
	if resp.StatusCode != http.StatusConflict || !strings.Contains(page, "ca chiều Tuấn") || !strings.Contains(page, "chưa được lưu") {
		t.Fatalf("stale board form: %d %.600s", resp.StatusCode, page)
	}
	if got := offWindow(); got != "22:00-05:00 0%" {
		t.Fatalf("a stale form changed the windows to %q", got)
	}
}

// TestEveryReplaceNamesItsVersion walks the route table: every PUT, a
// resource replaced whole, refuses a change that names no version (428)
// and one from an older version (409 naming who saved since), on the
// engine of this run. A new PUT route without the contract fails here.
func TestEveryReplaceNamesItsVersion(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	const js = "application/json"
	all := h.tokenFor(t, "admin,approver,editor,operator")
	p, err := h.s.store.Playlist(ctx, store.Everything, playlists.DefaultSlug)
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("seeded playlist: %+v %v", p, err)
	}
	g, err := h.s.store.CreateGroup(ctx, testActor, "Chợ")
	if err != nil {
		t.Fatal(err)
	}
	status, raw := h.upload(t, all, map[string][]byte{"a.png": phototest.PNG(phototest.Halves(32, 16))}, nil)
	var photos []upload.Result
	if err := json.Unmarshal(raw, &photos); err != nil || status != http.StatusCreated {
		t.Fatalf("upload: %d %s", status, raw)
	}
	photo := photos[0].ID
	must := func(v int, err error) int {
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := map[string]struct {
		path, body string
		version    func() int // the version stored now
	}{
		"/slogans/:id": {"/slogans/1", `{"text":"Mừng Đảng, mừng Xuân"}`, func() int {
			sl, err := h.s.store.Slogan(ctx, store.Everything, 1)
			return must(sl.Version, err)
		}},
		"/photos/:id": {fmt.Sprintf("/photos/%d", photo), `{"caption":"Triển lãm","fit":"letterbox","style":"classic"}`, func() int {
			ph, err := h.s.store.Photo(ctx, store.Everything, photo)
			return must(ph.Version, err)
		}},
		"/playlists/:slug": {"/playlists/default", `{"name":"Mặc định mới"}`, func() int {
			pl, err := h.s.store.Playlist(ctx, store.Everything, playlists.DefaultSlug)
			return must(pl.NameVersion, err)
		}},
		"/playlists/:slug/items/:id": {fmt.Sprintf("/playlists/default/items/%d", p.Items[0].ID), `{"seconds":12}`, func() int {
			pl, err := h.s.store.Playlist(ctx, store.Everything, playlists.DefaultSlug)
			return must(pl.Version, err)
		}},
		"/groups/:slug": {"/groups/" + g.Slug, `{"name":"Chợ trung tâm"}`, func() int {
			gr, err := h.s.store.Group(ctx, store.Everything, g.Slug)
			return must(gr.Version, err)
		}},
		"/boards/:id": {"/boards/1", `{"groups":[]}`, func() int {
			b, err := h.s.store.Board(ctx, store.Everything, 1)
			return must(b.Version, err)
		}},
		"/organisation": {"/organisation", `{"party_body":"Đảng bộ xã Liên Minh","place":"Liên Minh","congress":"3","term":"2025-2030","recipient":"Ban Tuyên giáo và Dân vận Tỉnh uỷ"}`, func() int {
			o, err := h.s.store.Organisation(ctx)
			return must(o.Version, err)
		}},
		"/units/:slug": {"/units/goc", `{"name":"Tỉnh Lai Châu"}`, func() int {
			tree, err := h.s.store.Units(ctx)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := tree.BySlug("goc")
			return u.Version
		}},
		"/users/:id": {"/users/1", `{"roles":["admin","editor"]}`, func() int {
			u, err := h.s.store.User(ctx, 1)
			return must(u.Version, err)
		}},
	}
	for _, r := range h.s.apiRoutes() {
		if r.method != http.MethodPut || r.path == "/users/:id/password" { // a password is set anew, not edited
			continue
		}
		t.Run(r.path, func(t *testing.T) {
			c, ok := cases[r.path]
			if !ok {
				t.Fatalf("PUT %s: no case here; every resource replaced whole takes a version", r.path)
			}
			path := "/api/v1" + c.path
			if status, m, raw := h.do(t, "PUT", path, all, js, c.body); status != http.StatusPreconditionRequired || m["code"] != "version_required" {
				t.Fatalf("no version: %d %s, want 428 version_required", status, raw)
			}
			opened := c.version()
			with := strings.TrimSuffix(c.body, "}") + fmt.Sprintf(`,"version":%d}`, opened)
			if status, _, raw := h.do(t, "PUT", path, all, js, with); status != http.StatusOK {
				t.Fatalf("from the version stored: %d %s", status, raw)
			}
			// The same change from the version opened is now stale.
			status, m, raw := h.do(t, "PUT", path, all, js, with)
			if status != http.StatusConflict || m["code"] != "edit_conflict" || !strings.Contains(fmt.Sprint(m["message"]), "thử admin,approver,editor,operator") {
				t.Fatalf("stale version: %d %s, want 409 edit_conflict naming who saved", status, raw)
			}
		})
	}
}
