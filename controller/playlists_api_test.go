package controller

import (
	"fmt"
	"net/http"
	"testing"

	"codong/controller/respond"
)

// TestPlaylistAPI: a script creates a playlist by name (the slug made
// for it), renames it, moves its last item to the top in one request,
// and cannot delete it while the schedule plays it, nor the built-in
// ones: each refusal says why, in Vietnamese, with a stable code.
func TestPlaylistAPI(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	status, pl, raw := h.do(t, "POST", "/api/v1/playlists", h.token, js, `{"name":"Mừng Xuân Bính Ngọ"}`)
	if status != http.StatusCreated || pl["slug"] != "mung-xuan-binh-ngo" {
		t.Fatalf("create by name: %d %s", status, raw)
	}
	var items []float64
	for _, text := range []string{"Một lòng theo Đảng", "Mừng Xuân", "Đại hội thành công"} {
		_, sl, _ := h.do(t, "POST", "/api/v1/slogans", h.token, js, fmt.Sprintf(`{"text":%q,"style":"classic"}`, text))
		_, p, raw := h.do(t, "POST", "/api/v1/playlists/mung-xuan-binh-ngo/items", h.token, js, fmt.Sprintf(`{"slogan_id":%v,"seconds":10}`, sl["id"]))
		its, _ := p["items"].([]any)
		if len(its) == 0 {
			t.Fatalf("add item: %s", raw)
		}
		items = append(items, its[len(its)-1].(map[string]any)["id"].(float64))
	}
	status, p, raw := h.do(t, "POST", fmt.Sprintf("/api/v1/playlists/mung-xuan-binh-ngo/items/%v/move", items[2]), h.token, js, `{"position":1}`)
	if first := p["items"].([]any)[0].(map[string]any)["text"]; status != http.StatusOK || first != "Đại hội thành công" {
		t.Fatalf("move to the top: %d %s", status, raw)
	}
	if status, m, _ := h.do(t, "POST", fmt.Sprintf("/api/v1/playlists/mung-xuan-binh-ngo/items/%v/move", items[2]), h.token, js, `{"position":0}`); status != http.StatusBadRequest || m["code"] != "invalid" {
		t.Fatalf("move to position 0: %d %v", status, m)
	}
	status, p, raw = h.do(t, "PUT", "/api/v1/playlists/mung-xuan-binh-ngo", h.token, js, `{"name":"Xuân Bính Ngọ 2026","version":1}`)
	if status != http.StatusOK || p["name"] != "Xuân Bính Ngọ 2026" || p["slug"] != "mung-xuan-binh-ngo" {
		t.Fatalf("rename: %d %s", status, raw)
	}
	_, added, _ := h.do(t, "POST", "/api/v1/schedule", h.token, js, `{"playlist":"mung-xuan-binh-ngo","start":"07:00","end":"08:00","days":[1]}`)
	for _, tc := range []struct{ slug, want string }{
		{"mung-xuan-binh-ngo", "Không xoá được: bản lịch phát đang soạn hoặc chờ duyệt có khung giờ phát danh sách này. Hãy bỏ các khung giờ đó ở trang Lịch phát trước."},
		{"default", respond.PlaylistUseMessages["built_in"]},
	} {
		status, m, raw := h.do(t, "DELETE", "/api/v1/playlists/"+tc.slug, h.token, "", "")
		if status != http.StatusConflict || m["code"] != "playlist_in_use" || m["message"] != tc.want {
			t.Errorf("delete %s: %d %s", tc.slug, status, raw)
		}
	}
	h.do(t, "DELETE", fmt.Sprintf("/api/v1/schedule/%v", added["slot"].(map[string]any)["id"]), h.token, "", "")
	if status, _, raw := h.do(t, "DELETE", "/api/v1/playlists/mung-xuan-binh-ngo", h.token, "", ""); status != http.StatusNoContent {
		t.Fatalf("delete once nothing plays it: %d %s", status, raw)
	}
	if status, _, _ := h.do(t, "GET", "/api/v1/playlists/mung-xuan-binh-ngo", h.token, "", ""); status != http.StatusNotFound {
		t.Fatalf("after delete: %d", status)
	}
}
