package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
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

// TestContentMigratesToTheRoot: a database of the schema before content
// had units keeps every slogan, photo, playlist with its items (a
// slogan's and a photo's: playlist_items is set aside and put back when
// SQLite rebuilds photos), schedule slot and version, all the root's;
// the two playlists the controller relies on are given to the units
// below; and two units may then hold the same photo file.
func TestContentMigratesToTheRoot(t *testing.T) {
	ctx := context.Background()
	const at = `'2026-01-01T00:00:00.000000000Z'`
	version := func(kind string, subject int, body string) string {
		return `INSERT INTO versions (kind, subject, number, body, state, author, author_name, created_at, contributors) VALUES ('` +
			kind + `', ` + itoa(subject) + `, 1, '` + body + `', 'approved', 'user:1', 'biên tập', ` + at + `, 'user:1')`
	}
	sum := strings.Repeat("a", 64)
	old := []string{
		`INSERT INTO slogans (id, text, style, created_at, updated_at, approved) VALUES (3, 'Mừng Đảng, mừng Xuân', 'classic', ` + at + `, ` + at + `, 1)`,
		version("slogan", 3, `{"text":"Mừng Đảng, mừng Xuân","style":"classic"}`),
		`INSERT INTO photos (id, sha256, name, width, height, bytes, caption, approved, created_at, updated_at) VALUES (4, '` + sum + `', 'hoi-truong.jpg', 640, 480, 1000, 'Hội trường', 1, ` + at + `, ` + at + `)`,
		version("photo", 4, `{"caption":"Hội trường","fit":"letterbox","style":"classic"}`),
		`INSERT INTO playlists (id, slug, name, approved) VALUES (5, 'default', 'Chào mừng Đại hội', 1)`,
		`INSERT INTO playlists (id, slug, name, approved) VALUES (6, 'trien-lam', 'Triển lãm ảnh', 1)`,
		`INSERT INTO playlist_items (id, playlist_id, slogan_id, photo_id, position, seconds) VALUES (10, 5, 3, NULL, 1, 10)`,
		`INSERT INTO playlist_items (id, playlist_id, slogan_id, photo_id, position, seconds) VALUES (11, 6, NULL, 4, 1, 15)`,
		version("playlist", 5, `{"items":[{"id":10,"slogan_id":3,"seconds":10}]}`),
		version("playlist", 6, `{"items":[{"id":11,"photo_id":4,"seconds":15}]}`),
		`INSERT INTO schedule (id, playlist, start, "end", days, priority) VALUES (12, 'trien-lam', '07:00', '08:00', '[1]', 2)`,
		version("schedule", 0, `{"slots":[{"id":12,"playlist":"trien-lam","start":"07:00","end":"08:00","days":[1],"priority":2}]}`),
	}
	path := oldDatabase(t, "ALTER TABLE slogans ADD COLUMN unit_id", old)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if sl, err := s.Slogan(ctx, Everything, 3); err != nil || sl.Unit != RootUnitSlug || sl.Approved == nil || sl.FromAbove {
		t.Fatalf("slogan after the migration: %+v %v", sl, err)
	}
	if ph, err := s.Photo(ctx, Everything, 4); err != nil || ph.Unit != RootUnitSlug || ph.SHA256 != sum || ph.Approved == nil {
		t.Fatalf("photo after the migration: %+v %v", ph, err)
	}
	d, err := s.Desired(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	items := map[string]int{}
	for _, p := range d.Playlists {
		items[p.Slug] = len(p.Items)
		if p.UnitID != RootUnit {
			t.Errorf("playlist %s is unit %d's", p.Slug, p.UnitID)
		}
	}
	if items["default"] != 1 || items["trien-lam"] != 1 {
		t.Fatalf("playlists' approved items after the migration: %v", items)
	}
	if len(d.Schedule) != 1 || d.Schedule[0].UnitID != RootUnit || d.Schedule[0].Mandatory || d.Schedule[0].Priority != 2 {
		t.Fatalf("schedule after the migration: %+v", d.Schedule)
	}
	def, err := s.Playlist(ctx, Everything, "default")
	if err != nil || !def.FromAbove || len(def.Items) != 1 || def.Items[0].SloganID != 3 {
		t.Fatalf("the default playlist after the migration: %+v %v", def, err)
	}
	if vs, _ := s.Versions(ctx, Everything, VersionFilter{}); len(vs) != 5 || vs[0].Unit != RootUnitSlug {
		t.Fatalf("versions after the migration: %d, first of %q", len(vs), vs[0].Unit)
	}
	// A commune uploads the same file: a photo of its own.
	xa, err := s.AddUnit(ctx, ed, "Xã Liên Minh", RootUnitSlug)
	if err != nil {
		t.Fatal(err)
	}
	ph, created, err := s.CreatePhoto(ctx, Actor{Key: "user:xa", Name: "xã", Roles: Roles{RoleEditor}, Unit: xa.ID}, PhotoFile{SHA256: sum, Name: "hoi-truong.jpg", Width: 640, Height: 480, Bytes: 1000}, PhotoBody{})
	if err != nil || !created || ph.ID == 4 || ph.Unit != xa.Slug {
		t.Fatalf("the commune's upload of the root's file: %+v created %v, %v", ph, created, err)
	}
}

// A unit's playlists are counted against its own limit: a commune that
// fills it leaves the others theirs.
func TestContentLimitsArePerUnit(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, _ := s.AddUnit(ctx, ed, "Xã An Phú", RootUnitSlug)
	b, _ := s.AddUnit(ctx, ed, "Xã Bình Minh", RootUnitSlug)
	inA := Actor{Key: "user:a", Name: "a", Roles: Roles{RoleEditor}, Unit: a.ID}
	for i := range MaxPlaylists {
		if _, err := s.CreatePlaylistNamed(ctx, inA, fmt.Sprintf("Danh sách %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreatePlaylistNamed(ctx, inA, "Một danh sách nữa"); !isInvalid(err, FieldPlaylists) {
		t.Fatalf("a commune past its limit: %v", err)
	}
	if _, err := s.CreatePlaylistNamed(ctx, Actor{Key: "user:b", Name: "b", Roles: Roles{RoleEditor}, Unit: b.ID}, "Danh sách của Bình Minh"); err != nil {
		t.Fatalf("the other commune, after the first filled its limit: %v", err)
	}
}
