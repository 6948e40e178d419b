package staff

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/render"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
)

// PhotoInput is what a person or script submits to change a photo.
type PhotoInput struct {
	Caption string `json:"caption"`
	Fit     string `json:"fit"`
	Style   string `json:"style"`
	// Version is the version the author started from: a save from an
	// older one is refused, not lost.
	Version *int `json:"version"`
}

// UpdatePhoto checks an edit of a photo's caption, fit and style made
// from in.Version and stores it.
func (d *Desk) UpdatePhoto(ctx context.Context, who *auth.Actor, id int64, in PhotoInput) (store.Photo, error) {
	if err := request.EditVersion(in.Version); err != nil {
		return store.Photo{}, err
	}
	style, err := CanonicalStyle(in.Style)
	if err != nil {
		return store.Photo{}, err
	}
	body := store.PhotoBody{Caption: in.Caption, Fit: in.Fit, Style: style}
	if err := body.Clean(); err != nil {
		return store.Photo{}, err
	}
	if err := d.CheckCaption(ctx, body); err != nil {
		return store.Photo{}, err
	}
	return d.store.UpdatePhoto(ctx, who.Actor, id, *in.Version, body)
}

// CanonicalStyle gives a style's canonical name ("" is the default).
func CanonicalStyle(name string) (string, error) {
	st, err := assets.LookupStyle(name)
	if err != nil {
		return "", respond.BadRequest("unknown_style", err.Error())
	}
	return st.Name, nil
}

// CheckCaption sets the caption on a typical LED board's band, so a
// character no font draws is refused on upload, not on a board.
func (d *Desk) CheckCaption(ctx context.Context, b store.PhotoBody) error {
	if strings.TrimSpace(b.Caption) == "" {
		return nil
	}
	size := PreviewSizes[len(PreviewSizes)-1]
	size.H = assets.CaptionBand(size)
	_, err := d.renders.Render(ctx, d.renderer, assets.Request{Text: b.Caption, Size: size, Style: b.Style}, false)
	if errors.Is(err, render.ErrBusy) {
		return ErrPhotosBusy
	}
	return err
}

// ErrPhotosBusy refuses a photo for want of a place to draw or decode it.
var ErrPhotosBusy = respond.Err(http.StatusServiceUnavailable, "busy", "Máy chủ đang bận xử lý nhiều ảnh cùng lúc; hãy thử lại sau vài giây.")
