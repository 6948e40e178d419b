package controller

import (
	"context"
	"io"
	"os"
	"testing"

	"codong/controller/store"
	"codong/internal/pgtest"
	"codong/internal/storetest"
)

// The controller's tests run on SQLite, and again on PostgreSQL when one
// is configured (pgtest.Env; .ci/run starts one): this test binary is
// started again with engineEnv set, and every test server (newAPIHarness,
// newLimitedHarness) then keeps its data in a PostgreSQL schema of its
// own. The API and page tests reach statements the store suite does not,
// so a statement only PostgreSQL refuses fails here before it lands.
const engineEnv = "CODONG_CONTROLLER_ENGINE"

func TestMain(m *testing.M) { os.Exit(pgtest.RunTwice(m, engineEnv, "the controller's tests")) }

// onPostgres reports whether this run of the tests is on PostgreSQL.
func onPostgres() bool { return os.Getenv(engineEnv) == "postgres" }

// sqliteOnly skips, on the PostgreSQL run, a test of something only
// SQLite has (its file, its pages).
func sqliteOnly(t testing.TB, what string) {
	t.Helper()
	if onPostgres() {
		t.Skip("SQLite only: " + what)
	}
}

// testDatabase is Config.Database for a test server on the engine of
// this run: "" (a SQLite file in the data folder) or a new PostgreSQL
// schema of the test's own.
// dataDir is a new data folder for a controller on database ("" for
// SQLite, whose new database it is given already migrated: see
// storetest).
func dataDir(t testing.TB, database string) string {
	t.Helper()
	dir := t.TempDir()
	if database == "" {
		storetest.FreshIn(t, dir, func(path string) (io.Closer, error) { return store.Open(context.Background(), path) })
	}
	return dir
}

func testDatabase(t testing.TB) string {
	t.Helper()
	if !onPostgres() {
		return ""
	}
	return pgtest.URL(t)
}
