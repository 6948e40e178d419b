package netguard

import (
	"strings"
	"testing"
)

func TestBoardCapacity(t *testing.T) {
	tests := []struct {
		name  string
		limit uint64
		want  uint64
	}{
		{"below the reserve", 100, 0},
		{"exactly the reserve", FileReserve, 0},
		{"one above the reserve", FileReserve + 1, 1},
		{"old default soft limit", 1024, 768},
		{"just under a thousand boards", FileReserve + 999, 999},
		{"rounded down to hundreds", 20000, 19700},
		{"common hard limit", 1048576, 1048300},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := boardCapacity(tc.limit); got != tc.want {
				t.Errorf("boardCapacity(%d) = %d, want %d", tc.limit, got, tc.want)
			}
		})
	}
}

func TestFileLimitNote(t *testing.T) {
	tests := []struct {
		name  string
		limit uint64
		ok    bool
		want  string
	}{
		{"known", 20000, true, "Giới hạn tệp mở: 20000 — đủ cho khoảng 19700 bảng kết nối cùng lúc."},
		{"too low", 200, true, "Giới hạn tệp mở: 200 — quá thấp"},
		{"unknown", 0, false, "Không đọc được giới hạn tệp mở"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FileLimitNote(tc.limit, tc.ok); !strings.HasPrefix(got, tc.want) {
				t.Errorf("fileLimitNote(%d, %v) = %q, want it to start with %q", tc.limit, tc.ok, got, tc.want)
			}
		})
	}
}
