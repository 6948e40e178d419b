//go:build unix

package fleet

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the test process has used, all threads
// (the GC's included): on a shared machine a benchmark's wall time
// counts the neighbours' work too, its CPU time only its own.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
