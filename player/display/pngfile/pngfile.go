// Package pngfile is the display that writes each frame to a PNG file,
// atomically, for tests and for LED controller software that loads an
// image file.
package pngfile

import (
	"fmt"
	"os"
	"path/filepath"

	"codong/atomicfile"
)

// Display writes frames to Path.
type Display struct {
	Path string
}

// New checks that the file's directory exists.
func New(path string) (*Display, error) {
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("thư mục chứa tệp hình %s không tồn tại", path)
	}
	return &Display{Path: path}, nil
}

// Show replaces the file with the frame; readers never see half a frame.
func (d *Display) Show(png []byte) error {
	return atomicfile.WriteFile(d.Path, png, 0o644)
}
