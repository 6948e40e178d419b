//go:build unix

package diskguard

import "golang.org/x/sys/unix"

// FreeSpace is the bytes an unprivileged writer may still put in dir's
// file system.
func FreeSpace(dir string) (int64, bool) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}
