package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"codong/playlists"
	"codong/protocol"
)

// reportFixture stores plays of a slogan and a photo on four boards: two
// in the group "cho", one in "hoi-truong", and one removed since, with
// plays just outside the period on both sides.
func reportFixture(t *testing.T) (*Store, time.Time) {
	t.Helper()
	ctx := context.Background()
	s := openTest(t)
	t0 := time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC)
	board := func(name, group, hash string) int64 {
		var groups []string
		if group != "" {
			if _, err := s.EnsureGroup(ctx, ed, group); err != nil {
				t.Fatal(err)
			}
			groups = []string{group}
		}
		b, err := s.CreateBoard(ctx, ed, Board{Name: name, Width: 384, Height: 128, Groups: groups}, hash)
		if err != nil {
			t.Fatal(err)
		}
		return b.ID
	}
	market, gate, hall, gone := board("Bảng LED chợ", "cho", "h1"), board("Bảng LED cổng chợ", "cho", "h2"),
		board("Màn hình hội trường", "hoi-truong", "h3"), board("Bảng LED cũ", "", "h4")
	slogan, photo := strings.Repeat("a", 64), strings.Repeat("b", 64)
	sent := []SentItem{
		{ItemID: 1, Asset: slogan, Width: 384, Height: 128, SloganID: 7, Playlist: playlists.DefaultSlug, Title: "Mừng Đảng, mừng Xuân", At: t0.Add(-time.Hour)},
		// A photo is an item with no slogan: its title is its caption.
		{ItemID: 2, Asset: photo, Width: 384, Height: 128, Playlist: playlists.DefaultSlug, Title: "Ảnh: Đại hội lần thứ III", At: t0.Add(-time.Hour)},
	}
	var id int64
	plays := func(item int64, asset string, start time.Time, seconds, n int) []protocol.Play {
		var out []protocol.Play
		for i := range n {
			id++
			out = append(out, protocol.Play{ID: id, ItemID: item, Asset: asset, Start: start.Add(time.Duration(i) * time.Minute), Seconds: seconds})
		}
		return out
	}
	tel := Telemetry{Sent: sent, Plays: []BoardPlays{
		{Board: market, Records: slices.Concat(plays(1, slogan, t0, 10, 3), plays(2, photo, t0.Add(time.Hour), 20, 1),
			plays(1, slogan, t0.Add(-time.Second), 10, 1),   // before the period
			plays(1, slogan, t0.Add(24*time.Hour), 10, 1))}, // at its end, so outside
		{Board: gate, Records: plays(1, slogan, t0.Add(2*time.Hour), 10, 2)},
		{Board: hall, Records: plays(2, photo, t0.Add(30*time.Minute), 15, 2)},
		{Board: gone, Records: plays(1, slogan, t0.Add(5*time.Hour), 10, 1)},
	}}
	if err := s.SaveTelemetry(ctx, tel); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteBoard(ctx, ed, gone); err != nil {
		t.Fatal(err)
	}
	return s, t0
}

func TestReportSumsItemsAndBoards(t *testing.T) {
	s, t0 := reportFixture(t)
	day := ReportFilter{From: t0, To: t0.Add(24 * time.Hour), Scope: Everything}
	tests := []struct {
		name          string
		group         string
		plays, secs   int
		boards        []string
		items         []ItemTotal // boards, plays, seconds, first and last compared
		boardSeconds  []int
		boardDistinct []int
	}{
		{
			name: "every board, the removed one too", plays: 9, secs: 3*10 + 20 + 2*10 + 2*15 + 10,
			boards:       []string{"Bảng LED chợ", "Bảng LED cũ", "Bảng LED cổng chợ", "Màn hình hội trường"},
			boardSeconds: []int{50, 10, 20, 30}, boardDistinct: []int{2, 1, 1, 1},
			items: []ItemTotal{
				{Title: "Mừng Đảng, mừng Xuân", Plays: 6, Seconds: 60, Boards: []string{"Bảng LED chợ", "Bảng LED cũ", "Bảng LED cổng chợ"},
					First: t0, Last: t0.Add(5 * time.Hour)},
				{Title: "Ảnh: Đại hội lần thứ III", Plays: 3, Seconds: 50, Boards: []string{"Bảng LED chợ", "Màn hình hội trường"},
					First: t0.Add(30 * time.Minute), Last: t0.Add(time.Hour)},
			},
		},
		{
			name: "one group", group: "cho", plays: 6, secs: 3*10 + 20 + 2*10,
			boards:       []string{"Bảng LED chợ", "Bảng LED cổng chợ"},
			boardSeconds: []int{50, 20}, boardDistinct: []int{2, 1},
			items: []ItemTotal{
				{Title: "Mừng Đảng, mừng Xuân", Plays: 5, Seconds: 50, Boards: []string{"Bảng LED chợ", "Bảng LED cổng chợ"},
					First: t0, Last: t0.Add(2*time.Hour + time.Minute)},
				{Title: "Ảnh: Đại hội lần thứ III", Plays: 1, Seconds: 20, Boards: []string{"Bảng LED chợ"},
					First: t0.Add(time.Hour), Last: t0.Add(time.Hour)},
			},
		},
		{name: "a group with no board", group: "khong-co", boards: []string{}, items: []ItemTotal{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := day
			f.Group = tc.group
			r, err := s.Report(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			if r.Plays != tc.plays || r.Seconds != tc.secs {
				t.Errorf("totals %d plays, %d s; want %d, %d", r.Plays, r.Seconds, tc.plays, tc.secs)
			}
			if r.Rows == nil || r.Items == nil || r.Boards == nil {
				t.Error("an empty report has nil lists (JSON null, not [])")
			}
			var names []string
			var secs, distinct []int
			for _, b := range r.Boards {
				names, secs, distinct = append(names, b.Board), append(secs, b.Seconds), append(distinct, b.Items)
			}
			if !slices.Equal(names, tc.boards) || !slices.Equal(secs, tc.boardSeconds) || !slices.Equal(distinct, tc.boardDistinct) {
				t.Errorf("boards %v seconds %v items %v; want %v %v %v", names, secs, distinct, tc.boards, tc.boardSeconds, tc.boardDistinct)
			}
			if len(r.Items) != len(tc.items) {
				t.Fatalf("items %+v, want %+v", r.Items, tc.items)
			}
			for i, want := range tc.items {
				got := r.Items[i]
				if got.Title != want.Title || got.Plays != want.Plays || got.Seconds != want.Seconds ||
					!slices.Equal(got.Boards, want.Boards) || !got.First.Equal(want.First) || !got.Last.Equal(want.Last) {
					t.Errorf("item %d: %+v\nwant %+v", i, got, want)
				}
			}
		})
	}
}
