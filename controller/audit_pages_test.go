package controller

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"codong/controller/audit"
)

// The API's audit log comes a page at a time: each page says where the
// next one is while there is one, the filter carried along, and a page
// number that is no page is refused in words, not answered with the
// first page.
func TestAuditAPIPages(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	const logins = audit.APIPageSize + 7
	for i := range logins {
		if err := h.s.store.Record(ctx, testActor, "login", fmt.Sprintf(`{"n":%d}`, i)); err != nil {
			t.Fatal(err)
		}
	}
	get := func(path string) (int, http.Header, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+h.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var raw json.RawMessage
		json.NewDecoder(resp.Body).Decode(&raw)
		return resp.StatusCode, resp.Header, raw
	}
	seen := map[int64]bool{}
	path, pages := "/api/v1/audit?kind=login", 0
	for path != "" {
		status, hdr, raw := get(path)
		var entries []struct {
			ID     int64  `json:"id"`
			Action string `json:"action"`
		}
		if err := json.Unmarshal(raw, &entries); status != http.StatusOK || err != nil {
			t.Fatalf("GET %s: %d %s", path, status, raw)
		}
		if len(entries) > audit.APIPageSize {
			t.Fatalf("GET %s: %d entries, more than a page of %d", path, len(entries), audit.APIPageSize)
		}
		for _, e := range entries {
			if seen[e.ID] || e.Action != "login" {
				t.Fatalf("GET %s: entry #%d (%s) twice or outside the filter", path, e.ID, e.Action)
			}
			seen[e.ID] = true
		}
		pages++
		path = ""
		if link := hdr.Get("Link"); link != "" {
			next, ok := strings.CutSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
			if !ok || !strings.Contains(next, "kind=login") || !strings.Contains(next, fmt.Sprintf("page=%d", pages+1)) {
				t.Fatalf("page %d's Link %q: want the next page, the filter kept", pages, link)
			}
			path = next
		}
	}
	if pages != 2 || len(seen) != logins {
		t.Fatalf("%d pages with %d entries, want 2 pages with every one of the %d logins", pages, len(seen), logins)
	}
	for _, bad := range []string{"0", "-1", "hai", "100001"} {
		status, _, raw := get("/api/v1/audit?page=" + bad)
		var e struct{ Code, Message string }
		json.Unmarshal(raw, &e)
		if status != http.StatusBadRequest || e.Code != "bad_page" || !strings.Contains(e.Message, "Số trang") {
			t.Errorf("page=%s: %d %s, want 400 bad_page in Vietnamese", bad, status, raw)
		}
	}
}
