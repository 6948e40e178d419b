//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

// restartSelf starts the player again in this process, as the
// controller asked (remote care): the same program file, arguments and
// environment, so a service manager sees no exit and the board's
// supervisor (systemd, a shell loop) need not be configured for it. It
// returns only when the exec fails.
func restartSelf() error {
	fmt.Fprintln(os.Stderr, "Khởi động lại máy phát theo yêu cầu của máy chủ điều khiển.")
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("không tìm được tệp chương trình để khởi động lại: %w", err)
	}
	if err := syscall.Exec(exe, os.Args, os.Environ()); err != nil {
		return fmt.Errorf("không khởi động lại được %s: %w", exe, err)
	}
	return nil
}
