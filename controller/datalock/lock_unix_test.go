//go:build unix

package datalock

import (
	"errors"
	"strings"
	"testing"
)

// TestLockDataDirTwice: flock belongs to the open file, so two opens in
// one process exclude each other as two processes would.
func TestLockDataDirTwice(t *testing.T) {
	dir := t.TempDir()
	unlock, err := Take(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Take(dir)
	var inUse *InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("second lock of the same data folder: %v, want it refused", err)
	}
	for _, want := range []string{dir, "PostgreSQL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q does not mention %q", err, want)
		}
	}
	unlock()
	unlock2, err := Take(dir)
	if err != nil {
		t.Fatalf("lock after the first was released: %v", err)
	}
	unlock2()
}
