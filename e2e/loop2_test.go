package e2e

import (
	"net/http"
	"testing"
	"time"
)

type slogan struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
}

type playlist struct {
	Slug  string `json:"slug"`
	Items []struct {
		ID       int64  `json:"id"`
		SloganID int64  `json:"slogan_id"`
		Text     string `json:"text"`
	} `json:"items"`
}

type boardView struct {
	ID       int64  `json:"id"`
	Online   bool   `json:"online"`
	UpToDate bool   `json:"up_to_date"`
	Playlist string `json:"playlist"`
	Item     *struct {
		Title string `json:"title"`
	} `json:"item"`
}

func TestWholeLoop(t *testing.T) {
	t.Parallel()
	wholeLoop(t, startController(t))
}

// wholeLoop is the loop an officer runs on a controller: seeded
// playlists, a board, a draft that publishes nothing until a second
// person approves it, the congress-success switch reaching every board
// (one that connects late too), and back to the schedule. It runs on
// SQLite (TestWholeLoop) and PostgreSQL (TestWholeLoopOnPostgres).
func wholeLoop(t *testing.T, h *harness) {
	const size = "384x128"

	var def, congress playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	if len(def.Items) == 0 || len(congress.Items) == 0 {
		t.Fatalf("seeded playlists are empty: default %d, congress-success %d", len(def.Items), len(congress.Items))
	}

	board := h.addBoard("Bảng LED chợ", size)
	frame := h.startPlayer(board.Token)

	first := def.Items[0]
	waitFrame(t, frame, h.expectedAsset(first.Text, size), "first item of the default playlist")

	edited := "Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ xã Liên Minh lần thứ III!"
	// The edit is a draft: nothing is published, the board keeps the
	// approved text, and its author cannot approve it.
	var fleetBefore, fleetAfter struct {
		Revision int64 `json:"published_revision"`
	}
	h.api("GET", "/api/v1/fleet", nil, &fleetBefore)
	h.draftSlogan(first.SloganID, edited)
	var waiting []struct {
		ID int64 `json:"id"`
	}
	h.api("GET", "/api/v1/versions?state=pending", nil, &waiting)
	if len(waiting) != 1 {
		t.Fatalf("%d versions wait for approval, want 1", len(waiting))
	}
	if code := h.status(h.token, "POST", "/api/v1/versions/"+itoa(waiting[0].ID)+"/approve"); code != http.StatusForbidden {
		t.Fatalf("the author approving their own draft: %d, want 403", code)
	}
	h.api("GET", "/api/v1/fleet", nil, &fleetAfter)
	if fleetAfter.Revision != fleetBefore.Revision {
		t.Fatalf("a draft was published: revision %d → %d", fleetBefore.Revision, fleetAfter.Revision)
	}
	if got := frameSum(t, frame); got != h.expectedAsset(first.Text, size) {
		t.Fatal("the board changed before the draft was approved")
	}
	h.approveAll()
	waitFrame(t, frame, h.expectedAsset(edited, size), "edited slogan, once approved by a second person")

	h.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success", "group": "", "minutes": 0}, nil)
	congressAsset := h.expectedAsset(congress.Items[0].Text, size)
	waitFrame(t, frame, congressAsset, "override to congress-success")

	// A board that connects while the override is on shows the override.
	late := h.addBoard("Màn hình hội trường", "1920x1080")
	lateFrame := h.startPlayer(late.Token)
	waitFrame(t, lateFrame, h.expectedAsset(congress.Items[0].Text, "1920x1080"), "late board during override")

	waitBoards(t, h, func(bs []boardView) bool {
		for _, b := range bs {
			if !b.Online || !b.UpToDate || b.Playlist != "congress-success" || b.Item == nil || b.Item.Title != congress.Items[0].Text {
				return false
			}
		}
		return len(bs) == 2
	})

	h.api("DELETE", "/api/v1/override", nil, nil)
	waitFrame(t, frame, h.expectedAsset(edited, size), "back to the schedule")
}

func waitBoards(t *testing.T, h *harness, ok func([]boardView) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var bs []boardView
	for time.Now().Before(deadline) {
		h.api("GET", "/api/v1/boards", nil, &bs)
		if ok(bs) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("boards never reached the wanted state: %+v", bs)
}

func itoa(n int64) string {
	const digits = "0123456789"
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{digits[n%10]}, b...)
	}
	return string(b)
}

func getWithToken(t *testing.T, u, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
