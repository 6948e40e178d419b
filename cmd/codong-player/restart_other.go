//go:build !unix

package main

import (
	"fmt"
	"os"
)

// restartExitCode is the code the player exits with when the controller
// asks it to restart on a system without exec (Windows): the service
// wrapper (docs/player.md: NSSM, or a scheduled task set to restart on
// failure) starts it again.
const restartExitCode = 3

// restartSelf exits for the service wrapper to start the player again.
func restartSelf() error {
	fmt.Fprintln(os.Stderr, "Khởi động lại máy phát theo yêu cầu của máy chủ điều khiển: thoát với mã 3 để dịch vụ chạy lại.")
	os.Exit(restartExitCode)
	return nil
}
