package controller

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiWall answers the wall once: what a page without a live stream polls.
func (s *Server) apiWall(c echo.Context) error {
	w, err := s.wall.Current(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, w)
}
