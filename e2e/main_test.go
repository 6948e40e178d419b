package e2e

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"testing"

	"codong/internal/pgtest"
)

// TestMain runs the tests, or, started by BenchmarkSwitchUnderTelemetryFlood
// with floodEnv set, is that benchmark's fleet of flooding boards.
func TestMain(m *testing.M) {
	if path := os.Getenv(floodEnv); path != "" {
		os.Exit(floodProcess(path))
	}
	flag.Parse()
	if !flagGiven("test.parallel") {
		perCore := waitingTestsPerCore
		if raceDetector {
			perCore = waitingTestsPerCoreRace
		}
		flag.Set("test.parallel", strconv.Itoa(perCore*runtime.GOMAXPROCS(0)))
	}
	os.Exit(m.Run())
}

// waitingTestsPerCore sets how many tests run at once when go test is
// given no -parallel. Its default, one test per core, suits tests that
// compute; these mostly wait: for a player's next turn, a reconnection's
// backoff, a browser, a process killed. Run one after another the
// package took 361 s of wall-clock time and 75 s of CPU on two cores.
const waitingTestsPerCore = 4

// waitingTestsPerCoreRace is waitingTestsPerCore under the race
// detector, which makes the package bound by the CPU instead (356 s of
// CPU in 275 s on two cores, eight tests at once): more tests at once
// would only stretch each one towards its deadlines.
const waitingTestsPerCoreRace = 2

// flagGiven reports whether the command line set the flag.
func flagGiven(name string) bool {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// postgresSlots bounds the tests on PostgreSQL running at once: each of
// their controllers holds a pool of connections, and the server's 100
// (its default max_connections) are shared with the store's suite,
// which go test ./... runs beside this package.
var postgresSlots = make(chan struct{}, 3)

// postgresURL is pgtest.URL for a test that may run in parallel with
// others: it waits for one of postgresSlots first, and frees it once the
// test's controllers have stopped and its schema is dropped.
func postgresURL(t testing.TB) string {
	t.Helper()
	if !pgtest.Configured() {
		return pgtest.URL(t) // skips, saying how to run it
	}
	postgresSlots <- struct{}{}
	t.Cleanup(func() { <-postgresSlots })
	return pgtest.URL(t)
}
