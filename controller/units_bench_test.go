//go:build unix

package controller

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"codong/controller/auth"
	"codong/controller/secret"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/internal/pgtest"
	"codong/internal/seedtest"
	"codong/protocol"
)

// BenchmarkUnitsAtProvinceScale is a province on one database: 100
// communes of 100 boards each, 10 people per commune (1,000), ten plays a
// day for a week on every board. It times what the issue bounds (a
// commune's dashboard, wall and report under 200 ms, the province's
// under 1 s), as wall time per request and the controller process's CPU
// per request (cpu-ms/op), through the real HTTP server. On PostgreSQL
// when pgtest.Env is set (as the issue asks), else on SQLite:
//
//	CODONG_TEST_POSTGRES=postgres://… go test -run '^$' -bench UnitsAtProvinceScale -benchtime 20x ./controller/
func BenchmarkUnitsAtProvinceScale(b *testing.B) {
	if onPostgres() {
		// The package runs again on PostgreSQL for its tests; this
		// benchmark chose its engine on the first run already.
		b.Skip("measured on the first run")
	}
	const communes, boardsEach, peopleEach, days, playsADay = 100, 100, 10, 7, 10
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	database, engine := "", "SQLite"
	if pgtest.Configured() {
		database, engine = pgtest.URL(b), "PostgreSQL"
	}
	s, err := New(ctx, Config{DataDir: b.TempDir(), Database: database, AdminPassword: "mật khẩu thử nghiệm đủ dài",
		PasswordIterations: 1000, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Announce: func(string) {}})
	if err != nil {
		b.Fatal(err)
	}
	s.Start(ctx)
	srv := httptest.NewServer(s.Handler())
	defer func() { cancel(); srv.Close(); s.Close() }()
	st := s.store
	if err := seedtest.FirstRun(ctx, st); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	var first string
	now := time.Now().UTC()
	asset := strings.Repeat("d", 64)
	sent := []store.SentItem{{ItemID: 777, Asset: asset, Width: 384, Height: 128, Playlist: "default", Title: "Mừng Đảng, mừng Xuân", At: now.AddDate(0, 0, -days-1)}}
	for i := range communes {
		u, err := st.AddUnit(ctx, testActor, fmt.Sprintf("Xã số %03d", i+1), store.RootUnitSlug)
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			first = u.Slug
		}
		in := testActor
		in.Unit = u.ID
		var plays []store.BoardPlays
		for j := range boardsEach {
			bd, err := st.CreateBoard(ctx, in, store.Board{Name: fmt.Sprintf("Bảng %03d-%03d", i+1, j+1), Width: 384, Height: 128}, fmt.Sprintf("hash-%d-%d", i, j))
			if err != nil {
				b.Fatal(err)
			}
			var recs []protocol.Play
			for d := range days * playsADay {
				recs = append(recs, protocol.Play{ID: int64(d + 1), ItemID: 777, Asset: asset,
					Start: now.AddDate(0, 0, -d/playsADay).Add(-time.Duration(d%playsADay) * time.Hour), Seconds: 10})
			}
			plays = append(plays, store.BoardPlays{Board: bd.ID, Records: recs})
		}
		if err := st.SaveTelemetry(ctx, store.Telemetry{Sent: sent, Plays: plays}); err != nil {
			b.Fatal(err)
		}
		for p := range peopleEach {
			if _, err := st.CreateUserIn(ctx, testActor, u.Slug, fmt.Sprintf("canbo-%03d-%02d", i+1, p+1), "khong-dung", store.Roles{store.RoleOperator}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Logf("%s: %d communes, %d boards, %d people, %d plays made in %v", engine, communes, communes*boardsEach, communes*peopleEach,
		communes*boardsEach*days*playsADay, time.Since(start).Round(time.Second))
	token := func(unit string) string {
		tok, _, err := staff.CreateAPITokenIn(ctx, st, testActor, unit, "đo "+unit, "operator", 0)
		if err != nil {
			b.Fatal(err)
		}
		return tok
	}
	cookie := func(unit string) string {
		u, err := st.CreateUserIn(ctx, testActor, unit, "do-"+unit, "khong-dung", store.Roles{store.RoleOperator})
		if err != nil {
			b.Fatal(err)
		}
		if err := st.ChangeOwnPassword(ctx, store.Actor{Key: store.UserKey(u.ID), Name: u.Username}, u.ID, "khong-dung", ""); err != nil {
			b.Fatal(err)
		}
		value, hash := secret.NewToken(secret.PrefixSession)
		if err := st.CreateSession(ctx, hash, u.ID, "csrf", time.Now().Add(time.Hour)); err != nil {
			b.Fatal(err)
		}
		return value
	}
	who := map[string]struct{ token, cookie string }{
		"commune":  {token(first), cookie(first)},
		"province": {token(store.RootUnitSlug), cookie(store.RootUnitSlug)},
	}
	for _, level := range []string{"commune", "province"} {
		for _, page := range []struct{ name, path string }{
			{"dashboard", "/"}, {"wall", "/api/v1/wall?boards=own"}, {"report", "/api/v1/report"}, {"report-page", "/report"},
		} {
			b.Run(level+"/"+page.name, func(b *testing.B) {
				get := func() {
					req, _ := http.NewRequest("GET", srv.URL+page.path, nil)
					if strings.HasPrefix(page.path, "/api/") {
						req.Header.Set("Authorization", "Bearer "+who[level].token)
					} else {
						req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: who[level].cookie})
					}
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					n, _ := io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK || n == 0 {
						b.Fatalf("%s: %d, %d bytes", page.path, resp.StatusCode, n)
					}
				}
				get() // warm: the first read of a cache
				cpu0 := processCPU()
				b.ResetTimer()
				for range b.N {
					get()
				}
				b.StopTimer()
				b.ReportMetric(float64(processCPU()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
