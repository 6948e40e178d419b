package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"codong/internal/pgtest"
)

// TestSchemasAgree: a database made by the PostgreSQL migrations has the
// same tables and columns as one made by the SQLite migrations, so a
// migration appended to one list and forgotten in the other fails here.
func TestSchemasAgree(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: compares its schema with SQLite's")
	}
	ctx := context.Background()
	lite, pg := openSQLite(t), openEngine(t)
	var want []string
	rows, err := lite.r.QueryContext(ctx, `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		want = append(want, c)
	}
	rows.Close()
	var got []string
	// schema_version counts PostgreSQL's migrations (SQLite has
	// user_version); photo_originals are files on SQLite, and
	// board_presence and controllers are in the one controller's memory.
	rows, err = pg.r.QueryContext(ctx, `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name NOT IN ('schema_version', 'photo_originals', 'board_presence', 'controllers') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		got = append(got, c)
	}
	rows.Close()
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("PostgreSQL columns %v\nSQLite columns %v", got, want)
	}
}

// TestNewerSchemaRefused: a database a newer program migrated is refused,
// not misread, on either engine.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	if !onPostgres() {
		path := filepath.Join(t.TempDir(), "codong.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.w.ExecContext(ctx, `PRAGMA user_version = 999`)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Open(ctx, path); err == nil {
			t.Fatal("a database at schema 999 was opened")
		}
		return
	}
	url := pgtest.URL(t)
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.w.ExecContext(ctx, `UPDATE schema_version SET version = 999`)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, url); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("a database at schema 999: %v, want ErrNewerSchema", err)
	}
}
