//go:build !linux

package fb

import "errors"

// DefaultDevice is the first framebuffer on Linux.
const DefaultDevice = "/dev/fb0"

// Open needs the Linux framebuffer; OpenFile works everywhere.
func Open(path string) (*Display, error) {
	return nil, errors.New("màn hình framebuffer chỉ có trên Linux")
}
