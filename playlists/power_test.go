package playlists

import (
	"errors"
	"testing"
	"time"
)

func TestParsePower(t *testing.T) {
	tests := []struct {
		in   string
		want string // FormatPower of the result; "!" for an error
	}{
		{"", ""},
		{"22:00-05:00 0%", "22:00-05:00 0%"},
		{"22:00-05:00 0%, 18:00-22:00 60%", "22:00-05:00 0%, 18:00-22:00 60%"},
		{" 06:30-07:00 50 ", "06:30-07:00 50%"},
		{"22:00-22:00 0%", "!"},
		{"25:00-05:00 0%", "!"},
		{"22:00-05:00 120%", "!"},
		{"22h-5h tắt", "!"},
		{"22:0-05:00 0%", "!"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			ws, err := ParsePower(tc.in)
			if tc.want == "!" {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("ParsePower(%q) = %v, %v; want ErrInvalid", tc.in, ws, err)
				}
				return
			}
			if err != nil || FormatPower(ws) != tc.want {
				t.Fatalf("ParsePower(%q) = %q, %v; want %q", tc.in, FormatPower(ws), err, tc.want)
			}
		})
	}
}

func TestBrightness(t *testing.T) {
	m := testManifest()
	m.TimeZone = "Asia/Ho_Chi_Minh"
	m.Board.Power, _ = ParsePower("22:00-05:00 0%, 18:00-22:00 60%")
	hcm := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		clock string
		want  int
	}{
		{"12:00", 100}, {"18:00", 60}, {"21:59", 60}, {"22:00", 0}, {"00:30", 0}, {"04:59", 0}, {"05:00", 100},
	}
	for _, tc := range tests {
		t.Run(tc.clock, func(t *testing.T) {
			at, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-25 "+tc.clock, hcm)
			if got := m.Brightness(at.UTC()); got != tc.want {
				t.Fatalf("Brightness at %s = %d, want %d", tc.clock, got, tc.want)
			}
		})
	}
	at, _ := time.ParseInLocation("2006-01-02 15:04:05", "2026-11-25 21:59:30", hcm)
	if next := m.NextChange(at); !next.Equal(at.Truncate(time.Minute).Add(time.Minute)) {
		t.Fatalf("NextChange = %v, want the next minute", next)
	}
}
