package store

import (
	"context"
	"os"
	"testing"

	"codong/internal/pgtest"
)

// The store suite runs on SQLite, and again on PostgreSQL when one is
// configured (pgtest.Env; .ci/run starts one). The second run is this
// test binary started again with engineEnv set, so every test runs on
// both engines.
const engineEnv = "CODONG_STORE_ENGINE"

func TestMain(m *testing.M) { os.Exit(pgtest.RunTwice(m, engineEnv, "the store suite")) }

// TestOnPostgres says, when skipped, how to run the suite on PostgreSQL
// too; when configured, that the server answers.
func TestOnPostgres(t *testing.T) {
	s, err := Open(context.Background(), pgtest.URL(t))
	if err != nil {
		t.Fatalf("%s: %v", pgtest.Env, err)
	}
	s.Close()
}

// onPostgres reports whether this run of the suite is on PostgreSQL.
func onPostgres() bool { return os.Getenv(engineEnv) == "postgres" }

// openEngine opens a new, empty store on the engine of this run: a
// SQLite file in a temporary folder, or a PostgreSQL schema of its own.
func openEngine(t *testing.T) *Store {
	t.Helper()
	if !onPostgres() {
		return openSQLite(t)
	}
	s, err := Open(context.Background(), pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// skipOnPostgres skips a test of something only SQLite has.
func skipOnPostgres(t *testing.T, what string) {
	t.Helper()
	if onPostgres() {
		t.Skip("SQLite only: " + what)
	}
}

// twoStores opens two Stores on one new PostgreSQL database, as two
// controllers sharing it do; the test is skipped on SQLite, where one
// controller serves a database.
func twoStores(t *testing.T) (a, b *Store) {
	t.Helper()
	if !onPostgres() {
		t.Skip("PostgreSQL only: on SQLite one controller serves a database")
	}
	url := pgtest.URL(t)
	for _, s := range []**Store{&a, &b} {
		st, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		*s = st
	}
	return a, b
}
