package storetest_test

import (
	"context"
	"database/sql"
	"io"
	"path/filepath"
	"testing"

	"codong/controller/store"
	"codong/internal/storetest"
)

func open(path string) (io.Closer, error) { return store.Open(context.Background(), path) }

// dump is a database's schema and settings, as SQL sees them.
func dump(t *testing.T, path string) (schema, settings map[string]string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema, settings = map[string]string{}, map[string]string{}
	for q, m := range map[string]map[string]string{
		`SELECT name, coalesce(sql, '') FROM sqlite_master`: schema,
		`SELECT key, value FROM settings`:                   settings,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				t.Fatal(err)
			}
			m[k] = v
		}
		rows.Close()
	}
	return schema, settings
}

// TestFreshIsWhatOpenMakes: a copied database has the schema and
// settings store.Open gives a new file, and an installation ID of its
// own.
func TestFreshIsWhatOpenMakes(t *testing.T) {
	dir := t.TempDir()
	made := filepath.Join(dir, "made.db")
	st, err := open(made)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	storetest.Fresh(t, a, open)
	storetest.Fresh(t, b, open)
	wantSchema, wantSettings := dump(t, made)
	schemaA, settingsA := dump(t, a)
	_, settingsB := dump(t, b)
	if len(wantSchema) < 10 || len(schemaA) != len(wantSchema) {
		t.Fatalf("schema of %d entries, Open makes %d", len(schemaA), len(wantSchema))
	}
	for name, sql := range wantSchema {
		if schemaA[name] != sql {
			t.Errorf("%s: %q, Open makes %q", name, schemaA[name], sql)
		}
	}
	for k, v := range wantSettings {
		if k == "installation" {
			continue
		}
		if settingsA[k] != v {
			t.Errorf("setting %s: %q, Open makes %q", k, settingsA[k], v)
		}
	}
	ids := map[string]bool{wantSettings["installation"]: true, settingsA["installation"]: true, settingsB["installation"]: true}
	if len(ids) != 3 || len(settingsA["installation"]) != 32 {
		t.Fatalf("installation IDs %v: each database needs its own", ids)
	}
	// The copy opens as an existing installation: nothing to migrate.
	again, err := store.OpenExisting(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
}
