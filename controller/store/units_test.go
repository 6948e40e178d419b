package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"codong/internal/pgtest"
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
	var path string
	if onPostgres() {
		path = pgtest.URL(t)
		db, err := sql.Open(pgDriverName, path)
		if err != nil {
			t.Fatal(err)
		}
		before := len(pgMigrations) - 1
		stmts := append([]string{`CREATE TABLE schema_version (version BIGINT NOT NULL)`}, pgMigrations[:before]...)
		stmts = append(stmts, old...)
		stmts = append(stmts, `INSERT INTO schema_version (version) VALUES (`+itoa(before)+`)`)
		for _, q := range stmts {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatalf("%.80s: %v", q, err)
			}
		}
		db.Close()
	} else {
		path = filepath.Join(t.TempDir(), "old.db")
		db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)")
		if err != nil {
			t.Fatal(err)
		}
		before := len(migrations) - 1
		tx, _ := db.BeginTx(ctx, nil)
		for _, m := range migrations[:before] {
			if err := m(ctx, tx); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range append(old, `PRAGMA user_version = `+itoa(before)) {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
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
	if es, _ := s.Audit(ctx, AuditFilter{}); len(es) != 1 || es[0].Detail != "#7" {
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
