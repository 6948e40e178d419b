package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Wall answers the wall once: what a page without a live stream polls.
func (h *Handler) Wall(c echo.Context) error {
	w, err := h.wall.Current(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, w)
}
