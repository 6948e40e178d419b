package player

import (
	"testing"
	"time"

	"codong/playlists"
)

// TestPassEnd: a scrolling item's play counts once its strip has run one
// whole pass (board width plus strip width at the board's speed), from
// its planned start or from when the strip was drawn, whichever is
// later, less the engine's slack.
func TestPassEnd(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		strip   *stripThumb
		since   time.Time
		want    time.Duration // after t0
		timable bool
	}{
		{"drawn at its start, default speed", &stripThumb{shownAt: t0, boardWidth: 192, width: 1856, speed: 60}, t0, 2048 * time.Second / 60, true},
		{"the board's own speed", &stripThumb{shownAt: t0, boardWidth: 192, width: 1808, speed: 400}, t0, 5 * time.Second, true},
		{"drawn late: the pass starts when drawn", &stripThumb{shownAt: t0.Add(3 * time.Second), boardWidth: 192, width: 1808, speed: 400}, t0, 8 * time.Second, true},
		{"the same strip still running for the next turn", &stripThumb{shownAt: t0, boardWidth: 192, width: 1808, speed: 400}, t0.Add(7 * time.Second), 12 * time.Second, true},
		{"no strip", nil, t0, 0, false},
		{"a picture that could not be read", &stripThumb{shownAt: t0, boardWidth: 192, speed: 60}, t0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			end, ok := tc.strip.passEnd(playlists.Playing{Since: tc.since})
			if ok != tc.timable {
				t.Fatalf("timable %v, want %v", ok, tc.timable)
			}
			if want := t0.Add(tc.want - passSlack); ok && !end.Equal(want) {
				t.Fatalf("pass ends %v after t0, want %v", end.Sub(t0), want.Sub(t0))
			}
		})
	}
}
