//go:build windows

package player

import (
	"os"
	"os/exec"
)

// replaceExecutable swaps the build at path in for exe. Windows refuses
// to overwrite or delete a running executable but lets it be renamed:
// the old one moves aside to exe+OldSuffix, the new one moves in, and a
// failure of the second step moves the old one back.
func replaceExecutable(exe, path string) error {
	old := exe + OldSuffix
	// Left by the update before; locked only if that process still runs.
	os.Remove(old)
	if err := os.Rename(exe, old); err != nil {
		return err
	}
	if err := os.Rename(path, exe); err != nil {
		os.Rename(old, exe)
		return err
	}
	return nil
}

// restart starts exe anew and ends this process: Windows has no exec.
func restart(exe string, args []string) error {
	cmd := exec.Command(exe, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	os.Exit(0)
	return nil
}
