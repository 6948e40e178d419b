package e2e

import (
	"testing"
	"time"
)

// TestScheduleSlotPlays: a slot covering now switches the board to its
// playlist; removing it returns the board to the default.
func TestScheduleSlotPlays(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	var def, congress playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	board := h.addBoard("Bảng LED theo lịch", size)
	frame := h.startPlayer(board.Token)
	waitFrame(t, frame, h.expectedAsset(def.Items[0].Text, size), "default")

	now := time.Now().In(time.FixedZone("ICT", 7*3600))
	var slots []struct {
		ID int64 `json:"id"`
	}
	h.api("POST", "/api/v1/schedule", map[string]any{
		"playlist": "congress-success", "start": now.Add(-time.Minute).Format("15:04"), "end": now.Add(10 * time.Minute).Format("15:04"),
		"days": []int{int(now.Weekday()), int(now.Add(-time.Minute).Weekday())},
	}, nil)
	h.approveAll()
	h.api("GET", "/api/v1/schedule", nil, &slots)
	waitFrame(t, frame, h.expectedAsset(congress.Items[0].Text, size), "scheduled slot")
	h.api("DELETE", "/api/v1/schedule/"+itoa(slots[0].ID), nil, nil)
	h.approveAll()
	waitFrame(t, frame, h.expectedAsset(def.Items[0].Text, size), "back to default")
}
