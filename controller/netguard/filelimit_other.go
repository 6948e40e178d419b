//go:build !unix

package netguard

import "log/slog"

// RaiseFileLimit has nothing to raise where RLIMIT_NOFILE does not exist.
func RaiseFileLimit(*slog.Logger) (limit uint64, ok bool) { return 0, false }
