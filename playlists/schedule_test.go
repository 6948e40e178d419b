package playlists

import (
	"testing"
	"time"
)

func TestSchedule(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	at := func(s string) time.Time { // 2026-11-25 is a Wednesday
		tt, _ := time.ParseInLocation("2006-01-02 15:04", s, hcm)
		return tt
	}
	m := testManifest()
	m.TimeZone = "Asia/Ho_Chi_Minh"
	m.Schedule = []Slot{
		{Playlist: CongressSuccessSlug, Start: "06:00", End: "08:00"},
		{Playlist: CongressSuccessSlug, Start: "22:00", End: "02:00", Days: []time.Weekday{time.Wednesday}},
		{Playlist: CongressSuccessSlug, Start: "12:00", End: "13:00", Group: "hoi-truong"},
	}
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"morning session", at("2026-11-25 07:59"), CongressSuccessSlug},
		{"after the session", at("2026-11-25 08:00"), DefaultSlug},
		{"Wednesday night", at("2026-11-25 23:00"), CongressSuccessSlug},
		{"past midnight belongs to Wednesday", at("2026-11-26 01:30"), CongressSuccessSlug},
		{"Thursday night is not Wednesday's", at("2026-11-26 23:00"), DefaultSlug},
		{"other group's slot", at("2026-11-25 12:30"), DefaultSlug},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := m.Active(tc.at); got == nil || got.Slug != tc.want {
				t.Fatalf("Active = %v, want %s", got, tc.want)
			}
		})
	}
	m.Override = &Override{Playlist: DefaultSlug, Since: at("2026-11-25 07:00")}
	if got := m.Active(at("2026-11-25 07:30")); got.Slug != DefaultSlug {
		t.Fatalf("override must win over the schedule, got %s", got.Slug)
	}
}

func TestSlotValidate(t *testing.T) {
	bad := []Slot{
		{Playlist: "Mặc định", Start: "06:00", End: "08:00"},
		{Playlist: DefaultSlug, Start: "6h", End: "08:00"},
		{Playlist: DefaultSlug, Start: "06:00", End: "06:00"},
		{Playlist: DefaultSlug, Start: "06:00", End: "08:00", Days: []time.Weekday{7}},
	}
	for _, s := range bad {
		if s.Validate() == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}
