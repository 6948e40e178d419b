package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
	"codong/controller/store"
)

// ListSlogans serves GET /api/v1/slogans.
func (h *Handler) ListSlogans(c echo.Context) error {
	list, err := h.store.Slogans(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	if list == nil {
		list = []store.Slogan{}
	}
	return c.JSON(http.StatusOK, list)
}

// GetSlogan serves GET /api/v1/slogans/:id.
func (h *Handler) GetSlogan(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	sl, err := h.store.Slogan(c.Request().Context(), auth.Scope(c), id)
	if err != nil {
		return err
	}
	request.SetETag(c, sl.Version)
	return c.JSON(http.StatusOK, sl)
}

// CreateSlogan serves POST /api/v1/slogans.
func (h *Handler) CreateSlogan(c echo.Context) error {
	var in staff.SloganInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	sl, err := h.desk.CreateSlogan(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, sl)
}

// UpdateSlogan serves PUT /api/v1/slogans/:id.
func (h *Handler) UpdateSlogan(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in staff.SloganInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	in.Version = &base
	sl, err := h.desk.UpdateSlogan(c.Request().Context(), auth.ActorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sl)
}

// DeleteSlogan serves DELETE /api/v1/slogans/:id.
func (h *Handler) DeleteSlogan(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.desk.DeleteSlogan(c.Request().Context(), auth.ActorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
