package e2e

import (
	"testing"
	"time"

	"codong/controller"
	"codong/player"
)

// phaseWait covers a board's next look at its plan after a clock that
// runs with real time jumps: it looks at every item's end, and at the
// plan's next change, by timers of real time.
const phaseWait = 40 * time.Second

// TestPhaseStartsAndEndsOnItsDays: a slot for one day of the campaign
// (1 December, all day) does not play the evening before, plays from its
// first minute, and stops when the day is over, on a real board whose
// clock and the controller's are moved across midnight. The clock is
// stepped, timers and all: the board turns when it says, not seconds of
// real time later.
func TestPhaseStartsAndEndsOnItsDays(t *testing.T) {
	t.Parallel()
	ict := time.FixedZone("ICT", 7*3600)
	clock := &steppedClock{now: time.Date(2026, 11, 30, 23, 58, 0, 0, ict)}
	to := func(at time.Time) { clock.step(t, at.Sub(clock.Now())) }
	h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) { c.Now = clock.Now })
	const size = "384x128"
	var def, congress playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	board := h.addBoard("Bảng LED chợ", size)
	dir := t.TempDir()
	frame := dir + "/frame.png"
	runPlayerOnClock(t, h.srv.URL, dir, frame, clock, player.Config{Token: board.Token})
	waitFrame(t, frame, h.expectedAsset(def.Items[0].Text, size), "default before the campaign")
	clock.settle(t, "the board to show the default")
	timers := clock.timersSet()

	h.api("POST", "/api/v1/schedule", map[string]any{
		"playlist": "congress-success", "start": "00:00", "end": "24:00", "days": []int{0, 1, 2, 3, 4, 5, 6},
		"from": "2026-12-01", "to": "2026-12-01",
	}, nil)
	h.approveAll()
	waitUpToDate(t, h)
	// The evening before its day the slot does not play: the board took
	// the plan (it set its next timer after it) and kept the default.
	clock.settleAfter(t, timers, "the board to take the plan")
	waitFrame(t, frame, h.expectedAsset(def.Items[0].Text, size), "default on the evening before")

	to(time.Date(2026, 12, 1, 0, 0, 5, 0, ict))
	waitFrame(t, frame, h.expectedAsset(congress.Items[0].Text, size), "the phase's first minute")
	to(time.Date(2026, 12, 1, 23, 59, 30, 0, ict))
	waitFrame(t, frame, h.expectedAsset(congress.Items[0].Text, size), "the phase's last minute")
	to(time.Date(2026, 12, 2, 0, 0, 5, 0, ict))
	waitFrame(t, frame, h.expectedAsset(def.Items[0].Text, size), "the day after the phase")
}

// TestBoardInTwoGroupsTakesTheHigherPriority: the hall screen is in the
// hall's group and the headquarters' group; each group has a slot now,
// the headquarters' at a higher priority. The hall screen plays the
// headquarters' playlist, the market board (hall's group only) the
// hall's, as docs/api.md and playlists.Resolve say.
func TestBoardInTwoGroupsTakesTheHigherPriority(t *testing.T) {
	t.Parallel()
	h := startController(t)
	var hallGroup, hq struct {
		Slug string `json:"slug"`
	}
	h.api("POST", "/api/v1/groups", map[string]string{"name": "Hội trường"}, &hallGroup)
	h.api("POST", "/api/v1/groups", map[string]string{"name": "Trụ sở Đảng ủy"}, &hq)
	var session playlist
	h.api("POST", "/api/v1/playlists", map[string]string{"slug": "trong-dai-hoi", "name": "Trong những ngày Đại hội"}, nil)
	var sl struct {
		ID int64 `json:"id"`
	}
	h.api("POST", "/api/v1/slogans", map[string]string{"text": "Chào mừng các đại biểu về dự Đại hội", "style": "classic"}, &sl)
	h.api("POST", "/api/v1/playlists/trong-dai-hoi/items", map[string]any{"slogan_id": sl.ID, "seconds": 10}, nil)
	var congress playlist
	h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)

	hall := h.addBoard("Màn hình hội trường", "1920x1080")
	market := h.addBoard("Bảng LED chợ", "384x128")
	h.setBoard(hall.Board.ID, map[string]any{"groups": []string{hallGroup.Slug, hq.Slug}})
	h.setBoard(market.Board.ID, map[string]any{"groups": []string{hallGroup.Slug}})
	every := []int{0, 1, 2, 3, 4, 5, 6}
	h.api("POST", "/api/v1/schedule", map[string]any{"playlist": "trong-dai-hoi", "start": "00:00", "end": "24:00", "days": every, "group": hallGroup.Slug, "priority": 1}, nil)
	h.api("POST", "/api/v1/schedule", map[string]any{"playlist": "congress-success", "start": "00:00", "end": "24:00", "days": every, "group": hq.Slug, "priority": 3}, nil)
	h.approveAll()
	h.api("GET", "/api/v1/playlists/trong-dai-hoi", nil, &session)

	hallFrame := h.startPlayer(hall.Token)
	marketFrame := h.startPlayer(market.Token)
	waitFrame(t, hallFrame, h.expectedAsset(congress.Items[0].Text, "1920x1080"), "hall screen: the higher priority of its two groups")
	waitFrame(t, marketFrame, h.expectedAsset(session.Items[0].Text, "384x128"), "market board: its one group's slot")
}

// waitUpToDate waits until every board has acknowledged the latest
// revision.
func waitUpToDate(t *testing.T, h *harness) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var f struct {
			Boards   int `json:"boards"`
			UpToDate int `json:"up_to_date"`
		}
		h.api("GET", "/api/v1/fleet", nil, &f)
		if f.Boards > 0 && f.UpToDate == f.Boards {
			return
		}
	}
	t.Fatal("boards did not acknowledge the latest revision")
}
