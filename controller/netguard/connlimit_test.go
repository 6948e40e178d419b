package netguard

import "testing"

func TestMaxConnsFor(t *testing.T) {
	tests := []struct {
		name  string
		limit uint64
		known bool
		want  int
	}{
		{"unknown limit", 0, false, FallbackMaxConns},
		{"old default soft limit", 1024, true, 1024 - FileReserve},
		{"common hard limit", 1048576, true, 1048576 - FileReserve},
		{"below the reserve", 200, true, 100},
		{"absurdly low", 1, true, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := MaxConnsFor(tc.limit, tc.known); got != tc.want {
				t.Errorf("maxConnsFor(%d, %v) = %d, want %d", tc.limit, tc.known, got, tc.want)
			}
		})
	}
}
