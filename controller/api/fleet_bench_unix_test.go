//go:build unix

package api

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/fleet"
	"codong/controller/hub"
	"codong/controller/store"
)

// fleetBoards is the fleet of BenchmarkFleetSummary: a province's
// boards, every one linked and up to date.
const fleetBoards = 10_000

// noPictures renders nothing: the benchmark's playlists are empty, so
// the fleet never asks.
type noPictures struct{}

func (noPictures) Asset(string, string, assets.Size, int) (fleet.Picture, error) {
	return fleet.Picture{}, errors.New("no pictures in this benchmark")
}

func (noPictures) PhotoAsset(store.PlaylistItem, assets.Size) (string, error) {
	return "", errors.New("no pictures in this benchmark")
}

// quietLinks takes the manifests sent and drops them: the boards'
// acknowledgements are made by the benchmark.
type quietLinks struct{}

func (quietLinks) SendAll([]hub.Delivery) {}
func (quietLinks) Disconnect(int64)       {}

// linkedFleet stores n boards in a real SQLite database in dir, runs a
// fleet over it, links every board and acknowledges its manifest, and
// returns once the fleet's summary shows all n up to date.
func linkedFleet(tb testing.TB, dir string, n int) *fleet.Fleet {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := store.Open(ctx, filepath.Join(dir, "codong.db"))
	if err != nil {
		tb.Fatal(err)
	}
	actor := store.Actor{Key: "cli", Name: "thử nghiệm", Roles: store.AllRoles}
	sizes := [][2]int{{384, 128}, {192, 64}, {1920, 1080}}
	for i := range n {
		sz := sizes[i%len(sizes)]
		if _, err := st.CreateBoard(ctx, actor, store.Board{Name: fmt.Sprintf("Bảng %d", i+1), Width: sz[0], Height: sz[1]}, fmt.Sprintf("hash-%d", i+1)); err != nil {
			tb.Fatal(err)
		}
	}
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	f := fleet.New(fleet.Config{Store: st, Renderer: noPictures{}, Key: key, TimeZone: "Asia/Ho_Chi_Minh",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	f.Attach(quietLinks{})
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	tb.Cleanup(func() { cancel(); <-done; st.Close() })
	waitSummary(tb, f, "first publication", func(s fleet.Summary) bool { return s.Boards == n && !s.Publishing })
	boards, err := st.Boards(ctx, store.Everything)
	if err != nil {
		tb.Fatal(err)
	}
	for i, b := range boards {
		f.Connected(b.ID, uint64(i+1), "192.0.2.1", "")
	}
	waitSummary(tb, f, "every manifest sent", func(fleet.Summary) bool {
		for _, b := range boards {
			if f.View(b.ID).Sent == 0 {
				return false
			}
		}
		return true
	})
	for i, b := range boards {
		if r := f.Ack(b.ID, uint64(i+1), f.View(b.ID).Sent); r != nil {
			tb.Fatalf("board %d: ack refused: %s", b.ID, r.Message)
		}
	}
	waitSummary(tb, f, "every board up to date", func(s fleet.Summary) bool { return s.UpToDate == n })
	return f
}

func waitSummary(tb testing.TB, f *fleet.Fleet, what string, ok func(fleet.Summary) bool) {
	tb.Helper()
	deadline := time.Now().Add(time.Minute)
	for !ok(f.Summary()) {
		if time.Now().After(deadline) {
			tb.Fatalf("never happened: %s (%+v)", what, f.Summary())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// cpuTime is the CPU this process has used, user and system.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFleetSummary is GET /api/v1/fleet through echo with 10,000
// boards linked and up to date: what the dashboard and every script
// polling for a switch's end cost the controller. cpu-µs/op is the
// process's CPU (every goroutine, the collector's included) per call.
func BenchmarkFleetSummary(b *testing.B) {
	f := linkedFleet(b, b.TempDir(), fleetBoards)
	h := New(Config{Fleet: f})
	e := echo.New()
	e.GET("/api/v1/fleet", h.Fleet)
	req := httptest.NewRequest(http.MethodGet, "/api/v1/fleet", nil)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for range b.N {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET /api/v1/fleet: %d %s", rec.Code, rec.Body)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
}
