package assets

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // photos come as JPEG or PNG
	"io"
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

// DecodeLimits bound what DecodePhoto agrees to decode, each checked
// against the file's PhotoInfo before a pixel is decoded. The controller
// sets them from its documented limits (controller/store/limits.go).
type DecodeLimits struct {
	MaxSide   int   // either side, in pixels
	MaxPixels int64 // width × height
	MaxScans  int   // a JPEG's scans
	MaxWork   int64 // samples walked over every scan (PhotoInfo.Work)
	MaxBytes  int64 // memory held while decoding (PhotoInfo.Bytes)
}

// CostError is a photo refused for what decoding it would cost.
type CostError struct {
	Info PhotoInfo
	// Limit is which limit it breaks: "size", "scans", "work", "bytes".
	Limit string
}

func (e *CostError) Error() string {
	return fmt.Sprintf("assets: decoding %s would exceed the %s limit", e.Info, e.Limit)
}

// Check refuses a photo whose decoding would break a limit.
func (l DecodeLimits) Check(info PhotoInfo) error {
	w, h := int64(info.Width), int64(info.Height)
	switch {
	case w > int64(l.MaxSide) || h > int64(l.MaxSide) || w*h > l.MaxPixels:
		return &CostError{Info: info, Limit: "size"}
	case info.Scans > l.MaxScans:
		return &CostError{Info: info, Limit: "scans"}
	case info.Work > l.MaxWork:
		return &CostError{Info: info, Limit: "work"}
	case info.Bytes > l.MaxBytes:
		return &CostError{Info: info, Limit: "bytes"}
	}
	return nil
}

// DecodePhoto decodes a JPEG or PNG and turns it upright as its EXIF
// orientation says (a phone held sideways stores its pixels sideways).
// It first reads the file's structure and refuses, undecoded, a photo
// over lim; then decodes it, giving up as soon as ctx ends (the person
// who asked has gone): the file is fed to the decoder in small reads,
// each of which checks ctx, so a decode stops within a scan or so.
func DecodePhoto(ctx context.Context, r io.ReadSeeker, lim DecodeLimits) (image.Image, PhotoInfo, error) {
	info, err := InspectPhoto(r)
	if err != nil {
		return nil, info, fmt.Errorf("assets: decode photo: %w", err)
	}
	if err := lim.Check(info); err != nil {
		return nil, info, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, info, err
	}
	// The orientation read by InspectPhoto is applied here, rather than
	// by imaging.Decode's, which copies every read through a pipe to a
	// second goroutine: with 64-byte reads, a handoff each.
	img, _, err := image.Decode(&ctxReader{ctx: ctx, r: r})
	if ctx.Err() != nil {
		return nil, info, fmt.Errorf("assets: decode photo: %w", ctx.Err())
	}
	if err != nil {
		return nil, info, fmt.Errorf("assets: decode photo: %w", err)
	}
	return upright(img, info.Orientation), info, nil
}

// upright turns or mirrors img as its EXIF orientation says.
func upright(img image.Image, orientation int) image.Image {
	switch orientation {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}

// decodeChunk is the most a decoder is given per read: a progressive
// scan that is only empty runs is about 50 bytes, so ctx is checked
// every scan or so.
const decodeChunk = 64

// ctxReader ends reading when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if len(p) > decodeChunk {
		p = p[:decodeChunk]
	}
	return c.r.Read(p)
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
