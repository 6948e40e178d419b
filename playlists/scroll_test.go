package playlists

import "testing"

func TestScrollSpeed(t *testing.T) {
	for _, tc := range []struct {
		name            string
		setting, height int
		want            int
	}{
		{"default on a 64-pixel board", 0, 64, 60},
		{"default on a low board", 0, 16, 60},
		{"default scaled for a 128-pixel board", 0, 128, 120},
		{"default scaled for a 96-pixel board", 0, 96, 90},
		{"default bounded on a screen", 0, 1080, MaxScrollSpeed},
		{"the board's own setting", 45, 64, 45},
		{"a setting wins over the height", 100, 1080, 100},
		{"a setting below the bounds", 5, 64, MinScrollSpeed},
		{"a setting above the bounds", 1000, 64, MaxScrollSpeed},
		{"a negative setting is the default", -3, 64, 60},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ScrollSpeed(tc.setting, tc.height); got != tc.want {
				t.Fatalf("ScrollSpeed(%d, %d) = %d, want %d", tc.setting, tc.height, got, tc.want)
			}
		})
	}
}

func TestScrollSeconds(t *testing.T) {
	for _, tc := range []struct {
		name                         string
		seconds, strip, board, speed int
		pass, want                   int
	}{
		// The strips of issue 12 on a 192×64 board at 60 px/s.
		{"shortest slogan strip", 10, 1856, 192, 60, 35, 35},
		{"longest slogan strip", 10, 4188, 192, 60, 73, 73},
		{"a pass that divides exactly", 10, 1008, 192, 60, 20, 20},
		{"set seconds longer than a pass", 120, 1856, 192, 60, 35, 120},
		{"a fast board", 10, 1856, 192, 400, 6, 10},
		{"a still picture keeps its seconds", 10, 0, 192, 60, 0, 10},
		{"an out-of-bounds speed is bounded", 10, 1856, 192, 0, 103, 103},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PassSeconds(tc.strip, tc.board, tc.speed); got != tc.pass {
				t.Fatalf("PassSeconds(%d, %d, %d) = %d, want %d", tc.strip, tc.board, tc.speed, got, tc.pass)
			}
			got := ScrollSeconds(tc.seconds, tc.strip, tc.board, tc.speed)
			if got != tc.want {
				t.Fatalf("ScrollSeconds = %d, want %d", got, tc.want)
			}
			if tc.strip > 0 && got*max(min(tc.speed, MaxScrollSpeed), MinScrollSpeed) < tc.strip+tc.board {
				t.Fatalf("%d s do not cover a whole pass of %d pixels", got, tc.strip+tc.board)
			}
		})
	}
}
