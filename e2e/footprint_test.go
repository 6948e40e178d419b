package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// procStat reads a process's resident memory (bytes) and the CPU time it
// has used (clock ticks) from /proc.
func procStat(b testing.TB, pid int) (rss int64, ticks int64) {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			rss = kb << 10
		}
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		b.Fatal(err)
	}
	// Fields after the command name, which is in parentheses.
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return rss, utime + stime
}

// BenchmarkPlayerFootprint runs the real player binary showing a
// 1920×1080 still image and reports its resident memory and the CPU it
// uses while idle. Targets (DESIGN.md): ≤ 30 MB RSS, ≈ 0 CPU.
//
//	go test -run '^$' -bench PlayerFootprint -benchtime 1x ./e2e
func BenchmarkPlayerFootprint(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc")
	}
	bin := buildPlayer(b)
	b.Run("png", func(b *testing.B) { footprint(b, bin, "png") })
	// The kiosk page's browser is a separate process, not counted here.
	b.Run("web", func(b *testing.B) { footprint(b, bin, "web:"+freeLoopbackAddr(b)) })
}

func footprint(b *testing.B, bin, display string) {
	h := startController(b)
	const size = "1920x1080"
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	// One long item: a still image.
	for _, it := range def.Items[1:] {
		h.api("DELETE", "/api/v1/playlists/default/items/"+itoa(it.ID), nil, nil)
	}
	h.setItemSeconds("default", def.Items[0].ID, 3600)
	h.approveAll()
	board := h.addBoard("Màn hình đo bộ nhớ", size)
	dir := b.TempDir()
	frame := filepath.Join(dir, "frame.png")
	if display == "png" {
		display = "png:" + frame
	}
	cmd := exec.Command(bin, "--controller", h.srv.URL, "--token", board.Token, "--cache", filepath.Join(dir, "cache"), "--display", display)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	want := h.expectedAsset(def.Items[0].Text, size)
	if strings.HasPrefix(display, "png:") {
		waitFrame(b, frame, want, "still image")
	} else {
		waitUntil(b, func() bool {
			var bs []boardView
			h.api("GET", "/api/v1/boards", nil, &bs)
			return len(bs) == 1 && bs[0].UpToDate && bs[0].Item != nil
		}, "board playing")
	}
	time.Sleep(2 * time.Second) // settle: first status, thumbnail, GC
	b.ResetTimer()
	for range b.N {
		_, t0 := procStat(b, cmd.Process.Pid)
		time.Sleep(5 * time.Second)
		rss, t1 := procStat(b, cmd.Process.Pid)
		const ticksPerSecond = 100 // USER_HZ on Linux
		b.ReportMetric(float64(rss)/(1<<20), "MB-rss")
		b.ReportMetric(float64(t1-t0)/ticksPerSecond/5*100, "%cpu-idle")
	}
}
