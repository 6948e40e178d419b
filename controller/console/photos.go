package console

import (
	"codong/controller/page"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/controller/store"
)

// fitNames are the ways a photo meets a board, as people read them.
var fitNames = map[string]string{
	store.FitLetterbox: "Giữ trọn ảnh, thêm viền",
	store.FitFill:      "Phủ kín bảng, cắt bớt mép",
}

// fitChoices orders fitNames for the forms' menus.
var fitChoices = []struct{ Value, Name string }{
	{store.FitLetterbox, fitNames[store.FitLetterbox]},
	{store.FitFill, fitNames[store.FitFill]},
}

// ShowPhotos serves GET /photos.
func (s *Handler) ShowPhotos(c echo.Context) error {
	return s.photosPage(c, http.StatusOK, "")
}

// photosPage shows the photos with the upload form; problem, when set,
// is why the last upload or edit was refused.
func (s *Handler) photosPage(c echo.Context, status int, problem string) error {
	return s.photosPageTyped(c, status, problem, nil)
}

// photoTyped is a photo's form as typed, shown again when refused: the
// card above it still shows what is stored.
type photoTyped struct {
	Caption, Fit, Style string
	Version             int
}

// photosPageTyped is photosPage with one photo's form holding what was
// typed into it (a refused edit), not what is stored.
func (s *Handler) photosPageTyped(c echo.Context, status int, problem string, typed map[int64]*photoTyped) error {
	ctx := c.Request().Context()
	list, err := s.store.Photos(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	sizes, err := s.desk.SizesInUse(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	names := make([]string, len(sizes))
	for i, sz := range sizes {
		names[i] = sz.String()
	}
	above := map[int64]bool{}
	for _, p := range list {
		above[p.ID] = !auth.Scope(c).Has(p.UnitID)
	}
	data := map[string]any{"Photos": list, "Above": above, "HasBelow": hasBelow(c), "Sizes": names, "Styles": assets.Styles(), "Fits": fitChoices,
		"MaxMB": store.MaxPhotoBytes >> 20, "MaxCaption": store.MaxCaptionRunes, "Typed": typed}
	if problem != "" {
		data["Error"] = problem
	}
	return s.view.Render(c, status, "photos", data)
}

// UploadPhotos takes the form's photos; a refused upload shows the
// page again with the reason.
func (s *Handler) UploadPhotos(c echo.Context) error {
	ups, body, err := s.upload.Read(c)
	if err != nil {
		return s.photoDone(c, err)
	}
	out, err := s.upload.Keep(c.Request().Context(), auth.ActorOf(c), formPlace(c), ups, body)
	if err != nil {
		return s.photoDone(c, err)
	}
	// A file kept before is that photo as it was: say so, rather than
	// "submitted" for a caption that was not taken.
	for _, p := range out {
		if p.Reused {
			return page.Redirect(c, "/photos", "photo_reused")
		}
	}
	return page.Redirect(c, "/photos", "submitted")
}

// UpdatePhoto serves POST /photos/:id.
func (s *Handler) UpdatePhoto(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	in := staff.PhotoInput{Caption: c.FormValue("caption"), Fit: c.FormValue("fit"), Style: c.FormValue("style")}
	if v, err := strconv.Atoi(c.FormValue("version")); err == nil {
		in.Version = &v
	}
	_, err = s.desk.UpdatePhoto(c.Request().Context(), auth.ActorOf(c), id, in)
	if err == nil {
		return page.Redirect(c, "/photos", "submitted")
	}
	ae, internal := respond.Classify(err)
	if internal {
		return err
	}
	// Keep what was typed; after a clash, the form names the latest
	// version, so a second save knowingly replaces it.
	typed := photoTyped{Caption: in.Caption, Fit: in.Fit, Style: in.Style}
	if in.Version != nil {
		typed.Version = *in.Version
	}
	var stale *store.StaleError
	if errors.As(err, &stale) {
		typed.Version = stale.Latest.Number
	}
	return s.photosPageTyped(c, ae.Status, ae.Message, map[int64]*photoTyped{id: &typed})
}

// DeletePhoto serves POST /photos/:id/delete.
func (s *Handler) DeletePhoto(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeletePhoto(c.Request().Context(), auth.Who(c), id); err != nil {
		return s.photoDone(c, err)
	}
	return page.Redirect(c, "/photos", "deleted")
}

// photoDone ends a photo form: back to the list, or the list again with
// the reason it was refused.
func (s *Handler) photoDone(c echo.Context, err error) error {
	if err == nil {
		return page.Redirect(c, "/photos", "submitted")
	}
	ae, internal := respond.Classify(err)
	if internal {
		return err
	}
	return s.photosPage(c, ae.Status, ae.Message)
}
