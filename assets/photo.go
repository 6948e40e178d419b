package assets

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // photos come as JPEG or PNG
	"math"

	"github.com/disintegration/imaging"
)

// PhotoRequest is one photo to fit to a board.
type PhotoRequest struct {
	// Photo is the decoded original, already turned upright.
	Photo image.Image
	// Caption, when not empty, is set on a band below the photo in the
	// style's ink and background.
	Caption string
	// Fill covers the whole picture area, cropping the photo around its
	// centre; otherwise the whole photo shows, with bars of the style's
	// background where the shapes differ (letterbox).
	Fill  bool
	Style string
	Size  Size
}

// DecodePhoto decodes a JPEG or PNG and turns it upright as its EXIF
// orientation says (a phone held sideways stores its pixels sideways).
// The caller bounds the dimensions first (image.DecodeConfig): decoding
// holds every pixel in memory.
func DecodePhoto(data []byte) (image.Image, error) {
	img, err := imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	if err != nil {
		return nil, fmt.Errorf("assets: decode photo: %w", err)
	}
	return img, nil
}

// CaptionBand is the height of the caption band on a board: a fifth of
// its shorter side, so it reads the same on a wide LED strip and a tall
// screen, and never more than a third of its height.
func CaptionBand(size Size) int {
	h := int(math.Round(float64(min(size.W, size.H)) * 0.2))
	return max(minSide, min(h, size.H/3))
}

// RenderPhoto fits a photo to a board and sets its caption below it. The
// same request always gives the same bytes.
func (r *Renderer) RenderPhoto(req PhotoRequest) (*Rendered, error) {
	if err := req.Size.validate(); err != nil {
		return nil, err
	}
	style, err := LookupStyle(req.Style)
	if err != nil {
		return nil, err
	}
	W, H := req.Size.W, req.Size.H
	dst := image.NewNRGBA(image.Rect(0, 0, W, H))
	draw.Draw(dst, dst.Rect, image.NewUniform(style.Background.rgba()), image.Point{}, draw.Src)
	area := dst.Rect
	if req.Caption != "" {
		area.Max.Y -= CaptionBand(req.Size)
		if err := r.drawCaption(dst, image.Rect(0, area.Max.Y, W, H), req.Caption, req.Style); err != nil {
			return nil, err
		}
	}
	drawFitted(dst, area, req.Photo, req.Fill)
	var buf bytes.Buffer
	if err := encoder.Encode(&buf, dst); err != nil {
		return nil, err
	}
	return &Rendered{PNG: buf.Bytes(), SHA256: Sum(buf.Bytes()), Layout: Layout{Size: req.Size, Image: req.Size, Style: style.Name}}, nil
}

// drawFitted draws src into area of dst, scaled to fit it whole
// (letterbox) or to cover it (fill), centred.
func drawFitted(dst *image.NRGBA, area image.Rectangle, src image.Image, fill bool) {
	aw, ah := area.Dx(), area.Dy()
	if fill {
		draw.Draw(dst, area, imaging.Fill(src, aw, ah, imaging.Center, imaging.Lanczos), image.Point{}, draw.Src)
		return
	}
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	// imaging.Fit never enlarges: a small photo must still fill a large
	// screen's width or height.
	scale := math.Min(float64(aw)/float64(sw), float64(ah)/float64(sh))
	w := max(1, min(aw, int(math.Round(float64(sw)*scale))))
	h := max(1, min(ah, int(math.Round(float64(sh)*scale))))
	at := image.Pt(area.Min.X+(aw-w)/2, area.Min.Y+(ah-h)/2)
	draw.Draw(dst, image.Rectangle{Min: at, Max: at.Add(image.Pt(w, h))}, imaging.Resize(src, w, h, imaging.Lanczos), image.Point{}, draw.Src)
}

// drawCaption typesets the caption as a slogan of the band's size. A
// caption too long to read there comes back a strip to scroll; a photo
// does not scroll, so the strip is shrunk to the band's width instead.
func (r *Renderer) drawCaption(dst *image.NRGBA, band image.Rectangle, caption, style string) error {
	p, err := r.plan(Request{Text: caption, Size: Size{W: band.Dx(), H: band.Dy()}, Style: style})
	if err != nil {
		return err
	}
	img := p.image()
	defer release(img)
	var src image.Image = img
	if b := img.Bounds(); b.Dx() > band.Dx() || b.Dy() > band.Dy() {
		src = imaging.Fit(img, band.Dx(), band.Dy(), imaging.Lanczos)
	}
	sb := src.Bounds()
	at := image.Pt(band.Min.X+(band.Dx()-sb.Dx())/2, band.Min.Y+(band.Dy()-sb.Dy())/2)
	draw.Draw(dst, image.Rectangle{Min: at, Max: at.Add(sb.Size())}, src, sb.Min, draw.Src)
	return nil
}
