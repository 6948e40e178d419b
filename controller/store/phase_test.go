package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"codong/playlists"
)

// TestPhaseAddsItsSessionsTogether: a phase of the plan, two sessions a
// day, is one draft of the schedule whose slots share the phase's name,
// kept through approval; a name used twice, sessions without a name and
// too many sessions are refused; removing the phase removes both.
func TestPhaseAddsItsSessionsTogether(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	base := playlists.Slot{Playlist: playlists.DefaultSlug, From: "2026-12-15", To: "2026-12-17",
		Days: []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}}
	morning, afternoon := base, base
	morning.Start, morning.End = "07:00", "11:30"
	afternoon.Start, afternoon.End = "13:30", "17:00"
	if err := s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng"); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Versions(ctx, Everything, VersionFilter{Kind: KindSchedule})
	added, _, err := s.AddPhase(ctx, ed, "", " Trong Đại hội ", plain(morning, afternoon))
	if err != nil || len(added) != 2 || added[0].Phase != "Trong Đại hội" || added[1].Phase != "Trong Đại hội" {
		t.Fatalf("add a phase: %+v, %v", added, err)
	}
	after, _ := s.Versions(ctx, Everything, VersionFilter{Kind: KindSchedule})
	if len(after) != len(before)+1 {
		t.Fatalf("a phase drafted %d versions of the schedule, want 1", len(after)-len(before))
	}
	var bad *InvalidError
	for name, try := range map[string]func() error{
		"the same name again": func() error {
			_, _, err := s.AddPhase(ctx, ed, "", "trong đại hội", plain(morning))
			return err
		},
		"two sessions, no name": func() error {
			_, _, err := s.AddPhase(ctx, ed, "", "", plain(morning, afternoon))
			return err
		},
		"five sessions": func() error {
			_, _, err := s.AddPhase(ctx, ed, "", "Sau Đại hội", plain(morning, afternoon, morning, afternoon, morning))
			return err
		},
	} {
		if err := try(); !errors.As(err, &bad) {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
	approveAll(t, s)
	d, err := s.Desired(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Schedule) != 2 || d.Schedule[0].Phase != "Trong Đại hội" || d.Schedule[1].Phase != "Trong Đại hội" {
		t.Fatalf("approved schedule: %+v", d.Schedule)
	}
	if err := s.RemovePhase(ctx, ed, "", "Trong Đại hội"); err != nil {
		t.Fatal(err)
	}
	if slots, err := s.Schedule(ctx, Everything, RootUnit); err != nil || len(slots) != 0 {
		t.Fatalf("after removing the phase: %+v, %v", slots, err)
	}
	if err := s.RemovePhase(ctx, ed, "", "Không có"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("removing an unknown phase: %v", err)
	}
}

// plain are slots that are not mandatory for the units below.
func plain(sls ...playlists.Slot) []NewSlot {
	out := make([]NewSlot, len(sls))
	for i, sl := range sls {
		out[i] = NewSlot{Slot: sl}
	}
	return out
}
