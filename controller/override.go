package controller

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
)

// apiGetOverride answers the override in force and how far the latest
// switch has got (null before any).
func (s *Server) apiGetOverride(c echo.Context) error {
	ctx := c.Request().Context()
	o, err := s.wall.CurrentOverride(ctx)
	if err != nil {
		return err
	}
	views, err := s.wall.Boards(ctx)
	if err != nil {
		return err
	}
	progress, err := s.wall.Progress(ctx, views)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": o, "progress": progress})
}

func (s *Server) apiSetOverride(c echo.Context) error {
	var in staff.OverrideInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	o, err := s.desk.SetOverride(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": o})
}

func (s *Server) apiClearOverride(c echo.Context) error {
	if err := s.desk.ClearOverride(c.Request().Context(), auth.ActorOf(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": nil})
}
