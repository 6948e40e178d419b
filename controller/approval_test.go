package controller

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"codong/controller/auth"
	"codong/controller/secret"
	"codong/controller/staff"
	"codong/controller/store"
)

// tokenFor makes an API token of its own person (made on the command
// line) holding roles.
func (h *apiHarness) tokenFor(t *testing.T, roles string) string {
	t.Helper()
	tok, _, err := staff.CreateAPIToken(context.Background(), h.s.store, testActor, "thử "+roles, roles, 0)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// sessionFor makes a user holding roles and a logged-in browser session
// for them: its cookie value and CSRF token.
func (h *apiHarness) sessionFor(t *testing.T, roles string) (cookie, csrf string) {
	t.Helper()
	ctx := context.Background()
	rs, err := store.ParseRoles(roles)
	if err != nil {
		t.Fatal(err)
	}
	u, err := h.s.store.CreateUser(ctx, testActor, "nguoi-"+strings.ReplaceAll(roles, ",", "-")+fmt.Sprint(time.Now().UnixNano()), "khong-dung", rs)
	if err != nil {
		t.Fatal(err)
	}
	// The person has chosen their own password (one set by another only
	// reaches the change-password page).
	if err := h.s.store.ChangeOwnPassword(ctx, store.Actor{Key: store.UserKey(u.ID), Name: u.Username}, u.ID, "khong-dung", ""); err != nil {
		t.Fatal(err)
	}
	cookie, hash := secret.NewToken(secret.PrefixSession)
	csrf = "csrf-" + cookie[len(cookie)-8:]
	if err := h.s.store.CreateSession(ctx, hash, u.ID, csrf, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return cookie, csrf
}

// TestEveryRouteRefusesOtherRoles walks the whole route table with an
// actor of each single role: every refusal is a 403, with a JSON code on
// the API and a Vietnamese page in the console, and every permitted
// route is not refused for its role.
func TestEveryRouteRefusesOtherRoles(t *testing.T) {
	h := newAPIHarness(t)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// IDs and slugs that name nothing, so permitted calls change nothing.
	fill := strings.NewReplacer(":id", "999999", ":slug", "khong-co")
	for _, role := range store.AllRoles {
		token := h.tokenFor(t, role)
		cookie, csrf := h.sessionFor(t, role)
		for _, r := range h.s.apiRoutes() {
			t.Run("api "+role+" "+r.method+" "+r.path, func(t *testing.T) {
				status, m, raw := h.do(t, r.method, "/api/v1"+fill.Replace(r.path), token, "application/json", "{}")
				if r.role != anyRole && r.role != role {
					if status != http.StatusForbidden || m["code"] != "forbidden_role" {
						t.Fatalf("got %d %s, want 403 forbidden_role", status, raw)
					}
				} else if status == http.StatusForbidden || status == http.StatusUnauthorized {
					t.Fatalf("permitted role refused: %d %s", status, raw)
				}
			})
		}
		for _, r := range h.s.uiRoutes() {
			if r.path == "/logout" {
				continue // would end the session the walk uses
			}
			t.Run("ui "+role+" "+r.method+" "+r.path, func(t *testing.T) {
				body := url.Values{"csrf": {csrf}}.Encode()
				req, _ := http.NewRequest(r.method, h.srv.URL+fill.Replace(r.path), strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
				resp, err := noRedirect.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				page := readAll(resp)
				if r.role != anyRole && r.role != role {
					if resp.StatusCode != http.StatusForbidden || !strings.Contains(page, "cần vai trò") || !strings.Contains(page, "<html") {
						t.Fatalf("got %d, want 403 with a Vietnamese page; page: %.300s", resp.StatusCode, page)
					}
				} else if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized {
					t.Fatalf("permitted role refused: %d %.300s", resp.StatusCode, page)
				}
			})
		}
	}
}

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

// desiredText is everything boards' manifests are cut from, as text.
func desiredText(t *testing.T, s *Server) (string, int64) {
	t.Helper()
	d, err := s.store.Desired(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%+v", *d), d.Revision
}

// TestDraftsReachNoManifestUntilASecondPersonApproves writes drafts
// through every API route that changes content, as one person who holds
// both the editor and the approver roles: nothing reaches what boards are
// sent, that person cannot approve their own drafts, and a second person's
// approval makes them what boards show.
func TestDraftsReachNoManifestUntilASecondPersonApproves(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	author := h.tokenFor(t, "editor,approver,operator")
	second := h.tokenFor(t, "approver")
	before, rev := desiredText(t, h.s)
	const text = "Toàn dân đoàn kết xây dựng nông thôn mới"
	status, sl, raw := h.do(t, "POST", "/api/v1/slogans", author, js, `{"text":"`+text+`"}`)
	if status != 201 || sl["state"] != "pending" || sl["approved"] != nil {
		t.Fatalf("create: %d %s", status, raw)
	}
	id := fmt.Sprint(sl["id"])
	steps := []struct{ method, path, body string }{
		{"PUT", "/api/v1/slogans/" + id, `{"text":"` + text + `!","version":1}`},
		{"PUT", "/api/v1/slogans/1", `{"text":"Khẩu hiệu bị sửa trái phép","version":1}`},
		{"POST", "/api/v1/playlists/default/items", `{"slogan_id":` + id + `,"seconds":7}`},
		{"POST", "/api/v1/playlists/congress-success/items", `{"slogan_id":` + id + `,"seconds":7}`},
		{"POST", "/api/v1/schedule", `{"playlist":"congress-success","start":"00:00","end":"23:59","days":[0,1,2,3,4,5,6]}`},
		{"POST", "/api/v1/playlists", `{"slug":"moi","name":"Danh sách mới"}`},
	}
	for _, st := range steps {
		if status, _, raw := h.do(t, st.method, st.path, author, js, st.body); status >= 300 {
			t.Fatalf("%s %s: %d %s", st.method, st.path, status, raw)
		}
	}
	var p map[string]any
	_, p, _ = h.do(t, "GET", "/api/v1/playlists/default", author, "", "")
	items := p["items"].([]any)
	first := fmt.Sprint(items[0].(map[string]any)["id"])
	var slots []store.ScheduleSlot
	_, _, raw = h.do(t, "GET", "/api/v1/schedule", author, "", "")
	if err := json.Unmarshal(raw, &slots); err != nil || len(slots) != 1 {
		t.Fatalf("drafted schedule: %s", raw)
	}
	for _, st := range []struct{ method, path, body string }{
		{"PUT", "/api/v1/playlists/default/items/" + first, fmt.Sprintf(`{"seconds":99,"version":%v}`, p["version"])},
		{"DELETE", "/api/v1/playlists/default/items/" + first, ``},
		{"DELETE", fmt.Sprintf("/api/v1/schedule/%d", slots[0].ID), ``},
		{"POST", "/api/v1/schedule", `{"playlist":"congress-success","start":"00:00","end":"23:59","days":[0,1,2,3,4,5,6]}`},
	} {
		if status, _, raw := h.do(t, st.method, st.path, author, js, st.body); status >= 300 {
			t.Fatalf("%s %s: %d %s", st.method, st.path, status, raw)
		}
	}
	after, rev2 := desiredText(t, h.s)
	// Creating the empty playlist "moi" is the only change boards see:
	// it shows nothing until a version of its items is approved.
	after = strings.Replace(after, "{ID:3 Slug:moi Name:Danh sách mới Version:0 State: Approved:0 Items:[]}", "", 1)
	if strings.Contains(after, text) || strings.Contains(after, "trái phép") || strings.Contains(after, "Seconds:99") || strings.Contains(after, "Seconds:7") {
		t.Fatalf("a draft reached what boards are sent:\n%s", after)
	}
	if strings.Count(before, "Items:[{") != strings.Count(after, "Items:[{") || rev2 == rev && after != before {
		t.Fatalf("boards' content changed before approval:\nbefore %s\nafter  %s", before, after)
	}
	if status, m, raw := h.do(t, "POST", "/api/v1/override", author, js, `{"playlist":"moi"}`); status != 409 || m["code"] != "not_approved" {
		t.Fatalf("switch to an unapproved playlist: %d %s", status, raw)
	}
	// The author cannot approve their own drafts, whatever roles they hold.
	pending := h.pending(t, author)
	if len(pending) == 0 {
		t.Fatal("no version waits for approval")
	}
	for _, v := range pending {
		status, m, raw := h.do(t, "POST", "/api/v1/versions/"+v+"/approve", author, js, `{}`)
		if status != 403 || m["code"] != "four_eyes" {
			t.Fatalf("self-approval of %s: %d %s", v, status, raw)
		}
	}
	if now, _ := desiredText(t, h.s); strings.Contains(now, text) {
		t.Fatal("a refused self-approval reached the boards")
	}
	for _, v := range pending {
		if status, _, raw := h.do(t, "POST", "/api/v1/versions/"+v+"/approve", second, js, `{"comment":"Đồng ý"}`); status != 200 {
			t.Fatalf("approval by a second person: %d %s", status, raw)
		}
	}
	now, _ := desiredText(t, h.s)
	if !strings.Contains(now, text+"!") || strings.Contains(now, "Seconds:99") {
		t.Fatalf("approved content is not what boards are sent:\n%s", now)
	}
	// Slogan 1 left every playlist in the approved version (its item was
	// removed); its own text is approved all the same.
	if sl, err := h.s.store.Slogan(context.Background(), store.Everything, 1); err != nil || sl.Approved == nil || sl.Approved.Text != "Khẩu hiệu bị sửa trái phép" {
		t.Fatalf("slogan 1 after approval: %+v %v", sl, err)
	}
}

// pending lists the IDs of the versions waiting for approval.
func (h *apiHarness) pending(t *testing.T, token string) []string {
	t.Helper()
	req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/versions?state=pending", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var vs []store.Version
	if err := json.Unmarshal([]byte(readAll(resp)), &vs); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range vs {
		ids = append(ids, fmt.Sprint(v.ID))
	}
	return ids
}

// TestConcurrentEditsConflict: two editors open the same slogan; the
// second save is refused with 409 and the first one's text, in the API
// and in the console, and nothing is overwritten.
func TestConcurrentEditsConflict(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	lan, binh := h.tokenFor(t, "editor"), h.tokenFor(t, "editor")
	if status, _, raw := h.do(t, "PUT", "/api/v1/slogans/1", lan, js, `{"text":"Bản của chị Lan","version":1}`); status != 200 {
		t.Fatalf("first save: %d %s", status, raw)
	}
	status, m, raw := h.do(t, "PUT", "/api/v1/slogans/1", binh, js, `{"text":"Bản của anh Bình","version":1}`)
	if status != 409 || m["code"] != "edit_conflict" || !strings.Contains(m["message"].(string), "Bản của chị Lan") {
		t.Fatalf("second save from the same version: %d %s", status, raw)
	}
	if status, m, raw := h.do(t, "PUT", "/api/v1/slogans/1", binh, js, `{"text":"Bản của anh Bình"}`); status != 428 || m["code"] != "version_required" {
		t.Fatalf("save without a version: %d %s", status, raw)
	}
	req, _ := http.NewRequest("PUT", h.srv.URL+"/api/v1/slogans/1", strings.NewReader(`{"text":"Bản của anh Bình"}`))
	req.Header.Set("Authorization", "Bearer "+binh)
	req.Header.Set("Content-Type", js)
	req.Header.Set("If-Match", `"2"`)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(resp); resp.StatusCode != 200 || !strings.Contains(body, `"version":3`) {
		t.Fatalf("save with If-Match of the latest version: %d %s", resp.StatusCode, body)
	}
	// The console: the form from version 1 is refused and keeps what was typed.
	cookie, csrf := h.sessionFor(t, "editor")
	form := url.Values{"csrf": {csrf}, "text": {"Bản gõ trên điện thoại"}, "style": {"classic"}, "version": {"1"}}
	req, _ = http.NewRequest("POST", h.srv.URL+"/slogans/1", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(resp)
	if resp.StatusCode != 409 || !strings.Contains(page, "Bản của anh Bình") || !strings.Contains(page, "Bản gõ trên điện thoại") || !strings.Contains(page, `name="version" value="3"`) {
		t.Fatalf("console save from an old version: %d %.2000s", resp.StatusCode, page)
	}
}

// TestRevokedTokenRefusedOnNextRequest: a revoked API token stops
// working at once, and an expired one never works.
func TestRevokedTokenRefusedOnNextRequest(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	status, m, raw := h.do(t, "POST", "/api/v1/tokens", h.token, js, `{"name":"Kịch bản trực ban","roles":["operator"],"days":30}`)
	if status != 201 {
		t.Fatalf("create token: %d %s", status, raw)
	}
	tok := m["token"].(string)
	info := m["info"].(map[string]any)
	if status, _, raw := h.do(t, "GET", "/api/v1/fleet", tok, "", ""); status != 200 {
		t.Fatalf("new token: %d %s", status, raw)
	}
	if status, _, raw := h.do(t, "DELETE", fmt.Sprintf("/api/v1/tokens/%v", info["id"]), h.token, "", ""); status != 204 {
		t.Fatalf("revoke: %d %s", status, raw)
	}
	if status, m, raw := h.do(t, "GET", "/api/v1/fleet", tok, "", ""); status != 401 || m["code"] != "bad_token" {
		t.Fatalf("revoked token: %d %s", status, raw)
	}
	_, list, _ := h.do(t, "GET", "/api/v1/tokens", h.token, "", "")
	_ = list
	expired, hash := secret.NewToken(secret.PrefixAPI)
	if _, err := h.s.store.CreateAPIToken(context.Background(), testActor, "hết hạn", store.Roles{store.RoleOperator}, hash, time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if status, _, raw := h.do(t, "GET", "/api/v1/fleet", expired, "", ""); status != 401 {
		t.Fatalf("expired token: %d %s", status, raw)
	}
}

// TestLastAdminStays: the last active admin can neither be disabled nor
// lose the role.
func TestLastAdminStays(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	status, m, raw := h.do(t, "PUT", "/api/v1/users/1", h.token, js, `{"roles":["editor"],"disabled":false,"version":1}`)
	if status != 409 || m["code"] != "last_admin" {
		t.Fatalf("remove the last admin's role: %d %s", status, raw)
	}
	status, m, raw = h.do(t, "PUT", "/api/v1/users/1", h.token, js, `{"roles":["admin"],"disabled":true,"version":1}`)
	if status != 409 || m["code"] != "last_admin" {
		t.Fatalf("disable the last admin: %d %s", status, raw)
	}
	if status, _, raw := h.do(t, "POST", "/api/v1/users", h.token, js, `{"username":"thu-ky","password":"mật khẩu đủ dài lắm","roles":["admin"]}`); status != 201 {
		t.Fatalf("add a second admin: %d %s", status, raw)
	}
	// A token the first admin made through the console stops with them.
	cookie, csrf := h.sessionFor(t, "admin,operator")
	made := h.tokenInSession(t, cookie, csrf, `{"name":"của admin","roles":["operator"]}`)
	var users []store.User
	_, _, raw = h.do(t, "GET", "/api/v1/users", h.token, "", "")
	json.Unmarshal(raw, &users)
	maker := users[len(users)-1]
	for _, u := range users {
		if strings.HasPrefix(u.Username, "nguoi-admin") {
			maker = u
		}
	}
	if status, _, raw := h.do(t, "PUT", fmt.Sprintf("/api/v1/users/%d", maker.ID), h.token, js, fmt.Sprintf(`{"roles":["admin"],"disabled":true,"version":%d}`, maker.Version)); status != 200 {
		t.Fatalf("disable an admin who is not the last: %d %s", status, raw)
	}
	if status, _, raw := h.do(t, "GET", "/api/v1/fleet", made, "", ""); status != 401 {
		t.Fatalf("a disabled user's token still works: %d %s", status, raw)
	}
	if status, _, raw := h.do(t, "POST", "/api/v1/users", h.token, js, `{"username":"x","password":"mật khẩu đủ dài lắm","roles":["vua"]}`); status != 400 {
		t.Fatalf("unknown role: %d %s", status, raw)
	}
}

// TestAuditFiltersAndExports: the audit log filters by person, kind and
// date, and exports CSV with the report's Excel-safe writer.
func TestAuditFiltersAndExports(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	if status, _, raw := h.do(t, "POST", "/api/v1/tokens", h.token, js, `{"name":"=cmd|' /C calc'!A0","roles":["operator"]}`); status != 201 {
		t.Fatalf("create token: %d %s", status, raw)
	}
	status, _, raw := h.do(t, "GET", "/api/v1/audit?kind=token", h.token, "", "")
	var entries []store.AuditEntry
	if err := json.Unmarshal(raw, &entries); status != 200 || err != nil || len(entries) == 0 {
		t.Fatalf("filter by kind: %d %s", status, raw)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Action, "token.") {
			t.Fatalf("kind=token gave %+v", e)
		}
	}
	if e := entries[0]; !strings.HasPrefix(e.Detail, "=cmd") || e.Address != "127.0.0.1" || e.Roles != "admin,editor,operator" {
		t.Fatalf("the newest entry does not say who, with which roles, from where: %+v", e)
	}
	today := time.Now().In(h.s.cfg.Location).Format("2006-01-02")
	tomorrow := time.Now().In(h.s.cfg.Location).AddDate(0, 0, 1).Format("2006-01-02")
	if _, _, raw := h.do(t, "GET", "/api/v1/audit?from="+tomorrow, h.token, "", ""); string(raw) != "[]\n" {
		t.Fatalf("from tomorrow: %s", raw)
	}
	if status, m, _ := h.do(t, "GET", "/api/v1/audit?from=hôm-qua", h.token, "", ""); status != 400 || m["code"] != "bad_date" {
		t.Fatalf("bad date: %d %v", status, m)
	}
	_, _, csv := h.do(t, "GET", "/api/v1/audit?format=csv&kind=token&from="+today+"&to="+today, h.token, "", "")
	text := string(csv)
	if !strings.HasPrefix(text, "\ufeffLúc,Người thực hiện") || !strings.Contains(text, `'=cmd|`) {
		t.Fatalf("CSV export:\n%s", text)
	}
}

// TestNobodyBecomesTheirOwnSecondPerson: tokens minted by a token act for
// the same person, and whoever's unapproved work a version carries may
// not approve it, even when someone else saved it last.
func TestNobodyBecomesTheirOwnSecondPerson(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	// A token holding both roles (a child holds none its parent lacks).
	root := h.tokenFor(t, "admin,editor,approver")
	mint := func(roles string) string {
		t.Helper()
		status, m, raw := h.do(t, "POST", "/api/v1/tokens", root, js, `{"name":"con `+roles+`","roles":["`+roles+`"]}`)
		if status != 201 {
			t.Fatalf("mint: %d %s", status, raw)
		}
		return m["token"].(string)
	}
	editor, approver := mint("editor"), mint("approver")
	_, sl, _ := h.do(t, "POST", "/api/v1/slogans", editor, js, `{"text":"Một người viết, cũng người ấy duyệt"}`)
	pending := h.pending(t, approver)
	if status, m, raw := h.do(t, "POST", "/api/v1/versions/"+pending[0]+"/approve", approver, js, `{}`); status != 403 || m["code"] != "four_eyes" {
		t.Fatalf("a token approving what its sibling token wrote: %d %s", status, raw)
	}
	// The chairman drafts; a clerk saves it again unchanged; the
	// chairman still may not approve it.
	chairman, clerk, other := h.tokenFor(t, "editor,approver"), h.tokenFor(t, "editor"), h.tokenFor(t, "approver")
	_, sl, _ = h.do(t, "POST", "/api/v1/slogans", chairman, js, `{"text":"Lời của chủ tịch"}`)
	id := fmt.Sprint(sl["id"])
	if status, _, raw := h.do(t, "PUT", "/api/v1/slogans/"+id, clerk, js, `{"text":"Lời của chủ tịch","version":1}`); status != 200 {
		t.Fatalf("clerk re-saves: %d %s", status, raw)
	}
	var latest []store.Version
	_, _, raw := h.do(t, "GET", "/api/v1/versions?state=pending&kind=slogan&subject="+id, chairman, "", "")
	json.Unmarshal(raw, &latest)
	if status, m, raw := h.do(t, "POST", fmt.Sprintf("/api/v1/versions/%d/approve", latest[0].ID), chairman, js, `{}`); status != 403 || m["code"] != "four_eyes" {
		t.Fatalf("the chairman approving his own words re-saved by a clerk: %d %s", status, raw)
	}
	if status, _, raw := h.do(t, "POST", fmt.Sprintf("/api/v1/versions/%d/approve", latest[0].ID), other, js, `{}`); status != 200 {
		t.Fatalf("a third person approving: %d %s", status, raw)
	}
	// Deleting the newest slogan never blocks creating the next one.
	_, sl, _ = h.do(t, "POST", "/api/v1/slogans", clerk, js, `{"text":"Sẽ bị xoá"}`)
	if status, _, raw := h.do(t, "DELETE", fmt.Sprintf("/api/v1/slogans/%v", sl["id"]), clerk, "", ""); status != 204 {
		t.Fatalf("delete: %d %s", status, raw)
	}
	if status, _, raw := h.do(t, "POST", "/api/v1/slogans", clerk, js, `{"text":"Khẩu hiệu sau khi xoá"}`); status != 201 {
		t.Fatalf("create after deleting the newest: %d %s", status, raw)
	}
}

// TestTokenDoesNoMoreThanItsMakerNow: a user who loses a role loses it
// in the tokens they made too.
func TestTokenDoesNoMoreThanItsMakerNow(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	cookie, csrf := h.sessionFor(t, "admin,operator")
	made := h.tokenInSession(t, cookie, csrf, `{"name":"trực ban","roles":["operator"]}`)
	if status, _, raw := h.do(t, "POST", "/api/v1/override", made, js, `{"playlist":"congress-success"}`); status != 200 {
		t.Fatalf("operator token: %d %s", status, raw)
	}
	users, _ := h.s.store.Users(context.Background(), store.Everything)
	var maker store.User
	for _, u := range users {
		if strings.HasPrefix(u.Username, "nguoi-admin-operator") {
			maker = u
		}
	}
	if status, _, raw := h.do(t, "PUT", fmt.Sprintf("/api/v1/users/%d", maker.ID), h.token, js, fmt.Sprintf(`{"roles":["admin"],"version":%d}`, maker.Version)); status != 200 {
		t.Fatalf("take the operator role away: %d %s", status, raw)
	}
	if status, m, raw := h.do(t, "DELETE", "/api/v1/override", made, "", ""); status != 403 || m["code"] != "forbidden_role" {
		t.Fatalf("the token after its maker lost the role: %d %s", status, raw)
	}
}

// tokenInSession makes an API token as a logged-in browser would, and
// returns it.
func (h *apiHarness) tokenInSession(t *testing.T, cookie, csrf, body string) string {
	t.Helper()
	req, _ := http.NewRequest("POST", h.srv.URL+"/api/v1/tokens", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(auth.CSRFHeader, csrf)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var made struct {
		Token string `json:"token"`
	}
	json.Unmarshal([]byte(readAll(resp)), &made)
	if resp.StatusCode != 201 || made.Token == "" {
		t.Fatalf("token made in a session: %d", resp.StatusCode)
	}
	return made.Token
}
