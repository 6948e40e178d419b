package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"codong/playlists"
	"codong/protocol"
)

// The report is built from what the controller sent, never from what a
// board says it played: a forged title, an item never sent, or a picture
// sent only to boards of another size leave no trace in it.
func TestPlaysKeepOnlySentItemsWithTheControllersText(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	market, _ := s.CreateBoard(ctx, ed, Board{Name: "Bảng LED chợ", Width: 384, Height: 128}, "h1")
	t0 := time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)
	small := strings.Repeat("a", 64)
	large := strings.Repeat("b", 64)
	sent := []SentItem{
		{ItemID: 9, Asset: small, Width: 384, Height: 128, SloganID: 4, Playlist: playlists.DefaultSlug, Title: "Mừng Đảng, mừng Xuân", At: t0},
		{ItemID: 9, Asset: large, Width: 1920, Height: 1080, SloganID: 4, Playlist: playlists.DefaultSlug, Title: "Mừng Đảng, mừng Xuân", At: t0},
	}
	play := func(id int64, item int64, asset, title string) protocol.Play {
		return protocol.Play{ID: id, Playlist: "forged", ItemID: item, SloganID: 666, Title: title, Asset: asset, Start: t0.Add(time.Duration(id) * 10 * time.Second), Seconds: 10}
	}
	tests := []struct {
		name string
		rec  protocol.Play
		kept bool
	}{
		{"sent item with a forged title", play(1, 9, small, "=HYPERLINK(\"http://x\")"), true},
		{"item never sent", play(2, 10, small, "Khẩu hiệu giả"), false},
		{"picture sent to another size only", play(3, 9, large, "Mừng Đảng, mừng Xuân"), false},
		{"no picture", play(4, 9, "", "Mừng Đảng, mừng Xuân"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.SaveTelemetry(ctx, Telemetry{Sent: sent, Plays: []BoardPlays{{Board: market.ID, Records: []protocol.Play{tc.rec}}}}); err != nil {
				t.Fatal(err)
			}
			var n int
			var title, playlist string
			var slogan int64
			s.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(title), ''), COALESCE(MAX(playlist), ''), COALESCE(MAX(slogan_id), 0) FROM plays WHERE play_id = ?`, tc.rec.ID).Scan(&n, &title, &playlist, &slogan)
			if (n == 1) != tc.kept {
				t.Fatalf("kept %d rows, want kept=%v", n, tc.kept)
			}
			if tc.kept && (title != "Mừng Đảng, mừng Xuân" || playlist != playlists.DefaultSlug || slogan != 4) {
				t.Fatalf("stored %q/%q/%d, not the controller's record", title, playlist, slogan)
			}
		})
	}
	rep, err := s.Report(ctx, ReportFilter{From: t0, To: t0.Add(time.Hour), Scope: Everything})
	if rows := rep.Rows; err != nil || len(rows) != 1 || rows[0].Title != "Mừng Đảng, mừng Xuân" || rows[0].Plays != 1 {
		t.Fatalf("report %+v, %v", rep, err)
	}
	got, err := s.SentItems(ctx)
	if err != nil || len(got) != 2 || !got[0].At.Equal(t0) {
		t.Fatalf("sent items %+v, %v", got, err)
	}
}
