//go:build unix

package browsertest

import (
	"os/exec"
	"syscall"
)

// ownGroup puts Chromium in a process group of its own, so that its
// helpers can be killed with it.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killGroup(cmd *exec.Cmd) {
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
