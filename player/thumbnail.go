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

// thumbnail shrinks a frame for the dashboard; nil if it cannot.
func thumbnail(frame []byte) []byte {
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
