package store

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"codong/internal/pgtest"
	"codong/playlists"
)

// TestUnitsMigrateWithoutLoss: a database at the schema before units,
// with boards in groups, people, tokens and audit entries, becomes an
// installation of one root unit that owns all of it, on each engine;
// boards keep their groups (SQLite rebuilds the groups table around
// them), and two units may then each have their "Chợ".
func TestUnitsMigrateWithoutLoss(t *testing.T) {
	ctx := context.Background()
	const at = `'2026-01-01T00:00:00.000000000Z'`
	old := []string{
		`INSERT INTO groups (slug, name, created_at) VALUES ('cho', 'Chợ', ` + at + `)`,
		`INSERT INTO boards (id, name, width, height, token_hash, created_at) VALUES (7, 'Bảng chợ', 384, 128, 'h1', ` + at + `)`,
		`INSERT INTO board_groups (board_id, grp) VALUES (7, 'cho')`,
		`INSERT INTO users (username, password_hash, roles, created_at) VALUES ('bi-thu', 'x', 'approver', ` + at + `)`,
		`INSERT INTO api_tokens (name, roles, token_hash, created_at) VALUES ('kịch bản', 'operator', 'h2', ` + at + `)`,
		`INSERT INTO audit (at, actor, action, detail, actor_key, roles, address) VALUES (` + at + `, 'bí thư', 'board.create', '#7', 'user:1', 'admin', '')`,
	}
	path := oldDatabase(t, "CREATE TABLE units", old)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tree, err := s.Units(ctx)
	if err != nil || len(tree.All()) != 1 || tree.All()[0].Slug != RootUnitSlug || tree.All()[0].ID != RootUnit {
		t.Fatalf("units after the migration: %+v %v", tree, err)
	}
	b, err := s.Board(ctx, Everything, 7)
	if err != nil || b.Unit != RootUnitSlug || !slices.Equal(b.Groups, []string{"cho"}) {
		t.Fatalf("board after the migration: %+v %v", b, err)
	}
	if g, err := s.Group(ctx, Everything, "cho"); err != nil || g.Unit != RootUnitSlug || g.Boards != 1 {
		t.Fatalf("group after the migration: %+v %v", g, err)
	}
	if us, _ := s.Users(ctx, Everything); len(us) != 1 || us[0].Unit != RootUnitSlug {
		t.Fatalf("users after the migration: %+v", us)
	}
	if ts, _ := s.APITokens(ctx, Everything); len(ts) != 1 || ts[0].Unit != RootUnitSlug {
		t.Fatalf("tokens after the migration: %+v", ts)
	}
	if es, _ := s.Audit(ctx, Everything, AuditFilter{}); len(es) != 1 || es[0].Detail != "#7" {
		t.Fatalf("audit after the migration: %+v", es)
	}
	// The same group name in two units, once there are units.
	xa, err := s.AddUnit(ctx, ed, "Xã Liên Minh", RootUnitSlug)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateGroupIn(ctx, ed, xa.Slug, "Chợ"); err != nil {
		t.Fatalf("a commune's own “Chợ”: %v", err)
	}
	if _, err := s.CreateGroupIn(ctx, ed, xa.Slug, "Chợ"); err == nil {
		t.Fatal("two groups “Chợ” in one unit")
	}
	// And the same board name (the rebuilt boards table of SQLite).
	in := ed
	in.Unit = xa.ID
	if _, err := s.CreateBoard(ctx, in, Board{Name: "Bảng chợ", Width: 384, Height: 128}, "h-xa"); err != nil {
		t.Fatalf("a commune's own “Bảng chợ”: %v", err)
	}
	if _, err := s.CreateBoard(ctx, in, Board{Name: "Bảng chợ", Width: 384, Height: 128}, "h-xa-2"); !errors.Is(err, ErrConflict) {
		t.Fatalf("two boards “Bảng chợ” in one unit: %v", err)
	}
	if b, err := s.Board(ctx, Everything, 7); err != nil || !slices.Equal(b.Groups, []string{"cho"}) {
		t.Fatalf("the migrated board after the rebuild: %+v %v", b, err)
	}
	// Deleting the board still takes its group membership with it: the
	// rebuilt board_groups kept its cascade.
	if err := s.DeleteBoard(ctx, ed, 7); err != nil {
		t.Fatal(err)
	}
	if g, _ := s.Group(ctx, Everything, "cho"); g.Boards != 0 {
		t.Fatalf("group still counts the deleted board: %+v", g)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestSwitchesStandSideBySide: switches of a province, a commune and a
// hamlet stand together; each board plays the widest unit's switch that
// reaches it; each unit lifts its own, and a province lifts its
// communes' only when asked; no unit reaches a sibling's boards, groups
// or switches.
func TestSwitchesStandSideBySide(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for _, slug := range []string{playlists.CongressSuccessSlug, playlists.DefaultSlug} {
		s.CreatePlaylist(ctx, ed, slug, slug)
		sl, _ := s.CreateSlogan(ctx, ed, "Mừng Đại hội thành công "+slug, "classic")
		s.AddItem(ctx, ed, slug, sl.ID, 10)
	}
	approveAll(t, s)
	a, _ := s.AddUnit(ctx, ed, "Xã An Phú", RootUnitSlug)
	a1, _ := s.AddUnit(ctx, ed, "Thôn An Phú 1", a.Slug)
	b, _ := s.AddUnit(ctx, ed, "Xã Bình Minh", RootUnitSlug)
	in := func(u Unit) Actor {
		return Actor{Key: "user:" + u.Slug, Name: "vận hành " + u.Name, Roles: Roles{RoleOperator}, Unit: u.ID}
	}
	gb, err := s.CreateGroupIn(ctx, in(b), "", "Chợ")
	if err != nil {
		t.Fatal(err)
	}
	boards := map[string]Board{}
	for i, u := range []Unit{a, a1, b} {
		bd, err := s.CreateBoard(ctx, in(u), Board{Name: "Bảng " + u.Name, Width: 384, Height: 128}, "hash-"+u.Slug)
		if err != nil || bd.Unit != u.Slug {
			t.Fatalf("board %d: %+v %v", i, bd, err)
		}
		boards[u.Slug] = bd
	}
	plays := func() map[string]string {
		t.Helper()
		d, err := s.Desired(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, tg := range d.Boards {
			for slug, bd := range boards {
				if bd.ID != tg.ID {
					continue
				}
				out[slug] = "lịch"
				if sw := Winner(d.Switches, d.Units, tg.Unit, tg.Target(), s.now()); sw != nil {
					out[slug] = sw.Unit + ":" + sw.Playlist
				}
			}
		}
		return out
	}
	want := func(step string, w map[string]string) {
		t.Helper()
		if got := plays(); !maps.Equal(got, w) {
			t.Fatalf("%s: boards play %v, want %v", step, got, w)
		}
	}
	root := Actor{Key: "user:tinh", Name: "vận hành tỉnh", Roles: Roles{RoleOperator}}
	cs, def := playlists.CongressSuccessSlug, playlists.DefaultSlug
	if _, err := s.SetOverride(ctx, in(a), cs, "", 0, 0); err != nil {
		t.Fatal(err)
	}
	want("the commune switches", map[string]string{a.Slug: a.Slug + ":" + cs, a1.Slug: a.Slug + ":" + cs, b.Slug: "lịch"})
	if _, err := s.SetOverride(ctx, in(a1), def, "", 0, 0); err != nil {
		t.Fatal(err)
	}
	want("its hamlet switches too", map[string]string{a.Slug: a.Slug + ":" + cs, a1.Slug: a.Slug + ":" + cs, b.Slug: "lịch"})
	if _, err := s.SetOverride(ctx, root, def, "", 0, 0); err != nil {
		t.Fatal(err)
	}
	want("the province switches", map[string]string{a.Slug: "goc:" + def, a1.Slug: "goc:" + def, b.Slug: "goc:" + def})
	// A sibling reaches nothing of the commune's.
	if _, err := s.SetOverride(ctx, in(a), cs, gb.Slug, 0, 0); !isInvalid(err, FieldGroup) {
		t.Fatalf("a commune's switch of a sibling's group: %v", err)
	}
	if _, err := s.SetOverride(ctx, in(a), cs, "", boards[b.Slug].ID, 0); !isInvalid(err, FieldSlotBoard) {
		t.Fatalf("a commune's switch of a sibling's board: %v", err)
	}
	sws, _ := s.Switches(ctx, Everything)
	var ofA int64
	for _, sw := range sws {
		if sw.UnitID == a.ID {
			ofA = sw.ID
		}
	}
	if _, err := s.ClearOverride(ctx, in(b), Lift{ID: ofA}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a sibling lifts the commune's switch: %v", err)
	}
	if got, _ := s.Switches(ctx, Scope{units: map[int64]bool{b.ID: true}}); len(got) != 0 {
		t.Fatalf("a sibling sees switches %+v", got)
	}
	// The province's return leaves the communes' own switches.
	if _, err := s.ClearOverride(ctx, root, Lift{}); err != nil {
		t.Fatal(err)
	}
	want("the province returns", map[string]string{a.Slug: a.Slug + ":" + cs, a1.Slug: a.Slug + ":" + cs, b.Slug: "lịch"})
	if _, err := s.ClearOverride(ctx, in(a), Lift{}); err != nil {
		t.Fatal(err)
	}
	want("the commune returns", map[string]string{a.Slug: "lịch", a1.Slug: a1.Slug + ":" + def, b.Slug: "lịch"})
	if _, err := s.SetOverride(ctx, in(a), cs, "", 0, 0); err != nil {
		t.Fatal(err)
	}
	if lifted, err := s.ClearOverride(ctx, root, Lift{Below: true}); err != nil || len(lifted) != 2 {
		t.Fatalf("the province lifts every switch: %d %v", len(lifted), err)
	}
	want("every board back", map[string]string{a.Slug: "lịch", a1.Slug: "lịch", b.Slug: "lịch"})
}

// isInvalid: err refuses field.
func isInvalid(err error, field string) bool {
	var inv *InvalidError
	return errors.As(err, &inv) && inv.Field == field
}

// oldDatabase makes a database of the schema before the first migration
// whose PostgreSQL text holds marker (the two lists end alike: each
// migration after pgSchema is in both), on this run's engine, holding rows, and returns its path for
// Open to migrate: what an installation of that age holds.
func oldDatabase(t *testing.T, marker string, rows []string) string {
	t.Helper()
	ctx := context.Background()
	later := -1
	for i, m := range pgMigrations {
		if strings.Contains(m, marker) {
			later = len(pgMigrations) - i
			break
		}
	}
	if later < 0 {
		t.Fatalf("no migration holds %q", marker)
	}
	if onPostgres() {
		path := pgtest.URL(t)
		registerPostgres()
		db, err := sql.Open(pgDriverName, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		before := len(pgMigrations) - later
		stmts := append([]string{`CREATE TABLE schema_version (version BIGINT NOT NULL)`}, pgMigrations[:before]...)
		stmts = append(stmts, rows...)
		stmts = append(stmts, `INSERT INTO schema_version (version) VALUES (`+itoa(before)+`)`)
		for _, q := range stmts {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatalf("%.80s: %v", q, err)
			}
		}
		return path
	}
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before := len(migrations) - later
	tx, _ := db.BeginTx(ctx, nil)
	for _, m := range migrations[:before] {
		if err := m(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range append(rows, `PRAGMA user_version = `+itoa(before)) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return path
}
