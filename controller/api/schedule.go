package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/playlists"
)

// Schedule serves GET /api/v1/schedule.
func (h *Handler) Schedule(c echo.Context) error {
	slots, err := h.store.Schedule(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, slots)
}

// AddSlot serves POST /api/v1/schedule.
func (h *Handler) AddSlot(c echo.Context) error {
	var sl playlists.Slot
	if err := request.BindJSON(c, &sl); err != nil {
		return err
	}
	added, warnings, err := h.desk.AddSlot(c.Request().Context(), auth.Who(c), sl)
	if err != nil {
		return err
	}
	slots, err := h.store.Schedule(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"slot": added, "warnings": warnings, "schedule": slots})
}

// RemoveSlot serves DELETE /api/v1/schedule/:id.
func (h *Handler) RemoveSlot(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.store.RemoveSlot(c.Request().Context(), auth.Who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
