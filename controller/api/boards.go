package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
)

// ListBoards serves GET /api/v1/boards.
func (h *Handler) ListBoards(c echo.Context) error {
	views, err := h.wall.Boards(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, views)
}

// CreateBoard serves POST /api/v1/boards.
func (h *Handler) CreateBoard(c echo.Context) error {
	var in staff.BoardInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	b, token, err := h.desk.CreateBoard(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"board": b, "token": token, "controller_key": h.controllerKey})
}

// UpdateBoard serves PUT /api/v1/boards/:id.
func (h *Handler) UpdateBoard(c echo.Context) error {
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
	b, err := h.desk.UpdateBoard(c.Request().Context(), auth.ActorOf(c), id, base, in)
	if err != nil {
		return err
	}
	request.SetETag(c, b.Version)
	return c.JSON(http.StatusOK, b)
}

// DeleteBoard serves DELETE /api/v1/boards/:id.
func (h *Handler) DeleteBoard(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.desk.DeleteBoard(c.Request().Context(), auth.ActorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// Fleet answers the whole fleet in four numbers, from memory: what
// the dashboard headline shows, and what a script or the load harness
// polls to learn when a change has reached every board.
//
// A person of a unit below the root is told of their units' boards only.
func (h *Handler) Fleet(c echo.Context) error {
	if auth.Who(c).Below() {
		return c.JSON(http.StatusOK, h.fleet.SummaryOf(auth.Scope(c).Has))
	}
	return c.JSON(http.StatusOK, h.fleet.Summary())
}
