package controller

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"codong/controller/auth"
	"codong/controller/staff"
	"codong/controller/store"
)

// writeCase is one request that must succeed on a route: the path with
// its parameters filled and the body (JSON for the API, a form for the
// console), made afresh for each run by prepare.
type writeCase func(t *testing.T, h *apiHarness) (path, body string)

// TestEveryAccountAndBoardWriteSucceeds walks the route table and sends
// each PUT and POST route of users, boards and tokens a request that must
// succeed, on the engine of this run (engine_test.go): the walk that only
// checks roles sends IDs that name nothing, so a statement the database
// refuses (a 500) went unseen there. A new route of these kinds without
// a case here fails the test.
func TestEveryAccountAndBoardWriteSucceeds(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	boards, err := h.s.store.Boards(ctx, store.Everything)
	if err != nil || len(boards) == 0 {
		t.Fatalf("boards: %v %v", boards, err)
	}
	boardID := boards[0].ID
	newUser := func(t *testing.T) int64 {
		u, err := h.s.store.CreateUser(ctx, testActor, fmt.Sprintf("nguoi-%d", time.Now().UnixNano()), "khong-dung", store.Roles{store.RoleEditor})
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	newPairing := func(t *testing.T) string {
		code := fmt.Sprintf("P%05d", time.Now().UnixNano()%100000)
		p := store.Pairing{Code: code, Width: 192, Height: 64, Address: "127.0.0.1", ExpiresAt: time.Now().Add(time.Hour)}
		if err := h.s.store.CreatePairing(ctx, p, "bam-"+code); err != nil {
			t.Fatal(err)
		}
		return code
	}
	boardVersion := func(t *testing.T) int {
		b, err := h.s.store.Board(ctx, store.Everything, boardID)
		if err != nil {
			t.Fatal(err)
		}
		return b.Version
	}
	name := func(prefix string) string { return fmt.Sprintf("%s %d", prefix, time.Now().UnixNano()) }
	api := map[string]writeCase{
		"POST /users": func(t *testing.T, h *apiHarness) (string, string) {
			return "/users", fmt.Sprintf(`{"username":"moi-%d","password":"mật khẩu đủ dài lắm","roles":["editor"]}`, time.Now().UnixNano())
		},
		"PUT /users/:id": func(t *testing.T, h *apiHarness) (string, string) {
			return fmt.Sprintf("/users/%d", newUser(t)), `{"roles":["editor","operator"],"disabled":true,"version":1}`
		},
		"PUT /users/:id/password": func(t *testing.T, h *apiHarness) (string, string) {
			return fmt.Sprintf("/users/%d/password", newUser(t)), `{"password":"mật khẩu mới đủ dài lắm"}`
		},
		"POST /tokens": func(t *testing.T, h *apiHarness) (string, string) {
			return "/tokens", `{"name":"` + name("kịch bản") + `","roles":["operator"],"days":30}` // a role the maker holds
		},
		"POST /boards": func(t *testing.T, h *apiHarness) (string, string) {
			return "/boards", `{"name":"` + name("Bảng chợ") + `","size":"192x64"}`
		},
		"POST /boards/adopt": func(t *testing.T, h *apiHarness) (string, string) {
			return "/boards/adopt", `{"code":"` + newPairing(t) + `","name":"` + name("Bảng thôn") + `","size":"192x64"}`
		},
		"PUT /boards/:id": func(t *testing.T, h *apiHarness) (string, string) {
			return fmt.Sprintf("/boards/%d", boardID), fmt.Sprintf(`{"groups":[],"power":[{"start":"22:00","end":"05:00","brightness":0}],"scroll_speed":0,"version":%d}`, boardVersion(t))
		},
	}
	ui := map[string]writeCase{
		"POST /users": func(t *testing.T, h *apiHarness) (string, string) {
			return "/users", url.Values{"username": {fmt.Sprintf("moi-%d", time.Now().UnixNano())}, "password": {"mật khẩu đủ dài lắm"}, "roles": {"editor"}}.Encode()
		},
		"POST /users/:id": func(t *testing.T, h *apiHarness) (string, string) {
			return fmt.Sprintf("/users/%d", newUser(t)), url.Values{"roles": {"editor", "operator"}, "disabled": {"true"}, "version": {"1"}}.Encode()
		},
		"POST /users/:id/password": func(t *testing.T, h *apiHarness) (string, string) {
			return fmt.Sprintf("/users/%d/password", newUser(t)), url.Values{"password": {"mật khẩu mới đủ dài lắm"}}.Encode()
		},
		"POST /tokens": func(t *testing.T, h *apiHarness) (string, string) {
			return "/tokens", url.Values{"name": {name("kịch bản")}, "roles": {"operator"}, "days": {"30"}}.Encode()
		},
		"POST /tokens/:id/revoke": func(t *testing.T, h *apiHarness) (string, string) {
			_, tok, err := staff.CreateAPIToken(ctx, h.s.store, testActor, name("thu hồi"), "editor", 0)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("/tokens/%d/revoke", tok.ID), ""
		},
		"POST /boards": func(t *testing.T, h *apiHarness) (string, string) {
			return "/boards", url.Values{"name": {name("Bảng chợ")}, "size": {"192x64"}}.Encode()
		},
		"POST /boards/adopt": func(t *testing.T, h *apiHarness) (string, string) {
			return "/boards/adopt", url.Values{"code": {newPairing(t)}, "name": {name("Bảng thôn")}, "size": {"192x64"}}.Encode()
		},
		"POST /boards/:id": func(t *testing.T, h *apiHarness) (string, string) {
			return fmt.Sprintf("/boards/%d", boardID), url.Values{"power": {"22:00-05:00 0%"}, "version": {fmt.Sprint(boardVersion(t))}}.Encode()
		},
		"POST /boards/:id/delete": func(t *testing.T, h *apiHarness) (string, string) {
			b, _, err := staff.AddBoard(ctx, h.s.store, testActor, store.Board{Name: name("Bảng bỏ"), Width: 192, Height: 64})
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("/boards/%d/delete", b.ID), ""
		},
	}
	covered := func(path string) bool {
		// Remote care asks a linked player, which this harness has not:
		// its success is e2e/care_test.go's, with real players.
		if strings.HasSuffix(path, "/restart") || strings.HasSuffix(path, "/cache-reset") {
			return false
		}
		for _, p := range []string{"/users", "/boards", "/tokens"} {
			if path == p || strings.HasPrefix(path, p+"/") {
				return true
			}
		}
		return false
	}
	admin := h.tokenFor(t, "admin,operator")
	cookie, csrf := h.sessionFor(t, "admin,operator")
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, r := range h.s.apiRoutes() {
		if (r.method != http.MethodPut && r.method != http.MethodPost) || !covered(r.path) {
			continue
		}
		t.Run("api "+r.method+" "+r.path, func(t *testing.T) {
			c, ok := api[r.method+" "+r.path]
			if !ok {
				t.Fatalf("no request that must succeed on %s %s: add one", r.method, r.path)
			}
			path, body := c(t, h)
			status, _, raw := h.do(t, r.method, "/api/v1"+path, admin, "application/json", body)
			if status < 200 || status > 299 {
				t.Fatalf("%s %s: %d %s", r.method, path, status, raw)
			}
		})
	}
	for _, r := range h.s.uiRoutes() {
		if r.method != http.MethodPost || !covered(r.path) {
			continue
		}
		t.Run("ui "+r.method+" "+r.path, func(t *testing.T) {
			c, ok := ui[r.method+" "+r.path]
			if !ok {
				t.Fatalf("no request that must succeed on %s %s: add one", r.method, r.path)
			}
			path, body := c(t, h)
			if body != "" {
				body += "&"
			}
			body += url.Values{"csrf": {csrf}}.Encode()
			req, _ := http.NewRequest(r.method, h.srv.URL+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			page := readAll(resp)
			// A page that shows a new secret once (a board's or a
			// token's) answers 200 or 201; the others go back to their list.
			if resp.StatusCode != http.StatusSeeOther && (resp.StatusCode < 200 || resp.StatusCode > 299 || strings.Contains(page, `class="error"`)) {
				t.Fatalf("%s %s: %d, want success; page: %.400s", r.method, path, resp.StatusCode, page)
			}
		})
	}
}
