package player

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"time"

	"codong/assets"
	"codong/playlists"
)

// pageOf is the page of playing's item on the board at now: 0 for an
// item that is not set in pages.
func pageOf(playing playlists.Playing, now time.Time) int {
	it := playing.Item
	return playlists.PageAt(now.Sub(playing.Since), it.Seconds, it.Pages)
}

// pageCutter cuts the pages of an item of pages (lật trang) out of its
// picture, where they are stacked top to bottom, each a board high. It
// keeps the last picture decoded: its pages are cut in turn.
type pageCutter struct {
	asset string
	img   image.Image
}

// pageEncoder favours speed: a page is drawn once and thrown away.
var pageEncoder = png.Encoder{CompressionLevel: png.BestSpeed}

// cut returns page k of pages of the verified picture data named asset,
// for a board w×h pixels: the picture must be w wide and pages boards
// high, or it is no item of pages for this board.
func (c *pageCutter) cut(asset string, data []byte, k, pages, w, h int) ([]byte, error) {
	if c.asset != asset || c.img == nil {
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("ảnh nhiều trang không đọc được: %w", err)
		}
		c.asset, c.img = asset, img
	}
	if b := c.img.Bounds(); b.Dx() != w {
		return nil, fmt.Errorf("ảnh %dx%d không phải %d trang của bảng %dx%d", b.Dx(), b.Dy(), pages, w, h)
	}
	page, err := assets.Page(c.img, k, pages, h)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := pageEncoder.Encode(&buf, page); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
