package playlists

import "time"

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

// Pages in turn (lật trang): a slogan whose strip would take over a
// minute to pass is set in pages of one or two lines instead (the
// renderer decides). Each page stays PageSeconds at least, enough to read
// two short lines twice; the item lasts all its pages.
const (
	PageSeconds = 4
	// MaxPages bounds the pages of one picture; the renderer keeps the
	// strip for a text that would need more.
	MaxPages = 16
)

// PagedSeconds is how long an item of pages stays on a board: its set
// seconds, or every page for PageSeconds if that is longer. The pages
// share the item's seconds equally.
func PagedSeconds(seconds, pages int) int {
	return max(seconds, pages*PageSeconds)
}

// PageAt is the page of an item of pages shown elapsed after it started:
// each gets an equal share of seconds, and the last stays to the end.
func PageAt(elapsed time.Duration, seconds, pages int) int {
	if pages <= 1 || elapsed <= 0 || seconds <= 0 {
		return 0
	}
	return min(int(elapsed*time.Duration(pages)/(time.Duration(seconds)*time.Second)), pages-1)
}

// PageStarts is when page k of an item of pages starts after since: the
// first instant PageAt says k, so a player waking then turns the page.
func PageStarts(since time.Time, k, seconds, pages int) time.Time {
	p := time.Duration(max(pages, 1))
	return since.Add((time.Duration(seconds)*time.Second*time.Duration(k) + p - 1) / p)
}
