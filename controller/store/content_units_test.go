package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"codong/playlists"
)

// Content belongs to units: a unit's slogans, photos and playlists are
// seen by it and the units above, not by a sibling (nor by ID); what a
// unit shares down is seen, read-only, by every unit below it and may go
// into their playlists; a unit's own content is approved by an approver
// of the unit or above, never of a sibling or a unit below; each unit
// has a schedule of its own, and a slot made mandatory outranks the
// slots of the units below on their boards.
func TestContentBelongsToUnits(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, _ := s.AddUnit(ctx, ed, "Xã An Phú", RootUnitSlug)
	a1, _ := s.AddUnit(ctx, ed, "Thôn An Phú 1", a.Slug)
	b, _ := s.AddUnit(ctx, ed, "Xã Bình Minh", RootUnitSlug)
	tree, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	person := func(u Unit, role, who string) Actor {
		return Actor{Key: "user:" + who + "-" + u.Slug, Name: who + " " + u.Name, Roles: Roles{role}, Unit: u.ID}
	}
	root, _ := tree.ByID(RootUnit)

	// The province shares one slogan down and keeps one to itself.
	official, err := s.CreateSloganIn(ctx, ed, Place{FromAbove: true}, SloganBody{Text: "Mừng Đảng, mừng Xuân", Style: "classic"})
	if err != nil || !official.FromAbove || official.Unit != RootUnitSlug {
		t.Fatalf("shared slogan %+v %v", official, err)
	}
	own, _ := s.CreateSloganBody(ctx, ed, SloganBody{Text: "Khẩu hiệu riêng của tỉnh", Style: "classic"})
	// The hamlet writes its own; so does the other commune.
	hamletEd := person(a1, RoleEditor, "soan")
	mine, err := s.CreateSloganBody(ctx, hamletEd, SloganBody{Text: "Thôn An Phú 1 thi đua", Style: "classic"})
	if err != nil || mine.Unit != a1.Slug {
		t.Fatalf("hamlet's slogan %+v %v", mine, err)
	}
	theirs, _ := s.CreateSloganBody(ctx, person(b, RoleEditor, "soan"), SloganBody{Text: "Xã Bình Minh thi đua", Style: "classic"})

	ids := func(sc Scope) []int64 {
		t.Helper()
		list, err := s.Slogans(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, sl := range list {
			out = append(out, sl.ID)
		}
		slices.Sort(out)
		return out
	}
	if got, want := ids(tree.Scope(a1.ID)), []int64{official.ID, mine.ID}; !slices.Equal(got, want) {
		t.Fatalf("the hamlet sees slogans %v, want what the province shared and its own %v", got, want)
	}
	if got, want := ids(tree.Scope(a.ID)), []int64{official.ID, mine.ID}; !slices.Equal(got, want) {
		t.Fatalf("the commune sees slogans %v, want %v", got, want)
	}
	if got := ids(tree.Scope(root.ID)); len(got) != 4 {
		t.Fatalf("the province sees slogans %v, want all four", got)
	}
	if _, err := s.Slogan(ctx, tree.Scope(b.ID), mine.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the other commune reads the hamlet's slogan by ID: %v", err)
	}
	if _, err := s.Slogan(ctx, tree.Scope(a1.ID), own.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the hamlet reads what the province did not share: %v", err)
	}
	// What is shared down is read-only below; another unit's is absent.
	if _, err := s.UpdateSloganBody(ctx, hamletEd, official.ID, 1, SloganBody{Text: "Sửa của thôn", Style: "classic"}); !errors.Is(err, ErrFromAbove) {
		t.Fatalf("the hamlet edits the province's shared slogan: %v", err)
	}
	if err := s.DeleteSlogan(ctx, hamletEd, official.ID); !errors.Is(err, ErrFromAbove) {
		t.Fatalf("the hamlet deletes the province's shared slogan: %v", err)
	}
	if _, err := s.UpdateSloganBody(ctx, hamletEd, theirs.ID, 1, SloganBody{Text: "Sửa của thôn", Style: "classic"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the hamlet edits the other commune's slogan: %v", err)
	}
	if err := s.ShareDown(ctx, hamletEd, KindSlogan, official.ID, false); !errors.Is(err, ErrFromAbove) {
		t.Fatalf("the hamlet takes back the province's sharing: %v", err)
	}
	if _, err := s.CreateSloganIn(ctx, hamletEd, Place{Unit: a.Slug}, SloganBody{Text: "Của xã", Style: "classic"}); !isInvalid(err, FieldUnit) {
		t.Fatalf("the hamlet writes into its commune: %v", err)
	}

	// The hamlet's playlist takes its own slogan and the shared one, not
	// what was not shared nor the other commune's.
	pl, err := s.CreatePlaylistNamed(ctx, hamletEd, "Thôn An Phú 1 chào mừng")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{official.ID, mine.ID} {
		if err := s.AddItem(ctx, hamletEd, pl, id, 10); err != nil {
			t.Fatalf("item %d: %v", id, err)
		}
	}
	for _, id := range []int64{own.ID, theirs.ID} {
		if err := s.AddItem(ctx, hamletEd, pl, id, 10); !errors.Is(err, ErrNotFound) {
			t.Fatalf("the hamlet puts slogan %d in its playlist: %v", id, err)
		}
	}

	// Four eyes per level: the hamlet's drafts wait for an approver of
	// the hamlet or above; the other commune's approver does not find
	// them, the province's does.
	waiting, err := s.Versions(ctx, tree.Scope(a1.ID), VersionFilter{State: StatePending})
	if err != nil {
		t.Fatal(err)
	}
	if len(waiting) != 2 { // the hamlet's slogan and its playlist
		t.Fatalf("the hamlet's approver sees %d drafts waiting, want its 2", len(waiting))
	}
	for _, v := range waiting {
		if _, err := s.Approve(ctx, person(b, RoleApprover, "duyet"), v.ID, ""); !errors.Is(err, ErrNotFound) {
			t.Fatalf("the other commune's approver approves the hamlet's %s: %v", v.Kind, err)
		}
	}
	if n, _ := s.Waiting(ctx, tree.Scope(b.ID), person(b, RoleApprover, "duyet")); n != 1 {
		t.Fatalf("the other commune's approver is told %d drafts wait, want its own 1", n)
	}
	if _, err := s.Approve(ctx, person(a, RoleApprover, "duyet"), waiting[0].ID, ""); err != nil {
		t.Fatalf("the commune's approver approves the hamlet's draft: %v", err)
	}
	if _, err := s.Approve(ctx, ap, waiting[1].ID, ""); err != nil {
		t.Fatalf("the province's approver approves the hamlet's draft: %v", err)
	}
	communeDraft, _ := s.CreateSloganBody(ctx, person(a, RoleEditor, "soan"), SloganBody{Text: "Của xã An Phú", Style: "classic"})
	v, _ := s.LatestVersion(ctx, KindSlogan, communeDraft.ID)
	if _, err := s.Approve(ctx, person(a1, RoleApprover, "duyet"), v.ID, ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the hamlet's approver approves its commune's draft: %v", err)
	}

	// Each unit its own schedule; the commune's mandatory slot outranks
	// the hamlet's highest on the hamlet's boards, the province's plain
	// slot does not.
	communeEd := person(a, RoleEditor, "soan")
	allDay := playlists.Slot{Start: "00:00", End: "24:00", Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}}
	hamletSlot := allDay
	hamletSlot.Playlist, hamletSlot.Priority = pl, playlists.MaxPriority
	if _, _, err := s.AddSlot(ctx, hamletEd, "", NewSlot{Slot: hamletSlot}); err != nil {
		t.Fatal(err)
	}
	communeSlot := allDay
	communeSlot.Playlist = playlists.CongressSuccessSlug
	if _, _, err := s.AddSlot(ctx, communeEd, "", NewSlot{Slot: communeSlot}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a slot of a playlist the province did not share (not made yet): %v", err)
	}
	s.CreatePlaylist(ctx, ed, playlists.CongressSuccessSlug, "Mừng Đại hội thành công")
	s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng Đại hội")
	if _, _, err := s.AddSlot(ctx, communeEd, "", NewSlot{Slot: communeSlot, Mandatory: true}); err != nil {
		t.Fatalf("the commune's slot of the shared congress list: %v", err)
	}
	if _, _, err := s.AddSlot(ctx, person(b, RoleEditor, "soan"), "", NewSlot{Slot: hamletSlot}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the other commune's slot of the hamlet's playlist: %v", err)
	}
	provinceSlot := allDay
	provinceSlot.Playlist, provinceSlot.Start, provinceSlot.End = playlists.DefaultSlug, "08:00", "09:00"
	if _, _, err := s.AddSlot(ctx, ed, "", NewSlot{Slot: provinceSlot}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Schedule(ctx, tree.Scope(a1.ID), a1.ID); len(got) != 1 || got[0].Playlist != pl {
		t.Fatalf("the hamlet's schedule %+v", got)
	}
	if _, err := s.Schedule(ctx, tree.Scope(b.ID), a1.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the other commune reads the hamlet's schedule: %v", err)
	}
	approveAll(t, s)
	d, err := s.Desired(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 15, 8, 30, 0, 0, time.UTC)
	plays := func(unit Unit) string {
		t.Helper()
		slots := BoardSlots(d.Schedule, d.Units, unit.ID, playlists.Target{Board: 99})
		var plain []playlists.Slot
		for _, sl := range slots {
			plain = append(plain, sl.Slot)
		}
		i := playlists.Resolve(plain, playlists.Target{Board: 99}, at, time.UTC, nil)
		if i < 0 {
			return ""
		}
		return plain[i].Playlist
	}
	if got := plays(a1); got != playlists.CongressSuccessSlug {
		t.Fatalf("the hamlet's board plays %q, want the commune's mandatory slot", got)
	}
	if got := plays(b); got != playlists.DefaultSlug {
		t.Fatalf("the other commune's board plays %q, want the province's slot only", got)
	}
	if got := plays(root); got != playlists.DefaultSlug {
		t.Fatalf("the province's board plays %q", got)
	}
}
