// Package memory is the display that keeps the last frame in memory:
// the virtual boards of codong --demo, and tests that look at what a
// board would show without a file or a screen.
package memory

import (
	"bytes"
	"sync"

	"codong/player/display"
)

// Display holds the frame last shown.
type Display struct {
	mu    sync.Mutex
	last  display.Frame
	shown int
}

var _ display.Display = (*Display)(nil)

// Show keeps a copy of f: the caller may reuse its buffer.
func (d *Display) Show(f display.Frame) error {
	f.PNG = bytes.Clone(f.PNG)
	d.mu.Lock()
	d.last = f
	d.shown++
	d.mu.Unlock()
	return nil
}

// Last is the frame last shown and how many frames were shown in all.
func (d *Display) Last() (display.Frame, int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.last, d.shown
}

// Close does nothing: there is nothing to release.
func (d *Display) Close() error { return nil }
