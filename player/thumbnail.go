package player

import (
	"bytes"
	"image"
	"image/png"

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
	return thumbnailOf(frame, 0)
}

// ScrollThumbnail is the thumbnail of a scrolling strip on a board
// boardWidth pixels wide: the board-wide window at the strip's head,
// which is what the board shows when the text's first words reach its
// left edge. The whole strip shrunk to a thumbnail's width would be a
// sliver a few pixels high that nobody can read.
func ScrollThumbnail(strip []byte, boardWidth int) []byte {
	return thumbnailOf(strip, boardWidth)
}

// thumbnailOf shrinks the frame, cut first to its left window pixels
// when window is positive and narrower than the frame.
func thumbnailOf(frame []byte, window int) []byte {
	img, err := png.Decode(bytes.NewReader(frame))
	if err != nil {
		return nil
	}
	if b := img.Bounds(); window > 0 && window < b.Dx() {
		img = imaging.Crop(img, image.Rect(b.Min.X, b.Min.Y, b.Min.X+window, b.Max.Y))
	}
	small := imaging.Resize(img, min(thumbnailWidth, img.Bounds().Dx()), 0, imaging.Box)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, small); err != nil || buf.Len() > protocol.MaxThumbnailBytes {
		return nil
	}
	return buf.Bytes()
}
