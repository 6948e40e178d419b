package api

import (
	"codong/controller/auth"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Wall answers the wall once: what a page without a live stream polls.
func (h *Handler) Wall(c echo.Context) error {
	w, err := h.wall.Current(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, w)
}
