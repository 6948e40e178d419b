package assets

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"

	"github.com/disintegration/imaging"
)

// ThumbnailWidth is wide enough to read a slogan's first words on the
// dashboard, small enough to keep one for every board in memory.
const ThumbnailWidth = 240

// The dashboard's thumbnail of a board is made by one code, here: a
// player made it of its frame (protocol 2.1 and older), the controller
// makes it of its own rendition for a board that says what it shows
// (protocol 2.2). Both must give the same picture for the same screen.

// Thumbnail shrinks a still picture (a PNG) for the dashboard; nil if
// it cannot be read.
func Thumbnail(picture []byte) []byte {
	return ScrollThumbnailAt(picture, 0, 0)
}

// ScrollThumbnailAt is the thumbnail of what a board boardWidth pixels
// wide shows when a scrolling strip's left edge is at column x of the
// board (x from boardWidth, just entering at the right, down to minus
// the strip's width): the window the board shows, black where the strip
// is not, as the displays draw it. With boardWidth 0, or a strip no
// wider than the board, it is the whole picture shrunk.
func ScrollThumbnailAt(strip []byte, boardWidth, x int) []byte {
	img, err := png.Decode(bytes.NewReader(strip))
	if err != nil {
		return nil
	}
	return ShrinkWindow(img, boardWidth, x)
}

// ShrinkWindow is ScrollThumbnailAt of a decoded picture.
func ShrinkWindow(img image.Image, window, x int) []byte {
	if b := img.Bounds(); window > 0 && window < b.Dx() {
		board := image.NewNRGBA(image.Rect(0, 0, window, b.Dy()))
		draw.Draw(board, board.Bounds(), image.Black, image.Point{}, draw.Src)
		draw.Draw(board, image.Rect(x, 0, x+b.Dx(), b.Dy()), img, b.Min, draw.Src)
		img = board
	}
	small := imaging.Resize(img, min(ThumbnailWidth, img.Bounds().Dx()), 0, imaging.Box)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, small); err != nil {
		return nil
	}
	return buf.Bytes()
}

// Page is page k of a picture set in pages (lật trang): the pages are
// stacked top to bottom, each a board (pageHeight pixels) high, and the
// picture holds exactly pages of them.
func Page(img image.Image, k, pages, pageHeight int) (image.Image, error) {
	b := img.Bounds()
	if pages < 1 || pageHeight < 1 || b.Dy() != pages*pageHeight {
		return nil, fmt.Errorf("ảnh %dx%d không phải %d trang cao %d điểm ảnh", b.Dx(), b.Dy(), pages, pageHeight)
	}
	if k < 0 || k >= pages {
		return nil, fmt.Errorf("không có trang %d trong %d trang", k+1, pages)
	}
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		return nil, fmt.Errorf("ảnh nhiều trang không cắt được")
	}
	return sub.SubImage(image.Rect(b.Min.X, b.Min.Y+k*pageHeight, b.Max.X, b.Min.Y+(k+1)*pageHeight)), nil
}
