//go:build !windows

package player

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// replaceExecutable puts the build at path in place of exe in one
// rename, so exe is at every moment either the old build or the new,
// whole; the old one stays as exe+OldSuffix.
func replaceExecutable(exe, path string) error {
	old := exe + OldSuffix
	os.Remove(old)
	if err := os.Link(exe, old); err != nil {
		if err := copyFile(exe, old); err != nil {
			return err
		}
	}
	if err := os.Rename(path, exe); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(exe)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// restart replaces the process with exe, keeping its ID, so a service
// manager (systemd) sees the same player go on.
func restart(exe string, args []string) error {
	return syscall.Exec(exe, append([]string{exe}, args...), os.Environ())
}
