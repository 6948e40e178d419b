package controller

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
)

func (s *Server) apiListBoards(c echo.Context) error {
	views, err := s.wall.Boards(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, views)
}

func (s *Server) apiCreateBoard(c echo.Context) error {
	var in staff.BoardInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	b, token, err := s.desk.CreateBoard(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"board": b, "token": token, "controller_key": encodePublic(s.key)})
}

func (s *Server) apiUpdateBoard(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in staff.BoardUpdate
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	b, err := s.desk.UpdateBoard(c.Request().Context(), auth.ActorOf(c), id, base, in)
	if err != nil {
		return err
	}
	request.SetETag(c, b.Version)
	return c.JSON(http.StatusOK, b)
}

func (s *Server) apiDeleteBoard(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.desk.DeleteBoard(c.Request().Context(), auth.ActorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiFleet answers the whole fleet in four numbers, from memory: what
// the dashboard headline shows, and what a script or the load harness
// polls to learn when a change has reached every board.
func (s *Server) apiFleet(c echo.Context) error {
	return c.JSON(http.StatusOK, s.fleet.Summary())
}
