package e2e

import (
	"os"
	"testing"
)

// TestMain runs the tests, or, started by BenchmarkSwitchUnderTelemetryFlood
// with floodEnv set, is that benchmark's fleet of flooding boards.
func TestMain(m *testing.M) {
	if path := os.Getenv(floodEnv); path != "" {
		os.Exit(floodProcess(path))
	}
	os.Exit(m.Run())
}
