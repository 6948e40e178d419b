package controller

import (
	"context"
	"html"
	"strings"
	"testing"

	"codong/controller/secret"
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
