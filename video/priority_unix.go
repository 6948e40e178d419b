//go:build unix

package video

import "syscall"

// lowPriority gives a process the lowest CPU priority (nice 19): boards
// and officers come first. A failure leaves it as it is.
func lowPriority(pid int) { syscall.Setpriority(syscall.PRIO_PROCESS, pid, 19) }
