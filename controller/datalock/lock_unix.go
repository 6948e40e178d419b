//go:build unix

package datalock

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// lockFileName is the file in the data folder that a serving controller
// holds an exclusive lock on. Only the server takes it: CLI commands
// (board add, token create, user add) write through SQLite beside it.
const lockFileName = "codong.lock"

// InUseError is a start refused because another controller
// serves the same data folder: its edits would never reach the boards
// linked to the other one.
type InUseError struct {
	dir string
	pid int // 0 when the holder has not written it yet
}

func (e *InUseError) Error() string {
	holder := ""
	if e.pid > 0 {
		holder = fmt.Sprintf(" (pid %d)", e.pid)
	}
	return fmt.Sprintf("Thư mục dữ liệu %s đang được một tiến trình codong khác dùng%s. Mỗi thư mục dữ liệu chỉ chạy một máy chủ codong: hãy dừng máy chủ kia, hoặc chọn --data khác. "+
		"Muốn nhiều máy chủ điều khiển cùng chạy thì chúng cần một cơ sở dữ liệu dùng chung (PostgreSQL, --db; xem docs/operations.md).", e.dir, holder)
}

// Take takes the data folder for this process, creating it if
// needed, and writes our pid into the lock file for whoever is refused.
// flock (not fcntl) locks belong to the open file, so the lock also
// excludes a second Run in the same process, and the kernel drops it
// when the process dies: a crash leaves no stale lock behind.
func Take(dir string) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("tạo thư mục dữ liệu %s: %w", dir, err)
	}
	path := filepath.Join(dir, lockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("không mở được tệp khoá %s: %w", path, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		pid := readLockPID(f)
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &InUseError{dir: absDir(dir), pid: pid}
		}
		return nil, fmt.Errorf("không khoá được tệp %s: %w", path, err)
	}
	if err := writeLockPID(f); err != nil {
		f.Close() // closing the only descriptor releases the lock
		return nil, fmt.Errorf("không ghi được tệp khoá %s: %w", path, err)
	}
	// The file stays when we stop: removing it would let a starting
	// controller lock a new file while another still holds the old one.
	return func() { f.Close() }, nil
}

func writeLockPID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return err
}

func readLockPID(f *os.File) int {
	b, err := io.ReadAll(io.LimitReader(f, 32))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

func absDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}
