//go:build !unix

package controller

import "log/slog"

// raiseFileLimit has nothing to raise where RLIMIT_NOFILE does not exist.
func raiseFileLimit(*slog.Logger) (limit uint64, ok bool) { return 0, false }
