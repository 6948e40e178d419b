package controller

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"codong/controller/store"
)

// TestAdoptTakesTheSizeTheBoardReported: the pairing page shows the size
// a waiting player reported; adopting it with the size left empty uses
// that size, a size typed with spaces or "×" is read, and an empty size
// with an unknown code says what to do.
func TestAdoptTakesTheSizeTheBoardReported(t *testing.T) {
	h := newAPIHarness(t)
	ctx := t.Context()
	pair := func(code string) {
		t.Helper()
		p := store.Pairing{Code: code, Width: 192, Height: 64, Address: "127.0.0.1", ExpiresAt: time.Now().Add(time.Hour)}
		if err := h.s.store.CreatePairing(ctx, p, "bam-"+code); err != nil {
			t.Fatal(err)
		}
	}
	const js = "application/json"
	pair("ABC123")
	status, _, raw := h.do(t, "POST", "/api/v1/boards/adopt", h.token, js, `{"code":"abc123","name":"Bảng thôn Đông","size":""}`)
	var b store.Board
	if err := json.Unmarshal(raw, &b); status != http.StatusCreated && status != http.StatusOK || err != nil || b.Width != 192 || b.Height != 64 {
		t.Fatalf("adopt with no size: %d %s, want the reported 192x64", status, raw)
	}
	pair("DEF456")
	status, _, raw = h.do(t, "POST", "/api/v1/boards/adopt", h.token, js, `{"code":"DEF456","name":"Bảng thôn Tây","size":" 384 × 128 "}`)
	if err := json.Unmarshal(raw, &b); status/100 != 2 || err != nil || b.Width != 384 || b.Height != 128 {
		t.Fatalf("adopt with a size typed loosely: %d %s", status, raw)
	}
	status, m, raw := h.do(t, "POST", "/api/v1/boards/adopt", h.token, js, `{"code":"XYZ999","name":"Bảng thôn Nam","size":""}`)
	if status != http.StatusBadRequest || m["code"] != "bad_size" {
		t.Fatalf("an unknown code with no size: %d %s", status, raw)
	}
}
