package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/wall"
)

// Wall answers the wall once (?unit=SLUG: of that unit, one the caller
// sees): what a page without a live stream polls.
func (h *Handler) Wall(c echo.Context) error {
	unit, sc, _, err := auth.Looking(c)
	if err != nil {
		return err
	}
	own, err := auth.OwnBoards(c)
	if err != nil {
		return err
	}
	w, err := h.wall.Current(c.Request().Context(), sc)
	if err != nil {
		return err
	}
	if own {
		w = wall.OwnBoards(w, unit.ID)
	}
	return c.JSON(http.StatusOK, w)
}
