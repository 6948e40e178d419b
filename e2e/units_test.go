package e2e

import (
	"fmt"
	"maps"
	"testing"
	"time"
)

// TestSwitchesOfUnitsOnRealBoards: a province with two communes, one of
// them with a hamlet, each with a real player. The commune's operator's
// switch reaches the commune's and its hamlet's boards and not the other
// commune's; the province's switch reaches every board and stands over
// the commune's; when the province returns to the schedule, the
// commune's own switch is still on its boards; the commune's operator
// lifts it and sees only its own boards throughout.
func TestSwitchesOfUnitsOnRealBoards(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	type unit struct {
		Slug, Parent string
	}
	var a, a1, b unit
	h.api("POST", "/api/v1/units", map[string]string{"name": "Xã An Phú"}, &a)
	h.api("POST", "/api/v1/units", map[string]string{"name": "Thôn An Phú 1", "parent": a.Slug}, &a1)
	h.api("POST", "/api/v1/units", map[string]string{"name": "Xã Bình Minh"}, &b)
	boards := map[string]int64{}
	for _, u := range []unit{a, a1, b} {
		var made boardCreated
		h.api("POST", "/api/v1/boards", map[string]string{"name": "Bảng LED " + u.Slug, "size": size, "unit": u.Slug}, &made)
		boards[u.Slug] = made.Board.ID
		h.startPlayer(made.Token)
	}
	var tok struct {
		Token string `json:"token"`
	}
	h.api("POST", "/api/v1/tokens", map[string]any{"name": "vận hành xã An Phú", "roles": []string{"operator"}, "unit": a.Slug}, &tok)
	commune := tok.Token

	// plays waits until each board reports playing the playlist wanted
	// ("" : anything but the congress-success list).
	plays := func(step string, want map[string]string) {
		t.Helper()
		var got map[string]string
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			var views []boardView
			h.api("GET", "/api/v1/boards", nil, &views)
			got = map[string]string{}
			for slug, id := range boards {
				for _, v := range views {
					if v.ID == id && v.Online && v.UpToDate {
						got[slug] = v.Playlist
						if v.Playlist != "congress-success" {
							got[slug] = "lịch"
						}
					}
				}
			}
			if maps.Equal(got, want) {
				return
			}
		}
		t.Fatalf("%s: boards play %v, want %v", step, got, want)
	}
	plays("at start", map[string]string{a.Slug: "lịch", a1.Slug: "lịch", b.Slug: "lịch"})

	h.as(commune, "POST", "/api/v1/override", map[string]any{"playlist": "congress-success"}, nil)
	plays("the commune switches", map[string]string{a.Slug: "congress-success", a1.Slug: "congress-success", b.Slug: "lịch"})
	var seen []boardView
	h.as(commune, "GET", "/api/v1/boards", nil, &seen)
	if len(seen) != 2 {
		t.Fatalf("the commune's operator sees %d boards, want its own and its hamlet's", len(seen))
	}

	h.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success"}, nil)
	plays("the province switches", map[string]string{a.Slug: "congress-success", a1.Slug: "congress-success", b.Slug: "congress-success"})
	var state struct {
		Switches []struct {
			Unit   string `json:"unit"`
			Text   string `json:"text"`
			Boards int    `json:"boards"`
		} `json:"switches"`
	}
	h.api("GET", "/api/v1/override", nil, &state)
	if len(state.Switches) != 2 || state.Switches[1].Unit != "goc" || state.Switches[1].Boards != 3 || state.Switches[0].Boards != 0 {
		t.Fatalf("the province's wall says the switches are %+v, want the commune's (standing under) and the province's (on 3 boards)", state.Switches)
	}

	h.api("DELETE", "/api/v1/override", nil, nil)
	plays("the province returns", map[string]string{a.Slug: "congress-success", a1.Slug: "congress-success", b.Slug: "lịch"})
	h.as(commune, "DELETE", "/api/v1/override", nil, nil)
	plays("the commune returns", map[string]string{a.Slug: "lịch", a1.Slug: "lịch", b.Slug: "lịch"})
	if code := h.status(commune, "GET", fmt.Sprintf("/api/v1/boards/%d/thumbnail.png", boards[b.Slug])); code != 404 {
		t.Fatalf("the commune's operator asking for the other commune's board: %d, want 404", code)
	}
}
