// Package pngfile is the display that writes each frame to a PNG file,
// atomically, for tests and for LED controller software that loads an
// image file.
package pngfile

import (
	"fmt"
	"os"
	"path/filepath"

	"codong/atomicfile"
	"codong/player/display"
)

// Display writes frames to Path.
type Display struct {
	Path string
}

var _ display.Display = (*Display)(nil)

// New checks that the file's directory exists.
func New(path string) (*Display, error) {
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("thư mục chứa tệp hình %s không tồn tại", path)
	}
	return &Display{Path: path}, nil
}

// Show replaces the file with the frame; readers never see half a frame.
// The picture is written as it came, so its sha256 is the manifest's.
func (d *Display) Show(f display.Frame) error {
	return atomicfile.WriteFile(d.Path, f.PNG, 0o644)
}

// Close has nothing to release.
func (d *Display) Close() error { return nil }
