// Package diskguard keeps the data folder's disk from filling so far
// that an officer cannot log in or switch the boards: it refuses uploads
// that would eat into a reserve or pass the photo quota, and holds a
// reserve file it releases when the disk runs out anyway.
package diskguard

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
)

// The data folder's disk must never fill so far that an officer cannot
// log in, switch the boards to the congress playlist, or return them to
// the schedule. Uploads are the only way a person puts many bytes on it,
// so they are refused while the free space beyond a reserve is short,
// and past a quota of bytes for photos and their renditions. Anything
// else may still fill the disk (logs, another program): for that the
// controller keeps a reserve file in the data folder, released when the
// free space falls under a quarter of it, so the database's next writes
// (a session, an audit row, an override: a few kilobytes each, the WAL
// growing by pages) find room; /healthz says the disk is full until
// there is room for the reserve and half as much again, and it is then
// taken back (half as much: once taken back, the free space left is not
// already under the release mark).
const (
	// DefaultReserve: thousands of logins and switches of database
	// pages, and the WAL's growth until its next checkpoint.
	DefaultReserve = 64 << 20
	// ReserveName is the reserve file, in the data folder.
	ReserveName = ".disk-reserve"
	// usageTTL: the bytes photos and renditions take are summed by
	// walking their folders, at most this often.
	usageTTL = 10 * time.Second
)

// Guard watches the data folder's free space and holds its reserve.
type Guard struct {
	dir     string
	reserve int64
	quota   int64
	log     *slog.Logger
	// usage sums the bytes photos and renditions take.
	usage func(context.Context) (int64, error)

	mu       sync.Mutex
	released bool
	summed   int64
	summedAt time.Time
}

// New watches dir, keeping reserve bytes in its reserve file; usage sums
// the bytes photos and their renditions take, which may not pass quota.
func New(dir string, reserve, quota int64, log *slog.Logger, usage func(context.Context) (int64, error)) *Guard {
	d := &Guard{dir: dir, reserve: reserve, quota: quota, log: log, usage: usage}
	d.Watch()
	return d
}

// Watch reads the free space, releases the reserve when it runs out and
// takes it back once there is room; it says whether the disk is full.
func (d *Guard) Watch() bool {
	free, ok := FreeSpace(d.dir)
	if !ok {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	path := filepath.Join(d.dir, ReserveName)
	held := fileSize(path) == d.reserve
	switch {
	case free < d.reserve/4:
		if held {
			os.Remove(path)
			d.log.Error("the data folder's disk is full: its reserve is released so logins and switches still work; free space at once", "dir", d.dir, "free", free)
		}
		d.released = true
	case !held && free >= d.reserve*3/2:
		if err := writeReserve(path, d.reserve); err != nil {
			d.log.Warn("could not take the disk reserve back", "err", err)
			d.released = true
		} else {
			d.released = false
		}
	default:
		// Between the two, the reserve stays as it is: held, or not yet
		// taken back.
		d.released = !held
	}
	return d.released
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return st.Size()
}

// writeReserve takes the reserve file's blocks for real (allocated, not
// a sparse file, whose blocks would not be held).
func writeReserve(path string, n int64) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	err = allocate(f, n)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// writeZeros allocates n bytes of f by writing them.
func writeZeros(f *os.File, n int64) error {
	zeros := make([]byte, 1<<20)
	for left := n; left > 0; left -= int64(len(zeros)) {
		if _, err := f.Write(zeros[:min(left, int64(len(zeros)))]); err != nil {
			return err
		}
	}
	return nil
}

// Problem is why /healthz is not ok, if the disk is why.
func (d *Guard) Problem() *respond.Error {
	if !d.Watch() {
		return nil
	}
	return respond.ErrDiskFull
}

// RoomFor refuses an upload of n bytes that would leave less free space
// than the reserve, or take photos and renditions past the quota.
func (d *Guard) RoomFor(ctx context.Context, n int64) error {
	if d.Watch() {
		return respond.ErrDiskFull
	}
	if free, ok := FreeSpace(d.dir); ok && free-n < d.reserve {
		return respond.Err(http.StatusInsufficientStorage, "disk_full",
			fmt.Sprintf("Ổ đĩa của máy chủ chỉ còn %d MB trống, không đủ cho ảnh này mà vẫn giữ chỗ cho đăng nhập và chuyển bảng; hãy báo cán bộ kỹ thuật giải phóng chỗ trống.", free>>20))
	}
	used, err := d.used(ctx)
	if err != nil {
		return err
	}
	d.mu.Lock()
	quota := d.quota
	d.mu.Unlock()
	if used+n > quota {
		return respond.Err(http.StatusInsufficientStorage, "photo_quota",
			fmt.Sprintf("Ảnh và các bản vẽ của chúng đã dùng %.1f GB trong hạn mức %.1f GB; hãy xoá những ảnh không còn dùng rồi gửi lại.", float64(used)/(1<<30), float64(quota)/(1<<30)))
	}
	return nil
}

// used is the bytes photos and renditions take, summed at most every
// usageTTL; Kept counts bytes accepted since.
func (d *Guard) used(ctx context.Context) (int64, error) {
	d.mu.Lock()
	if time.Since(d.summedAt) < usageTTL {
		defer d.mu.Unlock()
		return d.summed, nil
	}
	d.mu.Unlock()
	return d.Usage(ctx)
}

// Usage sums the bytes photos and renditions take now, walking their
// folders, and counts from that sum on (what a restart would do).
func (d *Guard) Usage(ctx context.Context) (int64, error) {
	n, err := d.usage(ctx)
	if err != nil {
		return 0, err
	}
	d.mu.Lock()
	d.summed, d.summedAt = n, time.Now()
	d.mu.Unlock()
	return n, nil
}

// SetQuota changes the bytes photos and renditions may take.
func (d *Guard) SetQuota(n int64) {
	d.mu.Lock()
	d.quota = n
	d.mu.Unlock()
}

// Kept counts an accepted upload until the next sum.
func (d *Guard) Kept(n int64) {
	d.mu.Lock()
	d.summed += n
	d.mu.Unlock()
}

// DirBytes sums the sizes of the files in dir.
func DirBytes(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if e.Type().IsRegular() {
			if info, err := e.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n, err
}

// WatchWrites looks at the free space before every request that may
// write (all but GET and HEAD): the reserve must be released before the
// request's writes need it. A statfs costs a microsecond or two.
func (d *Guard) WatchWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if m := c.Request().Method; m != http.MethodGet && m != http.MethodHead {
			d.Watch()
		}
		return next(c)
	}
}
