package main

import (
	"strings"
	"testing"
)

// TestRunRefusesBadControllers: a bad --controller list stops the player
// before it opens anything, naming the address at fault.
func TestRunRefusesBadControllers(t *testing.T) {
	tests := []struct {
		name, list, want string
	}{
		{"no scheme", "http://127.0.0.1:8080,127.0.0.1:8081", "địa chỉ máy chủ “127.0.0.1:8081” không hợp lệ"},
		{"twice", "http://127.0.0.1:8080,http://127.0.0.1:8080", "địa chỉ máy chủ “http://127.0.0.1:8080” được ghi hai lần"},
		{"too many", strings.Repeat("http://127.0.0.1:8080,", 8) + "http://127.0.0.1:8081", "tối đa 8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			frame := t.TempDir() + "/khung.png"
			err := run([]string{"--controller", tc.list, "--display", "png:" + frame, "--cache", t.TempDir()})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// TestRunRefusesCacheBudgetOutOfRange: --cache-budget is checked at the
// edge, in MiB from 0 to player.MaxCacheBudget, before anything opens.
func TestRunRefusesCacheBudgetOutOfRange(t *testing.T) {
	for _, budget := range []string{"-1", "1048577"} {
		t.Run(budget, func(t *testing.T) {
			frame := t.TempDir() + "/khung.png"
			err := run([]string{"--cache-budget", budget, "--display", "png:" + frame, "--cache", t.TempDir()})
			if err == nil || !strings.Contains(err.Error(), "--cache-budget "+budget+" MiB nằm ngoài khoảng cho phép 0 tới 1048576 MiB") {
				t.Fatalf("error %v, want one naming the allowed range", err)
			}
		})
	}
}
