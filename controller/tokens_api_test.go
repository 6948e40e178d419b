package controller

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"codong/controller/auth"
	"codong/controller/staff"
)

// TestTokenTreeOverTheAPI: through the API, a token minted by an
// admin-only token cannot take roles its parent lacks (refused in
// words), cannot approve, and stops working, with its own children,
// the moment its parent is revoked; the tokens page shows the tree.
func TestTokenTreeOverTheAPI(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	root, info, err := staff.CreateAPIToken(context.Background(), h.s.store, testActor, "quản trị", "admin", 0)
	if err != nil {
		t.Fatal(err)
	}
	status, m, raw := h.do(t, "POST", "/api/v1/tokens", root, js, `{"name":"tham lam","roles":["admin","approver","editor","operator"]}`)
	if status != http.StatusForbidden || m["code"] != "role_not_held" || !strings.Contains(fmt.Sprint(m["message"]), "Phê duyệt") {
		t.Fatalf("a child with all four roles from an admin-only token: %d %s, want 403 role_not_held naming the roles", status, raw)
	}
	mint := func(parent, name string) string {
		t.Helper()
		status, _, raw := h.do(t, "POST", "/api/v1/tokens", parent, js, `{"name":"`+name+`","roles":["admin"]}`)
		var out struct {
			Token string `json:"token"`
		}
		if json.Unmarshal(raw, &out); status != http.StatusCreated || out.Token == "" {
			t.Fatalf("mint %s: %d %s", name, status, raw)
		}
		return out.Token
	}
	child := mint(root, "con của quản trị")
	grandchild := mint(child, "cháu của quản trị")
	if status, m, raw := h.do(t, "POST", "/api/v1/versions/1/approve", child, js, `{}`); status != http.StatusForbidden || m["code"] != "forbidden_role" {
		t.Fatalf("the child approving: %d %s, want 403", status, raw)
	}

	cookie, _ := h.sessionFor(t, "admin")
	page := func() string {
		req, _ := http.NewRequest("GET", h.srv.URL+"/users", nil)
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	p := page()
	r, c, g := strings.Index(p, "quản trị</td>"), strings.Index(p, `token-depth-1`), strings.Index(p, `token-depth-2`)
	if r < 0 || c < r || g < c || !strings.Contains(p, "mã con của “con của quản trị”") {
		t.Fatalf("the tokens page does not show the tree root → child → grandchild: %s", p)
	}

	if status, _, raw := h.do(t, "DELETE", fmt.Sprintf("/api/v1/tokens/%d", info.ID), h.token, "", ""); status != http.StatusNoContent {
		t.Fatalf("revoke the root: %d %s", status, raw)
	}
	for name, tok := range map[string]string{"root": root, "child": child, "grandchild": grandchild} {
		if status, _, _ := h.do(t, "GET", "/api/v1/slogans", tok, "", ""); status != http.StatusUnauthorized {
			t.Errorf("the %s after revoking the root: %d, want 401", name, status)
		}
	}
	if n := strings.Count(page(), "đã thu hồi</span>"); n != 3 {
		t.Errorf("the page shows %d revoked tokens, want the 3 of the tree", n)
	}
}
