package seed

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"codong/controller/store"
	"codong/playlists"
)

// TestSeedWaitsForAPerson: a new database's slogans and playlists are
// drafts, none approved and none the controller may approve; the slogans
// naming a congress come only with the first run's answers, in its words.
func TestSeedWaitsForAPerson(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "codong.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := Content(ctx, st); err != nil {
		t.Fatal(err)
	}
	d, err := st.Desired(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Playlists {
		if len(p.Items) > 0 {
			t.Fatalf("seeded playlist %s reaches boards with %d items before anyone approved", p.Slug, len(p.Items))
		}
	}
	waiting, err := st.Versions(ctx, store.Everything, store.VersionFilter{State: store.StatePending})
	if err != nil || len(waiting) == 0 {
		t.Fatalf("nothing seeded waits for approval: %v", err)
	}
	for _, v := range waiting {
		if v.Author != SystemActor.Key {
			t.Fatalf("seed drafted by %q", v.Author)
		}
	}
	var fourEyes *store.FourEyesError
	if _, err := st.Approve(ctx, store.Actor{Key: store.SystemKey, Roles: store.AllRoles}, waiting[0].ID, ""); !errors.As(err, &fourEyes) {
		t.Fatalf("the controller approved its own seed: %v", err)
	}
	congress, err := st.Playlist(ctx, store.Everything, playlists.CongressSuccessSlug)
	if err != nil || len(congress.Items) != 0 {
		t.Fatalf("congress-success before the first run: %+v, %v", congress.Items, err)
	}
	slogans, err := st.Slogans(ctx, store.Everything)
	if err != nil {
		t.Fatal(err)
	}
	for _, sl := range slogans {
		if strings.Contains(sl.Text, "Liên Minh") {
			t.Fatalf("a sample commune's slogan was seeded before the first run: %q", sl.Text)
		}
	}

	o := store.Organisation{PartyBody: "Đảng bộ phường Hồng Hà", Place: "Hồng Hà", Congress: "XXI", Term: "2025 - 2030"}
	if err := Commune(ctx, st, o); err != nil {
		t.Fatal(err)
	}
	if congress, err = st.Playlist(ctx, store.Everything, playlists.CongressSuccessSlug); err != nil || len(congress.Items) != 1 {
		t.Fatalf("congress-success after the first run: %+v, %v", congress.Items, err)
	}
	const want = "Chào mừng thành công Đại hội đại biểu Đảng bộ phường Hồng Hà lần thứ XXI, nhiệm kỳ 2025 - 2030!"
	if got := congress.Items[0].Text; got != want {
		t.Fatalf("congress-success holds %q, want %q", got, want)
	}
	def, err := st.Playlist(ctx, store.Everything, playlists.DefaultSlug)
	if err != nil {
		t.Fatal(err)
	}
	if last := def.Items[len(def.Items)-1].Text; last != "Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ phường Hồng Hà lần thứ XXI, nhiệm kỳ 2025 - 2030!" {
		t.Fatalf("the default playlist's own slogan: %q", last)
	}
}

// TestTwoSeedersMeet: a controller's first start and codong setup beside
// it may both find the database empty; one seeds, the other leaves it,
// and neither fails nor doubles the slogans.
func TestTwoSeedersMeet(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "codong.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The other seeder got as far as the first playlist.
	if err := st.CreatePlaylist(ctx, SystemActor, playlists.DefaultSlug, defaultName); err != nil {
		t.Fatal(err)
	}
	if err := Content(ctx, st); err != nil {
		t.Fatalf("the second seeder: %v", err)
	}
	if slogans, err := st.Slogans(ctx, store.Everything); err != nil || len(slogans) != 0 {
		t.Fatalf("the second seeder added %d slogans (%v): the first seeds them", len(slogans), err)
	}
}
