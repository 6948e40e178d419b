package player

import (
	"os"
	"path/filepath"
	"testing"
)

// The machine's measures are read where Linux writes them, the hottest
// thermal zone is the board's temperature, and a system without them
// gives none rather than a guess.
func TestDiagnosticsReadTheSystemFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("meminfo", "MemTotal:        3884360 kB\nMemFree:          171396 kB\nMemAvailable:    2599348 kB\n")
	write("thermal/thermal_zone0/temp", "47236\n")
	write("thermal/thermal_zone1/temp", "61850\n")
	write("thermal/thermal_zone2/temp", "không đọc được\n")
	if got, ok := memAvailable(filepath.Join(dir, "meminfo")); !ok || got != 2599348<<10 {
		t.Fatalf("MemAvailable %d %v, want %d", got, ok, int64(2599348<<10))
	}
	if got, ok := hottestZone(filepath.Join(dir, "thermal")); !ok || got != 61850 {
		t.Fatalf("temperature %d %v, want the hottest zone's 61850", got, ok)
	}
	if _, ok := memAvailable(filepath.Join(dir, "none")); ok {
		t.Fatal("MemAvailable read from no file")
	}
	if _, ok := hottestZone(filepath.Join(dir, "none")); ok {
		t.Fatal("a temperature read from no thermal zone")
	}
	write("old-meminfo", "MemTotal: 3884360 kB\nMemFree: 171396 kB\n") // before Linux 3.14
	if _, ok := memAvailable(filepath.Join(dir, "old-meminfo")); ok {
		t.Fatal("MemAvailable read from a file without it")
	}
}
