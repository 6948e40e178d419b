package player

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"codong/protocol"
)

// diagnostics is the state of the board's machine for remote care: what
// an officer would ask someone standing at the board. A measure the
// system does not expose is left out rather than guessed.
func (p *Player) diagnostics() *protocol.Diagnostics {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	d := &protocol.Diagnostics{
		Version:       clipBytes(p.version(), 64),
		OS:            runtime.GOOS,
		Arch:          runtime.GOARCH,
		UptimeSeconds: max(0, int64(p.cfg.Now().Sub(p.started)/time.Second)),
		GoMemoryBytes: int64(min(ms.Sys, 1<<50)),
		ClockOffsetMs: time.Duration(p.clockOffset.Load()).Milliseconds(),
	}
	if free, ok := diskFree(p.cfg.CacheDir); ok {
		d.DiskFreeBytes = bounded(free)
	}
	if avail, ok := memAvailable("/proc/meminfo"); ok {
		d.MemAvailableBytes = bounded(avail)
	}
	if t, ok := hottestZone("/sys/class/thermal"); ok && t >= -60000 && t <= 200000 {
		d.TemperatureMilliC = &t
	}
	return d
}

func (p *Player) version() string {
	if p.cfg.Version == "" {
		return "dev"
	}
	return p.cfg.Version
}

func bounded(v int64) *int64 {
	v = max(0, min(v, 1<<50))
	return &v
}

func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// memAvailable reads MemAvailable (kB) from a meminfo file, in bytes.
func memAvailable(path string) (int64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "MemAvailable:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		return kb << 10, err == nil && kb >= 0
	}
	return 0, false
}

// hottestZone is the highest temperature of the thermal zones, in
// thousandths of a degree as Linux writes it: a board in the sun is
// told by its hottest part.
func hottestZone(dir string) (int64, bool) {
	zones, _ := filepath.Glob(filepath.Join(dir, "thermal_zone*", "temp"))
	best, found := int64(0), false
	for _, z := range zones {
		data, err := os.ReadFile(z)
		if err != nil {
			continue
		}
		t, err := strconv.ParseInt(string(bytes.TrimSpace(data)), 10, 64)
		if err != nil {
			continue
		}
		if !found || t > best {
			best, found = t, true
		}
	}
	return best, found
}
