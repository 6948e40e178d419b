package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"codong/playlists"
)

func ptr[T any](v T) *T { return &v }

// TestStaleChangesAreRefused: two operators open the same board, group,
// user or playlist; the first saves; the second's save from the version
// they opened is refused naming the first, and what the first saved
// stays. A change that leaves a setting out keeps it (the board's off
// window was wiped by a save that did not name it).
func TestStaleChangesAreRefused(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	first := Actor{Key: "user:1", Name: "Chị Lan", Roles: AllRoles}
	second := Actor{Key: "user:2", Name: "Anh Tuấn", Roles: AllRoles}
	wantChanged := func(t *testing.T, err error, version int) {
		t.Helper()
		var ce *ChangedError
		if !errors.As(err, &ce) || ce.By != first.Name || ce.Version != version {
			t.Fatalf("got %v, want a ChangedError naming %s at version %d", err, first.Name, version)
		}
	}
	cho, err := s.CreateGroup(ctx, first, "Chợ")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateBoard(ctx, first, Board{Name: "Bảng chợ", Width: 384, Height: 128}, "h1")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("board", func(t *testing.T) {
		off := []playlists.PowerWindow{{Start: "22:00", End: "05:00", Brightness: 0}}
		saved, err := s.UpdateBoard(ctx, first, b.ID, b.Version, BoardChange{Power: &off})
		if err != nil || saved.Version != b.Version+1 {
			t.Fatalf("first save: %+v %v", saved, err)
		}
		_, err = s.UpdateBoard(ctx, second, b.ID, b.Version, BoardChange{Groups: &[]string{cho.Slug}, Power: &[]playlists.PowerWindow{}})
		wantChanged(t, err, saved.Version)
		// From the version now stored, a change naming only the groups
		// keeps the off window.
		got, err := s.UpdateBoard(ctx, second, b.ID, saved.Version, BoardChange{Groups: &[]string{cho.Slug}})
		if err != nil || !slices.Equal(got.Groups, []string{cho.Slug}) || len(got.Power) != 1 || got.Power[0] != off[0] {
			t.Fatalf("groups only: %+v %v", got, err)
		}
	})
	t.Run("group", func(t *testing.T) {
		if _, err := s.RenameGroup(ctx, first, cho.Slug, cho.Version, "Chợ trung tâm"); err != nil {
			t.Fatal(err)
		}
		_, err := s.RenameGroup(ctx, second, cho.Slug, cho.Version, "Chợ xã")
		wantChanged(t, err, cho.Version+1)
		if g, _ := s.Group(ctx, Everything, cho.Slug); g.Name != "Chợ trung tâm" {
			t.Fatalf("the first rename was lost: %+v", g)
		}
	})
	t.Run("user", func(t *testing.T) {
		if _, err := s.CreateUser(ctx, first, "quan-tri", "x", Roles{RoleAdmin}); err != nil {
			t.Fatal(err)
		}
		u, err := s.CreateUser(ctx, first, "van-hanh", "x", Roles{RoleOperator})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateUser(ctx, first, u.ID, u.Version, nil, ptr(true)); err != nil {
			t.Fatal(err)
		}
		// The second admin, from the page they opened before, would
		// open the account again with new roles.
		_, err = s.UpdateUser(ctx, second, u.ID, u.Version, &Roles{RoleEditor}, ptr(false))
		wantChanged(t, err, u.Version+1)
		if got, _ := s.User(ctx, u.ID); got.DisabledAt == nil || !slices.Equal(got.Roles, Roles{RoleOperator}) {
			t.Fatalf("the lock was undone: %+v", got)
		}
	})
	t.Run("playlist name", func(t *testing.T) {
		slug, err := s.CreatePlaylistNamed(ctx, first, "Chào Xuân")
		if err != nil {
			t.Fatal(err)
		}
		p, _ := s.Playlist(ctx, Everything, slug)
		if err := s.RenamePlaylist(ctx, first, slug, p.NameVersion, "Mừng Xuân"); err != nil {
			t.Fatal(err)
		}
		wantChanged(t, s.RenamePlaylist(ctx, second, slug, p.NameVersion, "Đón Xuân"), p.NameVersion+1)
	})
	t.Run("playlist item", func(t *testing.T) {
		sl, err := s.CreateSloganBody(ctx, first, SloganBody{Text: "Mừng Đảng", Style: "classic"})
		if err != nil {
			t.Fatal(err)
		}
		s.CreatePlaylist(ctx, first, "mua-xuan", "Mùa xuân")
		if err := s.AddItem(ctx, first, "mua-xuan", sl.ID, 10); err != nil {
			t.Fatal(err)
		}
		p, _ := s.Playlist(ctx, Everything, "mua-xuan")
		if err := s.UpdateItem(ctx, first, "mua-xuan", p.Version, p.Items[0].ID, 20); err != nil {
			t.Fatal(err)
		}
		var stale *StaleError
		if err := s.UpdateItem(ctx, second, "mua-xuan", p.Version, p.Items[0].ID, 30); !errors.As(err, &stale) || stale.Latest.AuthorName != first.Name {
			t.Fatalf("stale item edit: %v", err)
		}
	})
}
