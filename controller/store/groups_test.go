package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"codong/playlists"
)

func TestGroupSlug(t *testing.T) {
	for name, want := range map[string]string{
		"Trụ sở Đảng ủy":  "tru-so-dang-uy",
		"Chợ trung tâm":   "cho-trung-tam",
		"Thôn Pả Pẻn":     "thon-pa-pen",
		"  Tổ dân phố 3 ": "to-dan-pho-3",
		"Đường Điện Biên": "duong-dien-bien",
		"社区":              "nhom",
	} {
		if got := GroupSlug(name); got != want {
			t.Errorf("GroupSlug(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestGroups: groups are created and renamed by name, their slug stays;
// a board is in several; one the schedule aims at cannot be deleted.
func TestGroups(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	hq, err := s.CreateGroup(ctx, ed, "Trụ sở Đảng ủy")
	if err != nil {
		t.Fatal(err)
	}
	hall, _ := s.CreateGroup(ctx, ed, "Hội trường")
	_, err = s.CreateGroup(ctx, ed, "Hội trường")
	wantInvalid(t, err, FieldGroup, ProblemDuplicate) // a second group of the same name
	twin, err := s.CreateGroup(ctx, ed, "Hội-trường")
	if err != nil || twin.Slug != "hoi-truong-2" {
		t.Fatalf("a name with the same slug: %+v %v", twin, err)
	}
	b, err := s.CreateBoard(ctx, ed, Board{Name: "Màn hình hội trường", Width: 1920, Height: 1080, Groups: []string{hall.Slug, hq.Slug, hall.Slug}}, "h1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Groups, []string{hall.Slug, hq.Slug}) {
		t.Fatalf("board groups %v", b.Groups)
	}
	renamed, err := s.RenameGroup(ctx, ed, hq.Slug, 1, "Trụ sở Đảng ủy xã")
	if err != nil || renamed.Slug != hq.Slug || renamed.Name != "Trụ sở Đảng ủy xã" || renamed.Boards != 1 {
		t.Fatalf("renamed: %+v %v", renamed, err)
	}
	d, _ := s.Desired(ctx, true)
	if !slices.Equal(d.Boards[0].Groups, []string{hall.Slug, hq.Slug}) {
		t.Fatalf("manifest groups %v", d.Boards[0].Groups)
	}
	if _, _, err := s.AddSlot(ctx, ed, "", NewSlot{Slot: playlists.Slot{Playlist: playlists.DefaultSlug, Start: "07:00", End: "08:00", Days: []time.Weekday{1}, Group: hq.Slug}}); !errors.Is(err, ErrNotFound) {
		// no default playlist in a bare store: create it first
		t.Fatalf("slot without its playlist: %v", err)
	}
	if err := s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng"); err != nil {
		t.Fatal(err)
	}
	_, warn, err := s.AddSlot(ctx, ed, "", NewSlot{Slot: playlists.Slot{Playlist: playlists.DefaultSlug, Start: "07:00", End: "08:00", Days: []time.Weekday{1}, Group: hq.Slug}})
	if err != nil || len(warn) != 0 {
		t.Fatalf("slot for a group with a board: %v %v", warn, err)
	}
	if err := s.DeleteGroup(ctx, ed, hq.Slug); !errors.Is(err, ErrGroupInUse) {
		t.Fatalf("deleting a group a drafted slot aims at: %v", err)
	}
	_, warn, err = s.AddSlot(ctx, ed, "", NewSlot{Slot: playlists.Slot{Playlist: playlists.DefaultSlug, Start: "09:00", End: "10:00", Days: []time.Weekday{1}, Group: twin.Slug}})
	if err != nil || !slices.Equal(warn, []string{WarnGroupEmpty}) {
		t.Fatalf("slot for an empty group: warnings %v, %v", warn, err)
	}
	if err := s.DeleteGroup(ctx, ed, hall.Slug); err != nil {
		t.Fatal(err)
	}
	if b, _ = s.Board(ctx, Everything, b.ID); !slices.Equal(b.Groups, []string{hq.Slug}) {
		t.Fatalf("after deleting a group the board is in %v", b.Groups)
	}
	gs, _ := s.Groups(ctx, Everything)
	if len(gs) != 2 {
		t.Fatalf("groups %+v", gs)
	}
}

// TestGroupsMigrateWithoutLoss: boards of one free-text group each, slots
// and the override aimed at groups, and a drafted slot for a group no
// board is in, all keep their group, now a named one.
func TestGroupsMigrateWithoutLoss(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	const before = 8 // migrations before named groups
	tx, _ := db.BeginTx(ctx, nil)
	for _, m := range migrations[:before] {
		if err := m(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
	const at = `'2026-01-01T00:00:00.000000000Z'`
	for _, q := range []string{
		`INSERT INTO playlists (slug, name, approved) VALUES ('default', 'Chào mừng', 0)`,
		`INSERT INTO boards (name, width, height, grp, token_hash, created_at) VALUES ('Bảng chợ', 384, 128, 'cho', 'h1', ` + at + `)`,
		`INSERT INTO boards (name, width, height, grp, token_hash, created_at) VALUES ('Bảng hội trường', 1920, 1080, 'hoi-truong', 'h2', ` + at + `)`,
		`INSERT INTO boards (name, width, height, grp, token_hash, created_at) VALUES ('Bảng thôn', 192, 64, '', 'h3', ` + at + `)`,
		`INSERT INTO boards (name, width, height, grp, token_hash, created_at) VALUES ('Bảng chợ mới', 384, 128, 'Chợ', 'h5', ` + at + `)`,
		`INSERT INTO schedule (id, playlist, start, end, days, grp) VALUES (1, 'default', '07:00', '08:00', '[1]', 'cho')`,
		`INSERT INTO override (id, playlist, grp, since) VALUES (1, 'default', 'hoi-truong', ` + at + `)`,
		`INSERT INTO versions (kind, subject, number, body, state, author, author_name, created_at) VALUES ('schedule', 0, 1,
			'{"slots":[{"id":1,"playlist":"default","start":"07:00","end":"08:00","days":[1],"group":"cho"},{"id":2,"playlist":"default","start":"09:00","end":"10:00","group":"thon-pa-pen"}]}',
			'pending', 'user:1', 'biên tập', ` + at + `)`,
		`PRAGMA user_version = 8`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	gs, _ := s.Groups(ctx, Everything)
	var slugs []string
	for _, g := range gs {
		slugs = append(slugs, g.Slug)
	}
	slices.Sort(slugs)
	// Free text typed with marks gets an ASCII slug, its text as name.
	if !slices.Equal(slugs, []string{"cho", "cho-2", "hoi-truong", "thon-pa-pen"}) {
		t.Fatalf("groups after the migration: %+v", gs)
	}
	if g, err := s.Group(ctx, Everything, "cho-2"); err != nil || g.Name != "Chợ" {
		t.Fatalf("the group typed “Chợ”: %+v %v", g, err)
	}
	if _, err := s.RenameGroup(ctx, ed, "cho-2", 1, "Chợ mới"); err != nil {
		t.Fatalf("renaming a migrated group: %v", err)
	}
	bs, _ := s.Boards(ctx, Everything)
	want := map[string][]string{"Bảng chợ": {"cho"}, "Bảng hội trường": {"hoi-truong"}, "Bảng thôn": {}, "Bảng chợ mới": {"cho-2"}}
	for _, b := range bs {
		if !slices.Equal(b.Groups, want[b.Name]) {
			t.Errorf("%s is in %v, want %v", b.Name, b.Groups, want[b.Name])
		}
	}
	d, _ := s.Desired(ctx, false)
	if len(d.Schedule) != 1 || d.Schedule[0].Group != "cho" || len(d.Switches) != 1 || d.Switches[0].Group != "hoi-truong" || d.Switches[0].Unit != RootUnitSlug {
		t.Fatalf("schedule %+v switches %+v", d.Schedule, d.Switches)
	}
}

// TestBoardIDsAreNeverReused: a deleted board's ID is not given to the
// next board (slots, overrides and play records name boards by ID), and
// a board a slot or the override aims at cannot be deleted.
func TestBoardIDsAreNeverReused(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	if err := s.CreatePlaylist(ctx, ed, playlists.DefaultSlug, "Chào mừng"); err != nil {
		t.Fatal(err)
	}
	a, _ := s.CreateBoard(ctx, ed, Board{Name: "Bảng hỏng", Width: 384, Height: 128}, "h1")
	if err := s.DeleteBoard(ctx, ed, a.ID); err != nil {
		t.Fatal(err)
	}
	b, _ := s.CreateBoard(ctx, ed, Board{Name: "Bảng mới ở thôn khác", Width: 384, Height: 128}, "h2")
	if b.ID == a.ID {
		t.Fatalf("the new board got the deleted board's ID %d", a.ID)
	}
	if _, _, err := s.AddSlot(ctx, ed, "", NewSlot{Slot: playlists.Slot{Playlist: playlists.DefaultSlug, Start: "07:00", End: "08:00", Days: []time.Weekday{1}, Board: b.ID}}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteBoard(ctx, ed, b.ID); !errors.Is(err, ErrBoardInUse) {
		t.Fatalf("deleting a board a drafted slot aims at: %v", err)
	}
}

// TestAuditNamesGroupsAsPeopleDo: an override or a slot aimed at a group
// is written in the audit log with the group's name ("Chợ trung tâm"),
// not its code ("cho-trung-tam"), as the dashboard shows it.
func TestAuditNamesGroupsAsPeopleDo(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	g, err := s.CreateGroup(ctx, ed, "Chợ trung tâm")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePlaylist(ctx, ed, "dac-biet", "Đặc biệt"); err != nil {
		t.Fatal(err)
	}
	sl, err := s.CreateSlogan(ctx, ed, "Mừng Đảng, mừng Xuân", "classic")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddItem(ctx, ed, "dac-biet", sl.ID, 10); err != nil {
		t.Fatal(err)
	}
	approveAll(t, s)
	if _, err := s.SetOverride(ctx, Actor{Key: "user:3", Name: "vận hành", Roles: Roles{RoleOperator}}, "dac-biet", g.Slug, 0, 0); err != nil {
		t.Fatal(err)
	}
	entries, err := s.Audit(ctx, Everything, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "override") {
			if !strings.Contains(e.Detail, "nhóm “Chợ trung tâm”") || strings.Contains(e.Detail, g.Slug+"”") {
				t.Fatalf("the override's audit entry names the group %q", e.Detail)
			}
			return
		}
	}
	t.Fatal("the override was not audited")
}

// TestAddToGroupKeepsTheBoardsOtherGroups: putting a board in a group
// from the groups page adds that group and keeps the others, counts as a
// change of the board (its version), is audited, and a second time
// changes nothing; an unknown group is refused.
func TestAddToGroupKeepsTheBoardsOtherGroups(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	market, err := s.CreateGroup(ctx, ed, "Chợ trung tâm")
	if err != nil {
		t.Fatal(err)
	}
	hall, err := s.CreateGroup(ctx, ed, "Hội trường")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateBoard(ctx, ed, Board{Name: "Bảng LED chợ", Width: 384, Height: 128, Groups: []string{market.Slug}}, "băm-1")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := s.AddToGroup(ctx, ed, hall.Slug, b.ID); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Board(ctx, Everything, b.ID)
	if err != nil || !slices.Equal(got.Groups, []string{market.Slug, hall.Slug}) && !slices.Equal(got.Groups, []string{hall.Slug, market.Slug}) {
		t.Fatalf("groups after adding: %v, %v", got.Groups, err)
	}
	if got.Version != b.Version+1 {
		t.Fatalf("version %d after one real change from %d", got.Version, b.Version)
	}
	var bad *InvalidError
	if err := s.AddToGroup(ctx, ed, "khong-co", b.ID); !errors.As(err, &bad) {
		t.Fatalf("an unknown group: %v", err)
	}
	entries, _ := s.Audit(ctx, Everything, AuditFilter{})
	found := false
	for _, e := range entries {
		found = found || strings.Contains(e.Detail, "thêm vào nhóm “Hội trường”")
	}
	if !found {
		t.Fatal("adding to the group was not audited")
	}
}
