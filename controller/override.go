package controller

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/playlists"
)

type overrideInput struct {
	Playlist string `json:"playlist" form:"playlist"`
	Group    string `json:"group" form:"group"` // a group's slug
	Board    int64  `json:"board" form:"board"` // or a board's ID; neither: every board
	Minutes  int    `json:"minutes" form:"minutes"`
}

func (s *Server) setOverride(ctx context.Context, who *actor, in overrideInput) (*playlists.Override, error) {
	if in.Playlist == "" {
		return nil, badRequest("missing_playlist", "Cần chọn danh sách phát (playlist).")
	}
	o, err := s.store.SetOverride(ctx, who.Actor, in.Playlist, strings.TrimSpace(in.Group), in.Board, in.Minutes)
	if err != nil {
		return nil, err
	}
	return o, nil
}

func (s *Server) clearOverride(ctx context.Context, who *actor) error {
	return s.store.ClearOverride(ctx, who.Actor)
}

func (s *Server) apiGetOverride(c echo.Context) error {
	o, err := s.store.Override(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": o})
}

func (s *Server) apiSetOverride(c echo.Context) error {
	var in overrideInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	o, err := s.setOverride(c.Request().Context(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": o})
}

func (s *Server) apiClearOverride(c echo.Context) error {
	if err := s.clearOverride(c.Request().Context(), actorOf(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"override": nil})
}
