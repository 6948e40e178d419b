//go:build unix

package controller

import (
	"syscall"
	"testing"
)

// TestRunRaisesFileLimit lowers this process's soft open-file limit, as
// a service manager's default would leave it, and starts the
// controller: by the time it serves, the soft limit is the hard one.
func TestRunRaisesFileLimit(t *testing.T) {
	var before syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &before); err != nil {
		t.Skipf("no open-file limit here: %v", err)
	}
	if uint64(before.Max) == ^uint64(0) || before.Max < 1024 {
		t.Skipf("hard limit %d: nothing meaningful to raise to", before.Max)
	}
	lowered := before
	lowered.Cur = 512
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lowered); err != nil {
		t.Skipf("cannot lower the soft limit: %v", err)
	}
	t.Cleanup(func() { syscall.Setrlimit(syscall.RLIMIT_NOFILE, &before) })

	rc := startRun(t, t.TempDir())
	defer rc.stop(t)
	var after syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &after); err != nil {
		t.Fatal(err)
	}
	if after.Cur != before.Max {
		t.Errorf("soft open-file limit %d once serving, want the hard limit %d", after.Cur, before.Max)
	}
}
