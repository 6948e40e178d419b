package main

import "syscall"

// fetchAtOnce bounds the picture downloads the harness runs at once. One
// process stands for thousands of machines: every board holds a socket,
// and each download one more, all counted against this process's
// open-file limit (and the controller's). Ten thousand boards fetching an
// edited picture at the same instant would need twenty thousand sockets
// on each side; downloads past the bound wait for a slot instead of
// failing with "too many open files". A real board, alone on its
// machine, waits for nothing.
func fetchAtOnce(boards int) int {
	const (
		most    = 2000
		least   = 16
		reserve = 512 // the API client, the controller's answers, files
	)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return least
	}
	return max(least, min(most, int(lim.Cur)-boards-reserve))
}
