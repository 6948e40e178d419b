package playlists

// Scrolling text (chữ chạy): a slogan too long for the board at a legible
// size becomes a one-line strip that enters at the board's right edge and
// leaves at its left. A passer-by only reads the whole slogan if the item
// lasts a whole pass, so the pass, not the item's set seconds, bounds how
// short a scrolling item may be.

// Bounds of a board's scroll speed, in pixels per second. Slower than
// MinScrollSpeed a pass of a long slogan takes minutes; faster than
// MaxScrollSpeed the letters smear on a LED board and nobody reads them.
const (
	DefaultScrollSpeed = 60
	MinScrollSpeed     = 20
	MaxScrollSpeed     = 400
	// scrollSpeedHeight is the board height DefaultScrollSpeed suits:
	// taller boards have proportionally larger letters, read at the same
	// number of letters a second only if the strip moves faster.
	scrollSpeedHeight = 64
)

// ScrollSpeed is the speed a board height pixels high scrolls at, in
// pixels per second: its own setting when it has one (0 means none),
// else DefaultScrollSpeed scaled for boards taller than 64 pixels; always
// within MinScrollSpeed and MaxScrollSpeed.
func ScrollSpeed(setting, height int) int {
	s := setting
	if s <= 0 {
		s = DefaultScrollSpeed
		if height > scrollSpeedHeight {
			s = DefaultScrollSpeed * height / scrollSpeedHeight
		}
	}
	return min(max(s, MinScrollSpeed), MaxScrollSpeed)
}

// PassSeconds is how long one whole pass of a strip stripWidth pixels
// wide takes across a board boardWidth pixels wide at speed pixels per
// second, rounded up to whole seconds: its head enters at the right edge
// and its tail leaves at the left, so the path is both widths.
func PassSeconds(stripWidth, boardWidth, speed int) int {
	if stripWidth <= 0 {
		return 0
	}
	speed = min(max(speed, MinScrollSpeed), MaxScrollSpeed)
	path := stripWidth + max(boardWidth, 0)
	return (path + speed - 1) / speed
}

// ScrollSeconds is how long a scrolling item stays on a board: its set
// seconds, or one whole pass if that is longer.
func ScrollSeconds(seconds, stripWidth, boardWidth, speed int) int {
	return max(seconds, PassSeconds(stripWidth, boardWidth, speed))
}
