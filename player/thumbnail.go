package player

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"math"
	"time"

	"github.com/disintegration/imaging"

	"codong/protocol"
)

// thumbnailWidth is wide enough to read a slogan's first words on the
// dashboard, small enough to send with a status.
const thumbnailWidth = 240

// Thumbnail shrinks a frame for the dashboard, as a board sends it with
// its status; nil if it cannot. The load harness makes its boards'
// thumbnails with it too, so they weigh what real ones weigh.
func Thumbnail(frame []byte) []byte {
	return thumbnailOf(frame, 0, 0)
}

// ScrollThumbnail is the thumbnail of a scrolling strip on a board
// boardWidth pixels wide: the board-wide window at the strip's head,
// which is what the board shows when the text's first words reach its
// left edge. The whole strip shrunk to a thumbnail's width would be a
// sliver a few pixels high that nobody can read.
func ScrollThumbnail(strip []byte, boardWidth int) []byte {
	return ScrollThumbnailAt(strip, boardWidth, 0)
}

// ScrollThumbnailAt is the thumbnail of what a board boardWidth pixels
// wide shows when the strip's left edge is at column x of the board (x
// from boardWidth, just entering at the right, down to minus the
// strip's width): the window the board shows now, black where the strip
// is not, as the displays draw it.
func ScrollThumbnailAt(strip []byte, boardWidth, x int) []byte {
	return thumbnailOf(strip, boardWidth, x)
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

// thumbnailOf shrinks the frame; with a positive window narrower than
// the frame, only the window-wide part of the board the frame's left
// edge is x columns into.
func thumbnailOf(frame []byte, window, x int) []byte {
	img, err := png.Decode(bytes.NewReader(frame))
	if err != nil {
		return nil
	}
	if b := img.Bounds(); window > 0 && window < b.Dx() {
		board := image.NewNRGBA(image.Rect(0, 0, window, b.Dy()))
		draw.Draw(board, board.Bounds(), image.Black, image.Point{}, draw.Src)
		draw.Draw(board, image.Rect(x, 0, x+b.Dx(), b.Dy()), img, b.Min, draw.Src)
		img = board
	}
	small := imaging.Resize(img, min(thumbnailWidth, img.Bounds().Dx()), 0, imaging.Box)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, small); err != nil || buf.Len() > protocol.MaxThumbnailBytes {
		return nil
	}
	return buf.Bytes()
}
