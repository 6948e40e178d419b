package controller

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"

	"codong/controller/secret"
	"codong/controller/staff"
	"codong/protocol"
)

// TestBoardsPageSaysABoardWentBack: a board's report of a rolled-back
// update shows on the boards page, the wall and in GET /api/v1/boards, in
// Vietnamese, with the player's version beside it.
func TestBoardsPageSaysABoardWentBack(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	b, err := h.s.store.BoardByToken(ctx, secret.HashToken(h.board))
	if err != nil {
		t.Fatal(err)
	}
	target, err := h.s.fleet.Authenticate(ctx, secret.HashToken(h.board))
	if err != nil {
		t.Fatal(err)
	}
	report := protocol.UpdateReport{Release: 1, From: "2026.12.1", To: "2026.12.2", Outcome: protocol.UpdateRolledBack, Reason: "thoát với mã 3 trước khi kết nối được tới máy chủ"}
	if err := h.s.store.RecordUpdate(ctx, target, report); err != nil {
		t.Fatal(err)
	}
	const want = "đã quay về bản cũ 2026.12.1: bản 2026.12.2 không chạy được (thoát với mã 3 trước khi kết nối được tới máy chủ)"
	_, _, raw := h.do(t, "GET", "/api/v1/boards", h.token, "", "")
	if !strings.Contains(string(raw), want) || !strings.Contains(string(raw), `"outcome":"rolled_back"`) {
		t.Fatalf("GET /api/v1/boards: %.2000s", raw)
	}
	cookie, csrf := h.sessionFor(t, "admin,editor,operator")
	for _, path := range []string{"/boards", "/"} {
		_, page := consolePage{h: h, cookie: cookie, csrf: csrf}.get(t, path)
		if !strings.Contains(html.UnescapeString(page), want) {
			t.Errorf("page %s does not say of %s %q", path, b.Name, want)
		}
	}
}

// TestRolloutAPI: a rollout needs an operator, names one target at most,
// and a release, group or unit that does not exist is 404; what it does
// is audited and reaches the board through the player's own route.
func TestRolloutAPI(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	r, err := h.s.store.AddRelease(ctx, testActor, protocol.Release{Platform: "linux/arm64", Version: "2", SHA256: strings.Repeat("d", 64), Size: 10, Signature: "c2ln"})
	if err != nil {
		t.Fatal(err)
	}
	editor, _, err := staff.CreateAPIToken(ctx, h.s.store, testActor, "biên tập", "editor", 0)
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/player-releases/%d/rollout", r.ID)
	for _, c := range []struct {
		name, token, path, body string
		code                    int
		errCode                 string
	}{
		{"an editor", editor, path, `{}`, 403, "forbidden_role"},
		{"two targets", h.token, path, `{"group":"x","board":1}`, 400, "invalid_unknown"},
		{"no such group", h.token, path, `{"group":"khong-co"}`, 404, "not_found"},
		{"no such unit", h.token, path, `{"unit":"khong-co"}`, 404, "not_found"},
		{"no such release", h.token, "/api/v1/player-releases/999/rollout", `{}`, 404, "not_found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body, raw := h.do(t, "POST", c.path, c.token, "application/json", c.body)
			if code != c.code || body["code"] != c.errCode || body["message"] == "" {
				t.Fatalf("%d %s, want %d %s", code, raw, c.code, c.errCode)
			}
		})
	}
	if code, _, raw := h.do(t, "POST", path, h.token, "application/json", `{}`); code != 201 {
		t.Fatalf("rollout to everyone: %d %s", code, raw)
	}
	code, _, raw := h.do(t, "GET", protocol.ReleasePath+"?platform=linux/arm64", h.board, "", "")
	if code != 200 || !strings.Contains(string(raw), `"version":"2"`) {
		t.Fatalf("the board's offer: %d %s", code, raw)
	}
	if code, _, _ := h.do(t, "GET", protocol.ReleasePath+"?platform=linux/amd64", h.board, "", ""); code != 204 {
		t.Fatalf("an amd64 board is offered the arm64 build: %d", code)
	}
	if code, _, _ := h.do(t, "GET", protocol.ReleasePath+"?platform=plan9/386", h.board, "", ""); code != 400 {
		t.Fatalf("an unknown platform: %d", code)
	}
	if code, _, _ := h.do(t, "GET", protocol.ReleasePath+"?platform=linux/arm64", "", "", ""); code != 401 {
		t.Fatalf("no board token: %d", code)
	}
}
