package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
	"codong/controller/store"
)

// ListPhotos serves GET /api/v1/photos.
func (h *Handler) ListPhotos(c echo.Context) error {
	list, err := h.store.Photos(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

// GetPhoto serves GET /api/v1/photos/:id.
func (h *Handler) GetPhoto(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	p, err := h.store.Photo(c.Request().Context(), auth.Scope(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// UploadPhotos answers 201 with every photo of the upload when one at
// least is new, 200 when all were uploaded before.
func (h *Handler) UploadPhotos(c echo.Context) error {
	ups, body, err := h.upload.Read(c)
	if err != nil {
		return err
	}
	out, err := h.upload.Keep(c.Request().Context(), auth.ActorOf(c), photoPlace(c), ups, body)
	if err != nil {
		return err
	}
	status := http.StatusOK
	for _, p := range out {
		if !p.Reused {
			status = http.StatusCreated
		}
	}
	return c.JSON(status, out)
}

// UpdatePhoto serves PUT /api/v1/photos/:id.
func (h *Handler) UpdatePhoto(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in staff.PhotoInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	in.Version = &base
	p, err := h.desk.UpdatePhoto(c.Request().Context(), auth.ActorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// DeletePhoto serves DELETE /api/v1/photos/:id.
func (h *Handler) DeletePhoto(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.store.DeletePhoto(c.Request().Context(), auth.Who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// photoPlace is where uploaded photos go: ?unit=SLUG (the caller's own
// by default), and ?from_above=1 gives them to the units below.
func photoPlace(c echo.Context) store.Place {
	return store.Place{Unit: c.QueryParam("unit"), FromAbove: c.QueryParam("from_above") == "1"}
}
