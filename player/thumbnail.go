package player

import (
	"math"
	"time"

	"codong/assets"
	"codong/protocol"
)

// thumbnailWidth is the thumbnails' width (the shrinking itself is
// the assets package's, shared with the controller).
const thumbnailWidth = assets.ThumbnailWidth

// Thumbnail shrinks a frame for the dashboard, as a board of protocol
// 2.1 sends it with its status; nil if it cannot. The load harness makes
// its boards' thumbnails with it too, so they weigh what real ones weigh.
func Thumbnail(frame []byte) []byte {
	return fit(assets.Thumbnail(frame))
}

// ScrollThumbnail is the thumbnail of a scrolling strip on a board
// boardWidth pixels wide: the board-wide window at the strip's head,
// which is what the board shows when the text's first words reach its
// left edge. The whole strip shrunk to a thumbnail's width would be a
// sliver a few pixels high that nobody can read.
func ScrollThumbnail(strip []byte, boardWidth int) []byte {
	return ScrollThumbnailAt(strip, boardWidth, 0)
}

// ScrollThumbnailAt is assets.ScrollThumbnailAt within the protocol's
// limit.
func ScrollThumbnailAt(strip []byte, boardWidth, x int) []byte {
	return fit(assets.ScrollThumbnailAt(strip, boardWidth, x))
}

// fit drops a thumbnail over the protocol's limit: the controller would
// refuse the status carrying it.
func fit(th []byte) []byte {
	if len(th) > protocol.MaxThumbnailBytes {
		return nil
	}
	return th
}

// scrollThumbnailEvery is how often the thumbnail of a scrolling strip
// follows the strip, so the dashboard shows the words passing by now
// (sent with the next status report).
const scrollThumbnailEvery = 5 * time.Second

// stripPosition is where a strip's left edge is on a board after moving
// for elapsed at speed pixels per second, as the displays move it: from
// the board's right edge to just gone off its left, then round again.
func stripPosition(elapsed time.Duration, speed float64, boardWidth, stripWidth int) int {
	period := int64(boardWidth + stripWidth)
	if period <= 0 || elapsed < 0 {
		return boardWidth
	}
	moved := int64(math.Floor(elapsed.Seconds()*speed)) % period
	return boardWidth - int(moved)
}
