package player

import (
	"bytes"
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
	img, err := png.Decode(bytes.NewReader(frame))
	if err != nil {
		return nil
	}
	small := imaging.Resize(img, min(thumbnailWidth, img.Bounds().Dx()), 0, imaging.Box)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, small); err != nil || buf.Len() > protocol.MaxThumbnailBytes {
		return nil
	}
	return buf.Bytes()
}
