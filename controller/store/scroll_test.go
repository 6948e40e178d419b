package store

import (
	"context"
	"testing"

	"codong/playlists"
)

// TestScrollSpeedKept: a board's scroll speed is stored, read back with
// the board and its publication target, kept by an update that does not
// name it (the dashboard's row form), and reset to the default with 0.
func TestScrollSpeedKept(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	b, err := s.CreateBoard(ctx, ed, Board{Name: "Bảng chữ chạy", Width: 192, Height: 64}, "h1")
	if err != nil {
		t.Fatal(err)
	}
	speed := func(v int) *int { return &v }
	for _, tc := range []struct {
		name   string
		update *int
		want   int
	}{
		{"a new board has the default", nil, 0},
		{"set", speed(150), 150},
		{"kept when not named", nil, 150},
		{"back to the default", speed(0), 0},
		{"the slowest allowed", speed(playlists.MinScrollSpeed), playlists.MinScrollSpeed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cur, _ := s.Board(ctx, Everything, b.ID)
			got, err := s.UpdateBoard(ctx, ed, b.ID, cur.Version, BoardChange{ScrollSpeed: tc.update})
			if err != nil || got.ScrollSpeed != tc.want {
				t.Fatalf("UpdateBoard: speed %d, %v; want %d", got.ScrollSpeed, err, tc.want)
			}
			if tb, err := s.TargetByToken(ctx, "h1"); err != nil || tb.ScrollSpeed != tc.want {
				t.Fatalf("target speed %d, %v; want %d", tb.ScrollSpeed, err, tc.want)
			}
		})
	}
}
