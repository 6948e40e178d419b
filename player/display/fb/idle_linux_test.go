//go:build linux

package fb

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"codong/player/display"
)

// BenchmarkStillFootprint measures what a board showing a 1920×1080
// still costs: resident memory of the whole (test) process and CPU time
// spent while nothing changes. The targets (≤ 30 MB RSS, ≈ 0 CPU) are
// the player's; this is the display's share.
func BenchmarkStillFootprint(b *testing.B) {
	d := openBench(b, Geometry{Width: 1920, Height: 1080, BitsPerPixel: 32})
	f := display.Frame{PNG: encodePNG(b, 1920, 1080, slogan), Width: 1920, Height: 1080, Brightness: 1}
	for b.Loop() {
		if err := d.Show(f); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// What the benchmark itself left behind is not the board's: give it
	// back before measuring, as the runtime's scavenger would in time.
	debug.FreeOSMemory()
	before := cpuTime(b)
	const idle = time.Second
	time.Sleep(idle)
	b.ReportMetric(float64(cpuTime(b)-before)/float64(idle)*100, "%cpu-idle")
	b.ReportMetric(rssMB(b), "MB-rss")
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func rssMB(b *testing.B) float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				b.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmRSS in /proc/self/status")
	return 0
}
