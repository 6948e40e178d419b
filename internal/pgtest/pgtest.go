// Package pgtest gives tests a PostgreSQL database of their own, on the
// server named by CODONG_TEST_POSTGRES (.ci/run starts one), or skips
// them saying how to run them.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Env names the database tests may make schemas in, as a postgres:// URL.
const Env = "CODONG_TEST_POSTGRES"

// SkipMessage is why a PostgreSQL test did not run, and how to run it.
const SkipMessage = "PostgreSQL not configured: set " + Env + "=postgres://USER:PASSWORD@127.0.0.1:5432/DB to run the PostgreSQL tests (.ci/run does)"

// Configured reports whether a PostgreSQL server is named for tests.
func Configured() bool { return os.Getenv(Env) != "" }

// URL returns the URL of a new, empty schema on the test server, dropped
// when the test ends; without a server it skips the test.
func URL(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		t.Skip(SkipMessage)
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(context.Background(), `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	t.Cleanup(func() { admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`) })
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}

// SecondDataDir is a new data folder for another controller of the
// installation whose first controller keeps its data in first: it holds
// first's signing key, as every controller of one database must.
func SecondDataDir(t testing.TB, first string) string {
	t.Helper()
	const keyFile = "controller.key"
	key, err := os.ReadFile(filepath.Join(first, keyFile))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, keyFile), key, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// RunTwice runs a package's tests, and when a PostgreSQL server is
// configured, runs them again in a new process of the same test binary
// with env set to "postgres", so every test of the package runs on both
// engines. The two runs go side by side: the package's tests are
// sequential, and on a shared two-core machine one run alone leaves a
// core idle whenever it waits on the database or on a socket (the
// controller's suite took 340 s in turn). The second run's output is
// held and printed after the first's, under a line naming it (what
// names the package's tests). Benchmarks, profiles and coverage run the
// two in turn, as before: side by side they would share the cores they
// measure and write the same files. The second run is killed if the
// first returns early; if the first dies (a panic, its timeout), the
// second ends at its own timeout, started at the same time. (The
// kernel's parent-death signal would be surer, but Linux sends it when
// the starting thread ends, and a Go thread can.) It returns the exit
// code for os.Exit.
func RunTwice(m *testing.M, env, what string) int {
	if !Configured() || os.Getenv(env) != "" {
		return m.Run()
	}
	var out bytes.Buffer
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), env+"=postgres")
	if measuring(os.Args[1:]) {
		code := m.Run()
		if code != 0 {
			return code
		}
		fmt.Printf("=== %s again, on PostgreSQL\n", what)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if cmd.Run() != nil {
			return 1
		}
		return 0
	}
	cmd.Stdout, cmd.Stderr = &out, &out
	startErr := cmd.Start()
	if startErr == nil {
		defer cmd.Process.Kill() // if the first run ends this process early
	}
	code := m.Run()
	// Said, so a failure shows which engine's run it was in.
	fmt.Printf("=== %s again, on PostgreSQL\n", what)
	if startErr != nil {
		fmt.Printf("the run on PostgreSQL did not start: %v\n", startErr)
		return 1
	}
	err := cmd.Wait()
	os.Stdout.Write(out.Bytes())
	if code != 0 || err != nil {
		return 1
	}
	return 0
}

// measuring says whether the test flags ask for benchmarks, profiles,
// a trace or coverage.
func measuring(args []string) bool {
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch name {
		case "test.bench", "test.cpuprofile", "test.memprofile", "test.blockprofile", "test.mutexprofile",
			"test.trace", "test.coverprofile", "test.gocoverdir":
			return true
		}
	}
	return false
}
