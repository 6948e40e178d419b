package fleet

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"codong/assets"
	"codong/controller/store"
	"codong/playlists"
)

var hcm, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

// runningClock is a fleet clock that runs from a set time at the real
// pace, so timers the fleet sets from it fire when it says.
type runningClock struct {
	mu    sync.Mutex
	base  time.Time
	start time.Time
}

func newClock(at time.Time) *runningClock { return &runningClock{base: at, start: time.Now()} }

func (c *runningClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Add(time.Since(c.start))
}

const countdownText = "Còn {N} ngày đến Đại hội"

// addCountdown puts a countdown slogan (ID 50) to date in both
// playlists, as items 10 and 11, and publishes.
func addCountdown(rg *rig, date string) {
	cd := &store.Countdown{Date: date, After: "Mừng Đại hội thành công!"}
	rg.st.change(func(d *store.Desired) {
		for i, id := range []int64{10, 11} {
			d.Playlists[i].Items = append(d.Playlists[i].Items, store.PlaylistItem{ID: id, SloganID: 50, Text: countdownText, Countdown: cd, Seconds: 10})
		}
	})
	rg.f.Publish()
}

func TestCountdownManifestCarriesOnePicturePerDay(t *testing.T) {
	tests := []struct {
		name  string
		date  string
		days  int    // pictures before the date
		today string // the item's Asset: the picture of the day of publication
	}{
		{"ten days ahead", "2026-12-20", 10, "Còn 10 ngày đến Đại hội"},
		{"tomorrow", "2026-12-11", 1, "Còn 1 ngày đến Đại hội"},
		{"further than the window", "2027-06-01", playlists.CountdownWindow, "Còn 173 ngày đến Đại hội"},
		{"the day itself", "2026-12-10", 0, "Mừng Đại hội thành công!"},
		{"past", "2026-01-01", 0, "Mừng Đại hội thành công!"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock(time.Date(2026, 12, 10, 10, 0, 0, 0, hcm))
			rg := newRigWith(t, func(c *Config) { c.Now = clk.now })
			rg.connect(1)
			rg.waitManifests(t, 1, 1)
			addCountdown(rg, tc.date)
			rg.waitManifests(t, 2, 1)
			m := rg.manifests(t, 1)[1]
			if err := m.Validate(); err != nil {
				t.Fatal(err)
			}
			if len(m.Countdowns) != 1 {
				t.Fatalf("%d countdowns for one slogan in two playlists", len(m.Countdowns))
			}
			c := m.Countdowns[0]
			if len(c.Days) != tc.days || c.Date != tc.date || c.Text != countdownText || c.AfterAsset != assetOf("Mừng Đại hội thành công!", 384, 128) {
				t.Fatalf("countdown %+v", c)
			}
			for k, d := range c.Days {
				left, _ := playlists.DaysBetween(d.Date, tc.date)
				if want := time.Date(2026, 12, 10+k, 0, 0, 0, 0, time.UTC).Format(playlists.DateLayout); d.Date != want {
					t.Fatalf("day %d is %s, want %s", k, d.Date, want)
				}
				if d.Asset != assetOf(playlists.CountdownText(countdownText, left), 384, 128) {
					t.Fatalf("day %s has another day's picture", d.Date)
				}
			}
			for _, pl := range m.Playlists {
				it := pl.Items[len(pl.Items)-1]
				if !it.Countdown || it.Asset != assetOf(tc.today, 384, 128) || it.Title != tc.today {
					t.Fatalf("item %+v, want today's picture of %q", it, tc.today)
				}
			}
			// The controller's record of what it sent names every day's
			// picture with that day's text: plays and the report use it.
			rg.f.mu.Lock()
			defer rg.f.mu.Unlock()
			for _, d := range c.Days {
				left, _ := playlists.DaysBetween(d.Date, tc.date)
				s, ok := rg.f.sent[sentKey{10, d.Asset, assets.Size{W: 384, H: 128}}]
				if want := playlists.CountdownText(countdownText, left); !ok || s.Title != want {
					t.Fatalf("sent record of %s: %+v, want title %q", d.Date, s, want)
				}
			}
			if s := rg.f.sent[sentKey{11, c.AfterAsset, assets.Size{W: 384, H: 128}}]; s.Title != "Mừng Đại hội thành công!" || s.Playlist != playlists.CongressSuccessSlug {
				t.Fatalf("sent record of the after picture: %+v", s)
			}
		})
	}
}

// TestCountdownWindowSlidesAtMidnight: the fleet republishes just after
// local midnight, so the pictures start at the new day and one more day
// is rendered at the far end, without any edit.
func TestCountdownWindowSlidesAtMidnight(t *testing.T) {
	clk := newClock(time.Date(2026, 12, 10, 23, 59, 58, 0, hcm))
	rg := newRigWith(t, func(c *Config) { c.Now = clk.now })
	if d := rg.f.untilDayTurn(); d <= 2*time.Second || d > 2*time.Second+dayTurnDelay {
		t.Fatalf("next republication in %v, want 2 s to midnight and %v", d, dayTurnDelay)
	}
	rg.connect(1)
	rg.waitManifests(t, 1, 1)
	addCountdown(rg, "2027-06-01")
	rg.waitManifests(t, 2, 1)
	before := rg.manifests(t, 1)[1].Countdowns[0].Days
	deadline := time.Now().Add(2*time.Second + dayTurnDelay + 5*time.Second)
	for len(rg.links.of(1, "manifest")) < 3 {
		if time.Now().After(deadline) {
			t.Fatal("no new manifest after midnight")
		}
		time.Sleep(50 * time.Millisecond)
	}
	after := rg.manifests(t, 1)[2].Countdowns[0].Days
	if before[0].Date != "2026-12-10" || after[0].Date != "2026-12-11" || len(after) != playlists.CountdownWindow {
		t.Fatalf("window from %s, then from %s (%d days)", before[0].Date, after[0].Date, len(after))
	}
	if fmt.Sprint(before[1:]) != fmt.Sprint(after[:len(after)-1]) {
		t.Fatal("the days both windows share have different pictures")
	}
}
