package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codong/controller"
	"codong/controller/staff"
)

// TestContentPushedDownToAHamlet: the province shares an official slogan
// down; a hamlet two levels below finds it, read-only, in its library,
// puts it in its own playlist and schedule; the playlist is approved by
// the commune's approver (a level above the hamlet), not by the other
// commune's; and the hamlet's real board shows the province's slogan
// while the other commune's board never gets the hamlet's playlist.
// Then the commune makes a mandatory slot: the hamlet's own slot, of the
// highest priority, cannot outrank it on the hamlet's board, and the
// calendar of that board says the slot is the level above's.
func TestContentPushedDownToAHamlet(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	const official = "Nhiệt liệt chào mừng Đại hội đại biểu toàn quốc lần thứ XIV của Đảng Cộng sản Việt Nam!"
	type unit struct{ Slug string }
	var a, a1, b unit
	h.api("POST", "/api/v1/units", map[string]string{"name": "Xã An Phú"}, &a)
	h.api("POST", "/api/v1/units", map[string]string{"name": "Thôn An Phú 1", "parent": a.Slug}, &a1)
	h.api("POST", "/api/v1/units", map[string]string{"name": "Xã Bình Minh"}, &b)
	// Tokens of people of each unit, made as `codong token create
	// --unit` makes them, beside the running server.
	st, err := controller.OpenStore(context.Background(), h.data, "")
	if err != nil {
		t.Fatal(err)
	}
	token := func(u unit, roles ...string) string {
		tok, _, err := staff.CreateAPITokenIn(context.Background(), st, cliActor, u.Slug, strings.Join(roles, ",")+" "+u.Slug, strings.Join(roles, ","), 0)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	hamletEditor, hamletApprover := token(a1, "editor"), token(a1, "approver")
	communeEditor, communeApprover := token(a, "editor"), token(a, "approver")
	otherApprover := token(b, "approver")
	st.Close()
	boards, frames := map[string]int64{}, map[string]string{}
	for _, u := range []unit{a1, b} {
		var made boardCreated
		h.api("POST", "/api/v1/boards", map[string]string{"name": "Bảng LED " + u.Slug, "size": size, "unit": u.Slug}, &made)
		boards[u.Slug] = made.Board.ID
		frames[u.Slug] = h.startPlayer(made.Token)
	}

	// The province's slogan, shared down and approved by its approver.
	var sl struct {
		ID        int64  `json:"id"`
		Unit      string `json:"unit"`
		FromAbove bool   `json:"from_above"`
	}
	h.api("POST", "/api/v1/slogans", map[string]any{"text": official, "style": "classic", "from_above": true}, &sl)
	if sl.Unit != "goc" || !sl.FromAbove {
		t.Fatalf("the province's slogan: %+v", sl)
	}
	h.approveAll()

	// The hamlet sees it, read-only, and not the province's own slogans.
	var lib []struct {
		ID        int64  `json:"id"`
		Text      string `json:"text"`
		FromAbove bool   `json:"from_above"`
	}
	h.as(hamletEditor, "GET", "/api/v1/slogans", nil, &lib)
	if len(lib) != 1 || lib[0].ID != sl.ID {
		t.Fatalf("the hamlet's library holds %+v, want the one slogan the province shared", lib)
	}
	if code, raw := call(t, h, hamletEditor, "PUT", fmt.Sprintf("/api/v1/slogans/%d", sl.ID), map[string]any{"text": "Sửa của thôn", "style": "classic", "version": 1}); code != http.StatusForbidden || !strings.Contains(string(raw), "from_above") {
		t.Fatalf("the hamlet edits the province's slogan: %d %s", code, raw)
	}

	// The hamlet's playlist of it, and a slot playing it all day.
	var pl struct {
		Slug string `json:"slug"`
		Unit string `json:"unit"`
	}
	h.as(hamletEditor, "POST", "/api/v1/playlists", map[string]any{"name": "Thôn An Phú 1 chào mừng"}, &pl)
	if pl.Unit != a1.Slug {
		t.Fatalf("the hamlet's playlist is %s's", pl.Unit)
	}
	h.as(hamletEditor, "POST", "/api/v1/playlists/"+pl.Slug+"/items", map[string]any{"slogan_id": sl.ID, "seconds": 10}, nil)
	allWeek := []int{0, 1, 2, 3, 4, 5, 6}
	h.as(hamletEditor, "POST", "/api/v1/schedule", map[string]any{"playlist": pl.Slug, "start": "00:00", "end": "24:00", "days": allWeek, "priority": 9}, nil)
	var waiting []struct {
		ID   int64  `json:"id"`
		Kind string `json:"kind"`
	}
	h.as(hamletApprover, "GET", "/api/v1/versions?state=pending", nil, &waiting)
	if len(waiting) != 2 {
		t.Fatalf("the hamlet's approver sees %d drafts, want the playlist and the schedule", len(waiting))
	}
	for _, v := range waiting {
		path := fmt.Sprintf("/api/v1/versions/%d/approve", v.ID)
		if code, raw := call(t, h, otherApprover, "POST", path, map[string]string{"comment": "đồng ý"}); code != http.StatusNotFound {
			t.Fatalf("the other commune's approver approves the hamlet's %s: %d %s", v.Kind, code, raw)
		}
		h.as(communeApprover, "POST", path, map[string]string{"comment": "đồng ý"}, nil)
	}
	if code := h.status(otherApprover, "GET", "/api/v1/playlists/"+pl.Slug); code != http.StatusNotFound {
		t.Fatalf("the other commune reads the hamlet's playlist: %d", code)
	}

	// plays waits until each board says what it plays.
	plays := func(step string, want map[string]string) {
		t.Helper()
		var got map[string]string
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			var views []boardView
			h.api("GET", "/api/v1/boards", nil, &views)
			got = map[string]string{}
			for slug, id := range boards {
				for _, v := range views {
					if v.ID == id && v.Online && v.UpToDate && v.Item != nil {
						got[slug] = v.Playlist + ": " + v.Item.Title
					}
				}
			}
			if fmt.Sprint(got) == fmt.Sprint(want) {
				return
			}
		}
		t.Fatalf("%s: boards play %v, want %v", step, got, want)
	}
	plays("the hamlet's schedule", map[string]string{a1.Slug: pl.Slug + ": " + official, b.Slug: otherBoardShows(t, h, boards[b.Slug])})
	// The other commune's player was never sent the hamlet's playlist:
	// its manifest, as kept on its disk, does not name it.
	kept, err := os.ReadFile(filepath.Join(filepath.Dir(frames[b.Slug]), "cache", "manifest.json"))
	if err != nil || !bytes.Contains(kept, []byte(`"default"`)) || bytes.Contains(kept, []byte(pl.Slug)) {
		t.Fatalf("the other commune's manifest (%v) names the hamlet's playlist, or is not there: %.300s", err, kept)
	}

	// The commune's mandatory slot: the congress list, priority 0.
	h.as(communeEditor, "POST", "/api/v1/schedule", map[string]any{"playlist": "congress-success", "start": "00:00", "end": "24:00", "days": allWeek}, nil)
	h.as(communeApprover, "GET", "/api/v1/versions?state=pending", nil, &waiting)
	if len(waiting) != 1 {
		t.Fatalf("the commune's approver sees %d drafts, want its schedule", len(waiting))
	}
	if code, _ := call(t, h, hamletApprover, "POST", fmt.Sprintf("/api/v1/versions/%d/approve", waiting[0].ID), map[string]string{"comment": "đồng ý"}); code != http.StatusNotFound {
		t.Fatalf("the hamlet's approver approves its commune's schedule: %d", code)
	}
	h.as(h.approver, "POST", fmt.Sprintf("/api/v1/versions/%d/approve", waiting[0].ID), map[string]string{"comment": "đồng ý"}, nil)
	var congress struct {
		Items []struct {
			Text string `json:"text"`
		} `json:"items"`
	}
	h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	plays("the commune's mandatory slot", map[string]string{a1.Slug: "congress-success: " + congress.Items[0].Text, b.Slug: otherBoardShows(t, h, boards[b.Slug])})

	var cal struct {
		Days []struct {
			Spans []struct {
				Playlist string `json:"playlist"`
				Unit     string `json:"unit"`
				Above    bool   `json:"above"`
			} `json:"spans"`
		} `json:"days"`
	}
	h.as(hamletEditor, "GET", fmt.Sprintf("/api/v1/calendar?target=board:%d&days=1", boards[a1.Slug]), nil, &cal)
	days := cal.Days
	if len(days) != 1 || len(days[0].Spans) != 1 || days[0].Spans[0].Playlist != "congress-success" || !days[0].Spans[0].Above || days[0].Spans[0].Unit != a.Slug {
		t.Fatalf("the hamlet's calendar today: %+v, want the commune's slot all day, marked as the level above's", days)
	}
}

// otherBoardShows is what the other commune's board plays (its unit
// made nothing: the province's default list), read once it reports.
func otherBoardShows(t *testing.T, h *harness, id int64) string {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var views []boardView
		h.api("GET", "/api/v1/boards", nil, &views)
		for _, v := range views {
			if v.ID == id && v.Online && v.UpToDate && v.Item != nil {
				if v.Playlist != "default" {
					t.Fatalf("the other commune's board plays %s", v.Playlist)
				}
				return v.Playlist + ": " + v.Item.Title
			}
		}
	}
	t.Fatal("the other commune's board never reported")
	return ""
}

// call makes an API request that may be refused, and returns its status
// and body.
func call(t *testing.T, h *harness, token, method, path string, body any) (int, []byte) {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, h.srv.URL+path, bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}
