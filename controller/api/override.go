package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
)

// GetOverride answers the override in force and how far the latest
// switch has got (null before any).
func (h *Handler) GetOverride(c echo.Context) error {
	ctx := c.Request().Context()
	o, err := h.wall.CurrentOverride(ctx)
	if err != nil {
		return err
	}
	views, err := h.wall.Boards(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	progress, err := h.wall.Progress(ctx, views)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": o, "progress": progress})
}

// SetOverride serves POST /api/v1/override.
func (h *Handler) SetOverride(c echo.Context) error {
	var in staff.OverrideInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	o, err := h.desk.SetOverride(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": o})
}

// ClearOverride serves DELETE /api/v1/override.
func (h *Handler) ClearOverride(c echo.Context) error {
	if err := h.desk.ClearOverride(c.Request().Context(), auth.ActorOf(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": nil})
}

// PreviewSwitch serves GET /api/v1/override/preview?playlist=SLUG&group=G:
// what a switch would put up, size by size, before it is made.
func (h *Handler) PreviewSwitch(c echo.Context) error {
	p, err := h.desk.PreviewSwitch(c.Request().Context(), c.QueryParam("playlist"), c.QueryParam("group"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
