//go:build unix

package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Bounds on what every codong process allocates before main, whatever
// the command: package-level tables, regexps and templates built at
// start-up. In December 2026 the whole binary's init allocated about
// 0.5 MB; before, one password checker's dictionaries alone were 10 MB
// and 15-20 ms of every `codong render` (issue 25).
const (
	maxInitBytes           = 2 << 20
	maxPackageInitBytes    = 512 << 10
	minInitLinesToTrustRun = 20
)

type packageInit struct {
	pkg    string
	bytes  int
	allocs int
}

// initTrace runs bin with GODEBUG=inittrace=1 and reads what the runtime
// says of every package's init: "init PKG @T ms, C ms clock, B bytes, N allocs".
func initTrace(t *testing.T, bin string, args ...string) []packageInit {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s", bin, args, err, stderr.Bytes())
	}
	var out []packageInit
	lines := bufio.NewScanner(&stderr)
	for lines.Scan() {
		f := strings.Fields(lines.Text())
		if len(f) != 11 || f[0] != "init" || f[8] != "bytes," || f[10] != "allocs" {
			continue
		}
		b, err1 := strconv.Atoi(f[7])
		n, err2 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil {
			t.Fatalf("unreadable init trace line %q", lines.Text())
		}
		out = append(out, packageInit{pkg: f[1], bytes: b, allocs: n})
	}
	return out
}

// TestStartupAllocatesLittle: codong's package initialisation, which every
// command pays before it starts (`codong render` included), stays small,
// and no package builds a large table eagerly. A package that needs one
// builds it on first use (sync.OnceValue), as assets' fonts do.
func TestStartupAllocatesLittle(t *testing.T) {
	inits := initTrace(t, buildCodong(t), "help")
	if len(inits) < minInitLinesToTrustRun {
		t.Fatalf("read %d init lines from GODEBUG=inittrace=1; has the runtime's format changed?", len(inits))
	}
	total, sawAssets := 0, false
	for _, p := range inits {
		total += p.bytes
		sawAssets = sawAssets || p.pkg == "codong/assets"
		if p.bytes > maxPackageInitBytes {
			t.Errorf("package %s allocates %d bytes (%d allocations) at start-up, over %d: build it on first use",
				p.pkg, p.bytes, p.allocs, maxPackageInitBytes)
		}
	}
	if !sawAssets {
		t.Errorf("no init line for codong/assets among %d: the trace is not what this test reads", len(inits))
	}
	if total > maxInitBytes {
		t.Errorf("package initialisation allocates %d bytes in all, over %d", total, maxInitBytes)
	}
	t.Logf("%d packages initialised, %d bytes allocated", len(inits), total)
}

// BenchmarkRenderProcess runs the built codong as a user does, one
// process per slogan: start-up, init, render, PNG, write; help is the
// start-up alone. Besides the mean wall time it reports the whole
// process's CPU (user+sys), mean and median, the median wall time, the
// 90th percentile of both (the machine may be shared: CPU is the steadier
// figure) and page faults. docs/performance.md, "codong render: khởi động",
// runs it with -benchtime 20x.
func BenchmarkRenderProcess(b *testing.B) {
	bin := buildCodong(b)
	out := filepath.Join(b.TempDir(), "slogan.png")
	for _, bc := range []struct {
		name string
		args []string
	}{
		{"help", []string{"help"}},
		{"render-1920x1080", []string{"render", "--text", "Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ xã lần thứ III, nhiệm kỳ 2025 - 2030",
			"--size", "1920x1080", "--data", b.TempDir(), "--out", out}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var walls, cpus []time.Duration
			var faults int64
			for b.Loop() {
				cmd := exec.Command(bin, bc.args...)
				start := time.Now()
				msg, err := cmd.CombinedOutput()
				walls = append(walls, time.Since(start))
				if err != nil {
					b.Fatalf("%v: %v\n%s", bc.args, err, msg)
				}
				cpus = append(cpus, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					faults += int64(ru.Minflt + ru.Majflt)
				}
			}
			var cpu time.Duration
			for _, c := range cpus {
				cpu += c
			}
			b.ReportMetric(ms(cpu)/float64(len(cpus)), "cpu-ms/op")
			b.ReportMetric(ms(percentile(cpus, 50)), "p50-cpu-ms")
			b.ReportMetric(ms(percentile(cpus, 90)), "p90-cpu-ms")
			b.ReportMetric(ms(percentile(walls, 50)), "p50-ms")
			b.ReportMetric(ms(percentile(walls, 90)), "p90-ms")
			b.ReportMetric(float64(faults)/float64(len(cpus)), "faults/op")
		})
	}
}

// percentile is the p-th percentile of ds, nearest rank; it sorts ds.
func percentile(ds []time.Duration, p int) time.Duration {
	slices.Sort(ds)
	return ds[(len(ds)*p+99)/100-1]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
