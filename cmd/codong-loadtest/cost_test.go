package main

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"codong/controller/netguard"
	"codong/protocol"
)

// In the reconnect storm every board dials within a second; the
// controller refuses an address's connections beyond its cap until they
// prove a token. The default spread must keep every source under it,
// light boards included (10,000 light boards once sat behind 2 sources).
func TestDefaultSourcesKeepStormUnderAddressCap(t *testing.T) {
	for _, light := range []bool{false, true} {
		for _, boards := range []int{1, 199, 1000, 10_000, 20_000} {
			k := autoSources(boards, light)
			perSource := (boards + k - 1) / k
			if perSource > perSourceBoards || perSource >= netguard.DefaultMaxConnsPerAddress {
				t.Errorf("%d boards (light %v): %d sources, %d boards behind one; want at most %d",
					boards, light, k, perSource, perSourceBoards)
			}
		}
	}
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadPressure(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		total  int64
		avg10  float64
		wantOK bool
	}{
		{"kernel's format", "some avg10=4.37 avg60=5.75 avg300=28.54 total=3480390661\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", 3480390661, 4.37, true},
		{"some line only (older kernels)", "some avg10=0.10 avg60=0.00 avg300=0.00 total=12\n", 12, 0.10, true},
		{"full line only", "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", 0, 0, false},
		{"no total", "some avg10=1.00 avg60=0.00 avg300=0.00\n", 0, 0, false},
		{"garbage", "some avg10=x total=y\n", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			total, avg10, err := readPressure(writeFile(t, "cpu", tc.text))
			if (err == nil) != tc.wantOK || (tc.wantOK && (total != tc.total || avg10 != tc.avg10)) {
				t.Fatalf("got %d, %v, %v; want %d, %v, ok %v", total, avg10, err, tc.total, tc.avg10, tc.wantOK)
			}
		})
	}
	if _, _, err := readPressure(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Fatal("a kernel without PSI read as no pressure")
	}
}

func TestReadSteal(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		steal, all int64
		wantOK     bool
	}{
		// guest and guest_nice (the last two) are inside user and nice.
		{"kernel's format", "cpu  741165 158918 201732 647098 8788 0 7513 649 100 200\ncpu0 1 2 3 4 5 6 7 8 9 10\n", 649, 741165 + 158918 + 201732 + 647098 + 8788 + 7513 + 649, true},
		{"no steal field", "cpu  1 2 3 4 5 6 7\n", 0, 0, false},
		{"per-cpu line first", "cpu0 1 2 3 4 5 6 7 8\n", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			steal, all, err := readSteal(writeFile(t, "stat", tc.text))
			if (err == nil) != tc.wantOK || (tc.wantOK && (steal != tc.steal || all != tc.all)) {
				t.Fatalf("got %d, %d, %v; want %d, %d, ok %v", steal, all, err, tc.steal, tc.all, tc.wantOK)
			}
		})
	}
}

// A phase's CPU per board is what the change cost: the CPU the process
// would have used at rest for as long is taken out first.
func TestCostBetween(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	a := costSample{at: t0, controllerTicks: 1000, harnessTicks: 500, pressureUs: 1_000_000, steal: 10, all: 10_000}
	b := costSample{at: t0.Add(2 * time.Second), controllerTicks: 1000 + 60, harnessTicks: 500 + 150, pressureUs: 1_500_000, steal: 30, all: 10_400}
	c := costBetween(a, b, 1000, idleRates{controller: 0.1, harness: 0.25})
	near := func(got, want float64) bool { return math.Abs(got-want) < 1e-9 }
	switch {
	case !c.ControllerMeasured || !near(c.ControllerCPUSeconds, 0.6) || !near(c.ControllerIdleCPU, 0.2):
		t.Errorf("controller CPU %+v, want 0.6 s of which 0.2 s idle", c)
	case !near(c.ControllerUsPerBoard, 400):
		t.Errorf("controller %v µs per board, want (0.6−0.2) s / 1000 = 400", c.ControllerUsPerBoard)
	case !near(c.HarnessCPUSeconds, 1.5) || !near(c.HarnessUsPerBoard, 1000):
		t.Errorf("harness %+v, want 1.5 s, (1.5−0.5) s / 1000 = 1000 µs per board", c)
	case !near(c.PressurePercent, 25):
		t.Errorf("pressure %v%%, want 0.5 s waiting in 2 s = 25%%", c.PressurePercent)
	case !near(c.StealPercent, 5):
		t.Errorf("steal %v%%, want 20 of 400 ticks = 5%%", c.StealPercent)
	}
	// Idle busier than the phase (noise): never a negative cost.
	if c := costBetween(a, b, 1000, idleRates{controller: 10}); c.ControllerUsPerBoard != 0 {
		t.Errorf("negative cost shown as %v µs per board", c.ControllerUsPerBoard)
	}
	// A controller not measured, no PSI, no /proc/stat: said so, not 0.
	none := costSample{at: t0, controllerTicks: -1, harnessTicks: 0, pressureUs: -1, all: -1}
	c = costBetween(none, costSample{at: t0.Add(time.Second), controllerTicks: -1, harnessTicks: 10, pressureUs: -1, all: -1}, 10, idleRates{})
	if c.ControllerMeasured || c.PressurePercent != -1 || c.StealPercent != -1 || !near(c.HarnessCPUSeconds, 0.1) {
		t.Errorf("unmeasured figures: %+v", c)
	}
}

// A board of 2.2 talking to a controller of 2.2 says what it shows and
// sends no thumbnail, as the player does; to an older controller, or as
// an older player, it sends the thumbnail.
func TestStatusSaysWhatItShowsTo22(t *testing.T) {
	f := &fleet{pictures: newPictures()}
	b := &board{f: f, held: map[string]int64{}}
	sum := "0000000000000000000000000000000000000000000000000000000000000001"
	f.pictures.claim(sum)
	f.pictures.add(sum, testPNG(t))
	b.status = protocol.Status{Playlist: "default", ItemID: 1, Asset: sum}
	b.scroll = true
	st := b.currentStatus(true, true)
	if st.Shows == nil || !st.Shows.Scroll || st.Thumbnail != nil {
		t.Errorf("2.2 status: shows %+v, %d bytes of thumbnail; want what it shows and no thumbnail", st.Shows, len(st.Thumbnail))
	}
	st = b.currentStatus(true, false)
	if st.Shows != nil || len(st.Thumbnail) == 0 {
		t.Errorf("2.1 status: shows %+v, %d bytes of thumbnail; want a thumbnail", st.Shows, len(st.Thumbnail))
	}
}

// testPNG is a board-sized picture.
func testPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 384, 128))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
