package controller

import (
	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
)

func (s *Server) removeSlot(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	return s.store.RemoveSlot(c.Request().Context(), auth.Who(c), id)
}
