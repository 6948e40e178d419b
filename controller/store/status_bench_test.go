package store

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkStatusesOfASwitch is what writing every board's new status
// after a switch costs the store: 10,000 boards, each status as a player
// reports it (about 300 bytes of JSON), written in the fleet's chunks of
// 250 rows. The fleet once wrote them within five seconds of every switch;
// it now writes a connected board's status once it has waited ten minutes
// (fleet.DefaultStatusEvery), so however many switches, this is paid once
// per board per ten minutes. Reported per board, wall and process CPU.
//
//	go test -run '^$' -bench StatusesOfASwitch -benchtime 5x ./controller/store/
func BenchmarkStatusesOfASwitch(b *testing.B) {
	if onPostgres() {
		b.Skip("measured on SQLite, the default")
	}
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "codong.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const boards, chunk = 10000, 250
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := range boards {
		if _, err := tx.ExecContext(ctx, `INSERT INTO boards (id, name, width, height, token_hash, created_at) VALUES (?, ?, 384, 128, ?, ?)`,
			i+1, fmt.Sprintf("Bảng LED thôn %d", i+1), fmt.Sprintf("h%d", i), formatTime(time.Now())); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)
	cpu0 := processCPU(b)
	b.ResetTimer()
	for n := range b.N {
		seen := make([]Seen, 0, chunk)
		for i := range boards {
			status := fmt.Appendf(nil, `{"revision":%d,"playlist":"congress-success","item_id":%d,"title":"Mừng Đại hội thành công tốt đẹp","asset":"%064x","since":"%s","version":"0.30","brightness":100,"display_width":384,"display_height":128,"cache_bytes":104857600,"uptime_seconds":86400,"clock_offset_ms":0,"shows":{"page":0}}`,
				1796675194430701+n, i%12, i, at.Format(time.RFC3339Nano))
			seen = append(seen, Seen{Board: int64(i + 1), At: at, Status: status})
			if len(seen) == chunk {
				if err := s.SaveTelemetry(ctx, Telemetry{Seen: seen}); err != nil {
					b.Fatal(err)
				}
				seen = seen[:0]
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*boards), "µs/board")
	b.ReportMetric(float64((processCPU(b)-cpu0).Microseconds())/float64(b.N*boards), "cpu-µs/board")
}

// processCPU is the CPU time this process has used, user and system.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
