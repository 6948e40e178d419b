// Package display defines what the player asks of a display backend. The
// backends live in subpackages named by kind: web (a local page for a
// kiosk browser), fb (a Linux framebuffer), pngfile (an image file).
package display

// Frame is one thing to put on the board. PNG has been verified against
// its sha256 before it gets here; a display never shows anything else.
type Frame struct {
	PNG []byte
	// Width and Height are the board's size in pixels.
	Width, Height int
	// Scroll means PNG is a one-line strip wider than the board, to move
	// right to left at ScrollSpeed pixels per second (chữ chạy).
	Scroll      bool
	ScrollSpeed float64
	// Brightness scales every pixel, 0..1; 1 is full. LED boards are
	// dimmed at night.
	Brightness float64
	// Off means the board is in its power-off hours: show black.
	Off bool
}

// Display shows frames. Show replaces whatever was shown; it must not
// leave the board blank while it works (no flicker between frames).
type Display interface {
	Show(Frame) error
	Close() error
}

// DefaultScrollSpeed is used when a frame does not say, in pixels per
// second: readable on a 128-pixel-high board from across a market.
const DefaultScrollSpeed = 60

// Grabber is a display that can give the frame it draws now, as a PNG:
// its own buffer, for the controller's full-size screenshot (protocol
// 2.6). nil with no error means nothing is drawn yet.
type Grabber interface {
	Grab() ([]byte, error)
}

// Watched is a display that can tell whether its frames are being
// drawn: a kiosk page shows nothing until a browser opens it, while
// the player runs and believes it plays. The player reports it, so the
// controller does not count such a board as showing anything.
type Watched interface {
	// Unseen says why frames are not drawn ("" when they are), and gives
	// a channel closed at the next change.
	Unseen() (problem string, changed <-chan struct{})
}
