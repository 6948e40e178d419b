package controller

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/playlists"
)

type overrideInput struct {
	Playlist string `json:"playlist" form:"playlist"`
	Group    string `json:"group" form:"group"` // a group's slug
	Board    int64  `json:"board" form:"board"` // or a board's ID; neither: every board
	Minutes  int    `json:"minutes" form:"minutes"`
}

func (s *Server) setOverride(ctx context.Context, who *auth.Actor, in overrideInput) (*playlists.Override, error) {
	if in.Playlist == "" {
		return nil, respond.BadRequest("missing_playlist", "Cần chọn danh sách phát (playlist).")
	}
	o, err := s.store.SetOverride(ctx, who.Actor, in.Playlist, strings.TrimSpace(in.Group), in.Board, in.Minutes)
	if err != nil {
		return nil, err
	}
	return o, s.wall.RecordSwitch(ctx, false, o.Group, o.Board)
}

// clearOverride returns the boards to the schedule; the wall follows the
// boards the override was on coming back.
func (s *Server) clearOverride(ctx context.Context, who *auth.Actor) error {
	o, err := s.store.Override(ctx)
	if err != nil {
		return err
	}
	if err := s.store.ClearOverride(ctx, who.Actor); err != nil {
		return err
	}
	var group string
	var board int64
	if o != nil {
		group, board = o.Group, o.Board
	}
	return s.wall.RecordSwitch(ctx, true, group, board)
}

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
	var in overrideInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	o, err := s.setOverride(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": o})
}

func (s *Server) apiClearOverride(c echo.Context) error {
	if err := s.clearOverride(c.Request().Context(), auth.ActorOf(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": nil})
}
