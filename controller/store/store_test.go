package store

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"testing"
	"time"

	"codong/internal/storetest"
	"codong/playlists"
)

// openTest opens a new store on the engine of this run (engine_test.go).
func openTest(t *testing.T) *Store {
	t.Helper()
	return openEngine(t)
}

func openSQLite(t testing.TB) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "codong.db")
	storetest.Fresh(t, path, func(path string) (io.Closer, error) { return Open(context.Background(), path) })
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Two people of a commune office: one drafts, the other approves.
var (
	ed = Actor{Key: "user:1", Name: "biên tập", Roles: Roles{RoleEditor}}
	ap = Actor{Key: "user:2", Name: "phê duyệt", Roles: Roles{RoleApprover}}
)

// approveAll approves every waiting version as the approver.
func approveAll(t *testing.T, s *Store) {
	t.Helper()
	vs, err := s.Versions(context.Background(), Everything, VersionFilter{State: StatePending})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if _, err := s.Approve(context.Background(), ap, v.ID, ""); err != nil {
			t.Fatalf("approve %s: %v", versionDetail(v), err)
		}
	}
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "codong.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateSlogan(ctx, ed, "Nhiệt liệt chào mừng Đại hội!", "classic"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Slogans(ctx, Everything)
	if err != nil || len(got) != 1 || got[0].Text != "Nhiệt liệt chào mừng Đại hội!" {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
}

func TestSloganLifecycleAudits(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	rev0, _ := s.Revision(ctx)
	sl, err := s.CreateSlogan(ctx, ed, "Mừng Đảng", "classic")
	if err != nil || sl.Version != 1 || sl.State != StatePending || sl.Approved != nil {
		t.Fatalf("create: %+v, %v", sl, err)
	}
	sl, err = s.UpdateSlogan(ctx, ed, sl.ID, 1, "Mừng Đảng, mừng Xuân", "flag")
	if err != nil || sl.Text != "Mừng Đảng, mừng Xuân" || sl.Style != "flag" || sl.Version != 2 {
		t.Fatalf("update: %+v, %v", sl, err)
	}
	if _, err := s.UpdateSlogan(ctx, ed, 999, 1, "x", "classic"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("update missing: %v", err)
	}
	if rev, _ := s.Revision(ctx); rev != rev0 {
		t.Errorf("drafts moved the revision %d → %d: boards would be sent a new manifest for nothing", rev0, rev)
	}
	if err := s.DeleteSlogan(ctx, ed, sl.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Slogan(ctx, Everything, sl.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	audit, _ := s.Audit(ctx, Everything, AuditFilter{Limit: 10})
	var actions []string
	for _, a := range audit {
		actions = append(actions, a.Action)
		if a.Actor != ed.Name || a.ActorKey != ed.Key || a.Roles != "editor" {
			t.Errorf("audit entry %+v", a)
		}
	}
	if len(actions) != 3 || actions[0] != "slogan.delete" || actions[2] != "slogan.submit" {
		t.Errorf("audit actions %v", actions)
	}
}

func TestPlaylistItems(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	if err := s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng Đại hội"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "lần hai"); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate slug: %v", err)
	}
	if err := s.CreatePlaylist(ctx, ed, "Có Dấu", "x"); !errors.Is(err, playlists.ErrInvalid) {
		t.Fatalf("bad slug: %v", err)
	}
	a, _ := s.CreateSlogan(ctx, ed, "Một", "classic")
	b, _ := s.CreateSlogan(ctx, ed, "Hai", "classic")
	for _, id := range []int64{a.ID, b.ID} {
		if err := s.AddItem(ctx, ed, playlists.DefaultSlug, id, 10); err != nil {
			t.Fatal(err)
		}
	}
	approveAll(t, s)
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"zero seconds", s.AddItem(ctx, ed, playlists.DefaultSlug, a.ID, 0), playlists.ErrInvalid},
		{"unknown playlist", s.AddItem(ctx, ed, "khong-co", a.ID, 10), ErrNotFound},
		{"unknown slogan", s.AddItem(ctx, ed, playlists.DefaultSlug, 999, 10), ErrNotFound},
		{"delete used slogan", s.DeleteSlogan(ctx, ed, a.ID), ErrInUse},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !errors.Is(tc.err, tc.want) {
				t.Fatalf("got %v, want %v", tc.err, tc.want)
			}
		})
	}
	p, _ := s.Playlist(ctx, Everything, playlists.DefaultSlug)
	if len(p.Items) != 2 || p.Items[0].Text != "Một" {
		t.Fatalf("items %+v", p.Items)
	}
	if err := s.MoveItem(ctx, ed, playlists.DefaultSlug, p.Items[1].ID, -1); err != nil {
		t.Fatal(err)
	}
	cur, _ := s.Playlist(ctx, Everything, playlists.DefaultSlug)
	if err := s.UpdateItem(ctx, ed, playlists.DefaultSlug, cur.Version, p.Items[1].ID, 30); err != nil {
		t.Fatal(err)
	}
	p, _ = s.Playlist(ctx, Everything, playlists.DefaultSlug)
	if p.Items[0].Text != "Hai" || p.Items[0].Seconds != 30 {
		t.Fatalf("after move: %+v", p.Items)
	}
	if err := s.RemoveItem(ctx, ed, playlists.CongressSuccessSlug, p.Items[0].ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("remove through another playlist: %v", err)
	}
	if err := s.RemoveItem(ctx, ed, playlists.DefaultSlug, p.Items[0].ID); err != nil {
		t.Fatal(err)
	}
	p, _ = s.Playlist(ctx, Everything, playlists.DefaultSlug)
	if len(p.Items) != 1 {
		t.Fatalf("after remove: %+v", p.Items)
	}
}

func TestBoardsAndOverride(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	b, err := s.CreateBoard(ctx, ed, Board{Name: "Bảng LED chợ", Width: 384, Height: 128}, "hash1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateBoard(ctx, ed, Board{Name: "Bảng LED chợ", Width: 64, Height: 32}, "hash2"); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate name: %v", err)
	}
	got, err := s.BoardByToken(ctx, "hash1")
	if err != nil || got.ID != b.ID {
		t.Fatalf("by token: %+v %v", got, err)
	}
	if _, err := s.BoardByToken(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("bad token: %v", err)
	}
	if _, err := s.SetOverride(ctx, ed, playlists.CongressSuccessSlug, "", 0, 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("override to missing playlist: %v", err)
	}
	s.CreatePlaylist(ctx, ed, playlists.CongressSuccessSlug, "Mừng Đại hội thành công")
	if _, err := s.SetOverride(ctx, ed, playlists.CongressSuccessSlug, "", 0, 30); !errors.Is(err, ErrNotApproved) {
		t.Fatalf("override to an empty, unapproved playlist: %v", err)
	}
	sl, _ := s.CreateSlogan(ctx, ed, "Mừng Đại hội thành công", "classic")
	s.AddItem(ctx, ed, playlists.CongressSuccessSlug, sl.ID, 10)
	if _, err := s.SetOverride(ctx, ed, playlists.CongressSuccessSlug, "", 0, 30); !errors.Is(err, ErrNotApproved) {
		t.Fatalf("override to a drafted playlist: %v", err)
	}
	approveAll(t, s)
	if _, err := s.SetOverride(ctx, ed, playlists.CongressSuccessSlug, "", 0, 30); err != nil {
		t.Fatal(err)
	}
	sws, _ := s.Switches(ctx, Everything)
	if len(sws) != 1 || sws[0].Playlist != playlists.CongressSuccessSlug || sws[0].Until.Sub(sws[0].Since).Minutes() != 30 || sws[0].Unit != RootUnitSlug {
		t.Fatalf("switches %+v", sws)
	}
	if lifted, err := s.ClearOverride(ctx, ed, Lift{}); err != nil || len(lifted) != 1 {
		t.Fatalf("clear: %+v %v", lifted, err)
	}
	if sws, _ := s.Switches(ctx, Everything); len(sws) != 0 {
		t.Fatalf("after clear: %+v", sws)
	}
}

func TestRevisionNeverGoesBack(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	s.CreatePlaylist(ctx, ed, "mot", "Một")
	before, _ := s.Revision(ctx)
	// A clock that went back (or a database restored from a backup made
	// with a fast clock) still gives higher revisions.
	s.now = func() time.Time { return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) }
	s.CreatePlaylist(ctx, ed, "hai", "Hai")
	after, _ := s.Revision(ctx)
	if after <= before {
		t.Fatalf("revision went from %d to %d", before, after)
	}
	if before < time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro() {
		t.Fatalf("revision %d does not follow the clock", before)
	}
}

func TestConcurrentFirstOpens(t *testing.T) {
	// The server's first start and a CLI command may migrate the same new
	// file at once.
	path := filepath.Join(t.TempDir(), "codong.db")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := Open(context.Background(), path)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func TestOnChangeFiresForDesiredStateOnly(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	n := 0
	var last int64
	s.OnChange(func(c Change) { n++; last = c.Revision })
	s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng Đại hội")
	sl, _ := s.CreateSlogan(ctx, ed, "Mừng Đảng", "classic")   // a draft: boards never see it
	s.AddItem(ctx, ed, playlists.DefaultSlug, sl.ID, 10)       // a draft too
	s.AddItem(ctx, ed, playlists.DefaultSlug, sl.ID, 0)        // refused: no change
	s.Record(ctx, ed, "login", "")                             // audit only
	s.CreateUser(ctx, ed, "bientap", "hash", Roles{RoleAdmin}) // boards never see users
	s.CreateAPIToken(ctx, ed, "kịch bản", Roles{RoleAdmin}, "tokenhash", time.Time{})
	s.SaveTelemetry(ctx, Telemetry{Seen: []Seen{{Board: 1, At: time.Now(), Status: []byte(`{}`)}}})
	if n != 1 {
		t.Fatalf("OnChange ran %d times, want 1 (the playlist)", n)
	}
	approveAll(t, s)
	if n != 3 {
		t.Fatalf("OnChange ran %d times, want 3 (playlist, then the approved slogan and items)", n)
	}
	if now, _ := s.Revision(ctx); last != now {
		t.Fatalf("OnChange told revision %d, the store is at %d", last, now)
	}
}
