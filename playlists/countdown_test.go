package playlists

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// testCountdown counts to 2026-12-20 with pictures for the three days
// from 2026-12-15 (so 12-18 and 12-19 are beyond the pre-rendered
// window): the picture of day k is hash of 'A'+k.
func testCountdown() Countdown {
	c := Countdown{Slogan: 7, Date: "2026-12-20", Text: "Còn {N} ngày đến Đại hội", After: "Mừng Đại hội thành công!", AfterAsset: hash('f')}
	for k := range 3 {
		c.Days = append(c.Days, DatedAsset{Date: fmt.Sprintf("2026-12-%02d", 15+k), Asset: hash(byte('1' + k))})
	}
	return c
}

func TestCountdownOn(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, hcm) }
	tests := []struct {
		name      string
		t         time.Time
		wantAsset string
		wantTitle string
		wantOK    bool
	}{
		{"first pre-rendered day", at(15, 8, 0), hash('1'), "Còn 5 ngày đến Đại hội", true},
		{"23:59 is still the first day", at(15, 23, 59), hash('1'), "Còn 5 ngày đến Đại hội", true},
		{"00:00 is the next day", at(16, 0, 0), hash('2'), "Còn 4 ngày đến Đại hội", true},
		{"last pre-rendered day", at(17, 12, 0), hash('3'), "Còn 3 ngày đến Đại hội", true},
		{"beyond the window: nothing, not a wrong number", at(18, 0, 0), "", "", false},
		{"the day before, still beyond the window", at(19, 23, 59), "", "", false},
		{"the day itself, at midnight", at(20, 0, 0), hash('f'), "Mừng Đại hội thành công!", true},
		{"long after", at(20, 0, 0).AddDate(1, 0, 0), hash('f'), "Mừng Đại hội thành công!", true},
		{"before the first picture (clock set back)", at(14, 23, 59), "", "", false},
		// 16:59 UTC on the 15th is 23:59 in Vietnam; 17:00 UTC is
		// midnight there: the zone decides the day, not UTC.
		{"UTC instant read in Vietnam's zone, 23:59", time.Date(2026, 12, 15, 16, 59, 0, 0, time.UTC), hash('1'), "Còn 5 ngày đến Đại hội", true},
		{"UTC instant read in Vietnam's zone, 00:00", time.Date(2026, 12, 15, 17, 0, 0, 0, time.UTC), hash('2'), "Còn 4 ngày đến Đại hội", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testCountdown()
			pic, title, ok := c.On(tc.t, hcm)
			asset := pic.Asset
			if asset != tc.wantAsset || title != tc.wantTitle || ok != tc.wantOK {
				t.Fatalf("On(%v) = %.8s…, %q, %v; want %.8s…, %q, %v", tc.t, asset, title, ok, tc.wantAsset, tc.wantTitle, tc.wantOK)
			}
		})
	}
}

// countdownManifest plays a plain item and a countdown item.
func countdownManifest() *Manifest {
	return &Manifest{
		Board: Board{ID: 1, Width: 384, Height: 128},
		Content: Content{TimeZone: "Asia/Ho_Chi_Minh", Default: DefaultSlug, Playlists: []Playlist{
			{Slug: DefaultSlug, Items: []Item{
				{ID: 1, Seconds: 10, Asset: hash('a')},
				{ID: 2, SloganID: 7, Seconds: 10, Asset: hash('1'), Countdown: true},
			}},
		}, Countdowns: []Countdown{testCountdown()}},
	}
}

func TestRotationShowsTheDaysCountdownPicture(t *testing.T) {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	tests := []struct {
		name  string
		t     time.Time
		items []string // assets of the active playlist's items
	}{
		{"first day", time.Date(2026, 12, 15, 23, 59, 59, 0, hcm), []string{hash('a'), hash('1')}},
		{"after midnight", time.Date(2026, 12, 16, 0, 0, 0, 0, hcm), []string{hash('a'), hash('2')}},
		{"beyond the window the item is left out", time.Date(2026, 12, 18, 9, 0, 0, 0, hcm), []string{hash('a')}},
		{"on the day, the after message", time.Date(2026, 12, 20, 9, 0, 0, 0, hcm), []string{hash('a'), hash('f')}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := countdownManifest()
			pl := m.Active(tc.t)
			var got []string
			for _, it := range pl.Items {
				got = append(got, it.Asset)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.items) {
				t.Fatalf("items %.10v, want %.10v", got, tc.items)
			}
			// The manifest itself is not changed by playing it.
			if m.Playlists[0].Items[1].Asset != hash('1') {
				t.Fatal("Active changed the manifest's item")
			}
		})
	}
}

func TestRotationTurnsTheDayAtMidnight(t *testing.T) {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	m := countdownManifest()
	m.Playlists[0].Items = m.Playlists[0].Items[1:] // the countdown alone, as a long item
	m.Playlists[0].Items[0].Seconds = 3600
	var r Rotation
	before := time.Date(2026, 12, 15, 23, 30, 0, 0, hcm)
	p, _ := r.At(m, before)
	if p.Item.Asset != hash('1') || p.Item.Title != "Còn 5 ngày đến Đại hội" {
		t.Fatalf("before midnight: %.8s… %q", p.Item.Asset, p.Item.Title)
	}
	midnight := m.NextChange(before)
	if want := time.Date(2026, 12, 16, 0, 0, 0, 0, hcm); !midnight.Equal(want) {
		t.Fatalf("next change %v, want midnight %v: the player would sleep through it", midnight, want)
	}
	p, _ = r.At(m, midnight)
	if p.Item.Asset != hash('2') || p.Item.Title != "Còn 4 ngày đến Đại hội" {
		t.Fatalf("at midnight: %.8s… %q", p.Item.Asset, p.Item.Title)
	}
	if _, ok := r.At(m, time.Date(2026, 12, 18, 0, 0, 0, 0, hcm)); ok {
		t.Fatal("beyond the window a countdown-only playlist still played something")
	}
}

func TestCountdownManifestAssetsAndValidate(t *testing.T) {
	m := countdownManifest()
	got := fmt.Sprint(m.Assets())
	want := fmt.Sprint([]string{hash('a'), hash('1'), hash('2'), hash('3'), hash('f')})
	if got != want {
		t.Fatalf("assets %.40s, want %.40s", got, want)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	breaks := map[string]func(m *Manifest){
		"bad day hash":        func(m *Manifest) { m.Countdowns[0].Days[1].Asset = "x" },
		"bad after hash":      func(m *Manifest) { m.Countdowns[0].AfterAsset = "" },
		"bad date":            func(m *Manifest) { m.Countdowns[0].Date = "20/12/2026" },
		"day on the date":     func(m *Manifest) { m.Countdowns[0].Days[2].Date = "2026-12-20" },
		"item with no dates":  func(m *Manifest) { m.Countdowns = nil },
		"bad day date format": func(m *Manifest) { m.Countdowns[0].Days[0].Date = "2026-12-1" },
	}
	for name, breakIt := range breaks {
		t.Run(name, func(t *testing.T) {
			m := countdownManifest()
			breakIt(m)
			if err := m.Validate(); !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate = %v, want ErrInvalid", err)
			}
		})
	}
}
