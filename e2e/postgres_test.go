package e2e

import (
	"testing"

	"codong/controller"
	"codong/internal/pgtest"
)

// TestWholeLoopOnPostgres: a controller whose database is PostgreSQL
// seeds its playlists, pairs a real player, and an approved edit and the
// congress-success switch reach the board, as on SQLite.
func TestWholeLoopOnPostgres(t *testing.T) {
	db := pgtest.URL(t)
	h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) { c.Database = db })
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
	h.draftSlogan(first.SloganID, edited)
	h.approveAll()
	waitFrame(t, frame, h.expectedAsset(edited, size), "edited slogan, once approved")

	h.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success", "group": "", "minutes": 0}, nil)
	waitFrame(t, frame, h.expectedAsset(congress.Items[0].Text, size), "override to congress-success")
	waitUpToDate(t, h)
}
