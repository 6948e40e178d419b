package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"codong/playlists"
)

func TestPlaylistSlug(t *testing.T) {
	for name, want := range map[string]string{
		"Mừng Đảng, mừng Xuân": "mung-dang-mung-xuan",
		"  Đêm hội  ":          "dem-hoi",
		"…":                    "danh-sach",
	} {
		if got := PlaylistSlug(name); got != want || !playlists.ValidSlug(got) {
			t.Errorf("PlaylistSlug(%q) = %q, want %q", name, got, want)
		}
	}
}

// itemTexts lists a playlist's newest items by text, and its version.
func itemTexts(t *testing.T, s *Store, slug string) ([]string, int) {
	t.Helper()
	p, err := s.Playlist(context.Background(), Everything, slug)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range p.Items {
		out = append(out, it.Text)
	}
	return out, p.Version
}

func TestMoveItemToDraftsOneVersion(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	slug, err := s.CreatePlaylistNamed(ctx, ed, "Chào Xuân")
	if err != nil || slug != "chao-xuan" {
		t.Fatalf("created %q, %v", slug, err)
	}
	for _, text := range []string{"Một", "Hai", "Ba", "Bốn", "Năm"} {
		sl, err := s.CreateSlogan(ctx, ed, text, "classic")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddItem(ctx, ed, slug, sl.ID, 10); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := s.Playlist(ctx, Everything, slug)
	last := p.Items[4].ID
	tests := []struct {
		name     string
		item     int64
		position int
		want     []string
		drafts   int // versions added
	}{
		{"last to the top", last, 1, []string{"Năm", "Một", "Hai", "Ba", "Bốn"}, 1},
		{"top to the middle", last, 3, []string{"Một", "Hai", "Năm", "Ba", "Bốn"}, 1},
		{"past the end is the end", last, 99, []string{"Một", "Hai", "Ba", "Bốn", "Năm"}, 1},
		{"where it is drafts nothing", last, 5, []string{"Một", "Hai", "Ba", "Bốn", "Năm"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, before := itemTexts(t, s, slug)
			if err := s.MoveItemTo(ctx, ed, slug, tc.item, tc.position); err != nil {
				t.Fatal(err)
			}
			got, after := itemTexts(t, s, slug)
			if !slices.Equal(got, tc.want) || after-before != tc.drafts {
				t.Fatalf("items %v (want %v), %d versions drafted (want %d)", got, tc.want, after-before, tc.drafts)
			}
		})
	}
	if err := s.MoveItemTo(ctx, ed, slug, last, 0); !errors.Is(err, playlists.ErrInvalid) {
		t.Fatalf("position 0: %v", err)
	}
	if err := s.MoveItemTo(ctx, ed, slug, 9999, 1); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown item: %v", err)
	}
	_, before := itemTexts(t, s, slug)
	if err := s.MoveItem(ctx, ed, slug, last, +1); err != nil {
		t.Fatal(err)
	}
	if _, after := itemTexts(t, s, slug); after != before {
		t.Fatalf("moving the last item down drafted version %d", after)
	}
}

func TestRenamePlaylistKeepsSlug(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	slug, _ := s.CreatePlaylistNamed(ctx, ed, "Chào Xuân")
	if twin, err := s.CreatePlaylistNamed(ctx, ed, "Chào xuân"); err != nil || twin != "chao-xuan-2" {
		t.Fatalf("a name of the same slug: %q, %v", twin, err)
	}
	if err := s.RenamePlaylist(ctx, ed, slug, 1, "Mừng Xuân Bính Ngọ"); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Playlist(ctx, Everything, slug); p.Name != "Mừng Xuân Bính Ngọ" {
		t.Fatalf("renamed: %+v", p)
	}
	wantInvalid(t, s.RenamePlaylist(ctx, ed, slug, 2, "  "), FieldPlaylistName, ProblemEmpty) // an empty name
	if err := s.RenamePlaylist(ctx, ed, "khong-co", 1, "x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown playlist: %v", err)
	}
	log, _ := s.Audit(ctx, Everything, AuditFilter{Kind: "playlist"})
	if !slices.ContainsFunc(log, func(e AuditEntry) bool {
		return e.Action == "playlist.rename" && e.Detail == "chao-xuan: Chào Xuân → Mừng Xuân Bính Ngọ"
	}) {
		t.Fatalf("audit %+v", log)
	}
}

// TestDeletePlaylistRefused: a playlist the override, the approved
// schedule or its newest draft plays stays, and says why; so do the
// two the controller relies on. Once nothing plays it, it goes with its
// waiting versions.
func TestDeletePlaylistRefused(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for _, slug := range []string{playlists.DefaultSlug, playlists.CongressSuccessSlug} {
		if err := s.CreatePlaylist(ctx, ed, slug, slug); err != nil {
			t.Fatal(err)
		}
	}
	slug, _ := s.CreatePlaylistNamed(ctx, ed, "Chào Xuân")
	sl, _ := s.CreateSlogan(ctx, ed, "Mừng Xuân", "classic")
	if err := s.AddItem(ctx, ed, slug, sl.ID, 10); err != nil {
		t.Fatal(err)
	}
	approveAll(t, s)
	why := func(err error) string {
		var in *PlaylistInUseError
		if errors.As(err, &in) && errors.Is(err, ErrInUse) {
			return in.Why
		}
		return "not refused: " + errFmt(err)
	}
	for _, builtIn := range []string{playlists.DefaultSlug, playlists.CongressSuccessSlug} {
		if got := why(s.DeletePlaylist(ctx, ed, builtIn)); got != UseBuiltIn {
			t.Errorf("delete %s: %s", builtIn, got)
		}
	}
	if _, err := s.SetOverride(ctx, ed, slug, "", 0, 0); err != nil {
		t.Fatal(err)
	}
	if got := why(s.DeletePlaylist(ctx, ed, slug)); got != UseOverride {
		t.Fatalf("under the override: %s", got)
	}
	if _, err := s.ClearOverride(ctx, ed, Lift{}); err != nil {
		t.Fatal(err)
	}
	slot, _, err := s.AddSlot(ctx, ed, "", NewSlot{Slot: playlists.Slot{Playlist: slug, Start: "07:00", End: "08:00", Days: []time.Weekday{1}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := why(s.DeletePlaylist(ctx, ed, slug)); got != UseDraftSchedule {
		t.Fatalf("in the drafted schedule: %s", got)
	}
	approveAll(t, s)
	if err := s.RemoveSlot(ctx, ed, "", slot.ID); err != nil {
		t.Fatal(err)
	}
	if got := why(s.DeletePlaylist(ctx, ed, slug)); got != UseSchedule {
		t.Fatalf("in the approved schedule, gone from the draft: %s", got)
	}
	if err := s.AddItem(ctx, ed, slug, sl.ID, 20); err != nil { // a waiting version
		t.Fatal(err)
	}
	approveAll(t, s)
	if err := s.AddItem(ctx, ed, slug, sl.ID, 30); err != nil {
		t.Fatal(err)
	}
	p, _ := s.Playlist(ctx, Everything, slug)
	if err := s.DeletePlaylist(ctx, ed, slug); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Playlist(ctx, Everything, slug); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	waiting, _ := s.Versions(ctx, Everything, VersionFilter{State: StatePending, Kind: KindPlaylist})
	if slices.ContainsFunc(waiting, func(v Version) bool { return v.Subject == p.ID }) {
		t.Fatalf("versions of a deleted playlist still wait: %+v", waiting)
	}
	if err := s.DeleteSlogan(ctx, ed, sl.ID); err != nil {
		t.Fatalf("its slogan is free again: %v", err)
	}
}

func errFmt(err error) string {
	if err == nil {
		return "nil"
	}
	return err.Error()
}

// A playlist in a commune's drafted schedule is as much in use as one in
// the root's: deleting it would pull it from under the proposal (only the
// root's draft was read).
func TestPlaylistInACommunesDraftScheduleIsInUse(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	admin := Actor{Key: "cli", Name: "thử", Roles: AllRoles}
	xa, err := s.AddUnit(ctx, admin, "Xã An Phú", RootUnitSlug)
	if err != nil {
		t.Fatal(err)
	}
	ed := Actor{Key: "user:xa", Name: "biên tập xã", Roles: Roles{RoleEditor}, Unit: xa.ID}
	slug, err := s.CreatePlaylistNamed(ctx, ed, "Chào Xuân xã An Phú")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddSlot(ctx, ed, xa.Slug, NewSlot{Slot: playlists.Slot{Playlist: slug, Start: "07:00", End: "08:00", Days: []time.Weekday{1}}}); err != nil {
		t.Fatal(err)
	}
	var in *PlaylistInUseError
	if err := s.DeletePlaylist(ctx, ed, slug); !errors.As(err, &in) || in.Why != UseDraftSchedule {
		t.Fatalf("deleted from under the commune's drafted schedule: %v", err)
	}
}
