//go:build unix

package netguard

import (
	"log/slog"
	"syscall"
)

// RaiseFileLimit lifts the soft RLIMIT_NOFILE to the hard limit, so every
// board's link costs a descriptor without the controller running out,
// and returns the limit now in force.
//
// Go (since 1.19) already raises the soft limit when the process starts,
// to hard-1 on Linux (seen in /proc/<pid>/limits: "Max open files 19999
// 20000" after "ulimit -Sn 1024"), and keeps the old one for child
// processes. Doing it here anyway makes the number exact and known, and
// Setrlimit tells the runtime not to lower it again for children.
func RaiseFileLimit(log *slog.Logger) (limit uint64, ok bool) {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		log.Warn("cannot read the open-file limit", "err", err)
		return 0, false
	}
	if rl.Cur < rl.Max {
		raised := rl
		raised.Cur = raised.Max
		// macOS refuses an unlimited hard limit here; the soft one stays.
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised); err != nil {
			log.Warn("cannot raise the open-file limit", "soft", rl.Cur, "hard", rl.Max, "err", err)
		} else {
			rl = raised
		}
	}
	return uint64(rl.Cur), true
}
