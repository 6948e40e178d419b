package playlists

import (
	"testing"
	"time"
)

// TestPlan: the calendar of the congress plan, day by day, in the
// controller's zone, is exactly what Active says minute by minute.
func TestPlan(t *testing.T) {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	m := testManifest()
	m.TimeZone = "Asia/Ho_Chi_Minh"
	m.Playlists = append(m.Playlists, Playlist{Slug: "trong-dai-hoi", Name: "Trong Đại hội", Items: []Item{{ID: 20, Seconds: 10, Asset: hash('f')}}})
	every := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	m.Schedule = []Slot{
		{Playlist: "trong-dai-hoi", Start: "07:00", End: "11:30", Days: every, From: "2026-12-15", To: "2026-12-17"},
		{Playlist: "trong-dai-hoi", Start: "13:30", End: "17:00", Days: every, From: "2026-12-15", To: "2026-12-17"},
		{Playlist: CongressSuccessSlug, Start: "22:00", End: "02:00", Overnight: true, Days: every, From: "2026-12-17", To: "2026-12-17"},
	}
	from := time.Date(2026, 12, 14, 0, 0, 0, 0, hcm)
	to := from.AddDate(0, 0, 5)
	spans := m.Plan(from, to)
	// Every span agrees with Active at its start, its middle and its last minute.
	for i, sp := range spans {
		if i > 0 && !sp.Start.Equal(spans[i-1].End) {
			t.Fatalf("gap between span %d and %d", i-1, i)
		}
		for _, at := range []time.Time{sp.Start, sp.Start.Add(sp.End.Sub(sp.Start) / 2), sp.End.Add(-time.Minute)} {
			if got := m.Active(at); got == nil || got.Slug != sp.Playlist {
				t.Fatalf("span %d (%s %v–%v) says %q, Active at %v says %v", i, sp.From, sp.Start, sp.End, sp.Playlist, at, got)
			}
		}
	}
	if !spans[0].Start.Equal(from) || !spans[len(spans)-1].End.Equal(to) {
		t.Fatalf("spans do not cover the range: %v … %v", spans[0].Start, spans[len(spans)-1].End)
	}
	want := []struct {
		start    string
		playlist string
		from     string
	}{
		{"2026-12-14 00:00", DefaultSlug, FromDefault},
		{"2026-12-15 07:00", "trong-dai-hoi", FromSlot},
		{"2026-12-15 11:30", DefaultSlug, FromDefault},
		{"2026-12-15 13:30", "trong-dai-hoi", FromSlot},
		{"2026-12-15 17:00", DefaultSlug, FromDefault},
		{"2026-12-16 07:00", "trong-dai-hoi", FromSlot},
	}
	for i, w := range want {
		start, _ := time.ParseInLocation("2006-01-02 15:04", w.start, hcm)
		if sp := spans[i]; !sp.Start.Equal(start) || sp.Playlist != w.playlist || sp.From != w.from {
			t.Errorf("span %d = %s %s from %v, want %s %s from %s", i, sp.Playlist, sp.From, sp.Start.In(hcm), w.playlist, w.from, w.start)
		}
	}
	// The night of the last day runs past midnight into the 18th.
	var night *Span
	for i := range spans {
		if spans[i].Playlist == CongressSuccessSlug {
			night = &spans[i]
		}
	}
	if night == nil || night.Start.In(hcm).Format("02 15:04") != "17 22:00" || night.End.In(hcm).Format("02 15:04") != "18 02:00" {
		t.Fatalf("the congress night: %+v", night)
	}
}
