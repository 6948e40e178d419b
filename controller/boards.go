package controller

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/playlists"
)

func (s *Server) apiListBoards(c echo.Context) error {
	views, err := s.wall.Boards(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, views)
}

type boardInput struct {
	Name   string   `json:"name" form:"name"`
	Size   string   `json:"size" form:"size"`
	Groups []string `json:"groups" form:"group"` // slugs
}

// createBoard registers a board and returns it with its one-time token.
func (s *Server) createBoard(ctx context.Context, who *auth.Actor, in boardInput) (store.Board, string, error) {
	size, err := assets.ParseSize(in.Size)
	if err != nil {
		return store.Board{}, "", respond.BadRequest("bad_size", err.Error())
	}
	b := store.Board{Name: in.Name, Width: size.W, Height: size.H, Groups: in.Groups}
	return AddBoard(ctx, s.store, who.Actor, b)
}

func (s *Server) apiCreateBoard(c echo.Context) error {
	var in boardInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	b, token, err := s.createBoard(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"board": b, "token": token, "controller_key": encodePublic(s.key)})
}

// boardUpdate is a change of a board's settings. A setting left out is
// kept as it is (a second operator's save that did not name the power
// windows once wiped the first one's off window); Version is the
// board's settings version the change was made from (request/version.go).
type boardUpdate struct {
	Groups *[]string                `json:"groups"` // slugs
	Power  *[]playlists.PowerWindow `json:"power"`
	// ScrollSpeed in pixels per second, 0 for the default of the board's
	// height.
	ScrollSpeed *int `json:"scroll_speed"`
	Version     *int `json:"version"`
}

// updateBoard sets a board's groups, power windows and scroll speed and
// sends the board its new manifest.
func (s *Server) updateBoard(ctx context.Context, who *auth.Actor, id int64, base int, in boardUpdate) (store.Board, error) {
	return s.store.UpdateBoard(ctx, who.Actor, id, base, store.BoardChange{Groups: in.Groups, Power: in.Power, ScrollSpeed: in.ScrollSpeed})
}

func (s *Server) apiUpdateBoard(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in boardUpdate
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	b, err := s.updateBoard(c.Request().Context(), auth.ActorOf(c), id, base, in)
	if err != nil {
		return err
	}
	request.SetETag(c, b.Version)
	return c.JSON(http.StatusOK, b)
}

func (s *Server) deleteBoard(ctx context.Context, who *auth.Actor, id int64) error {
	if err := s.store.DeleteBoard(ctx, who.Actor, id); err != nil {
		return err
	}
	s.fleet.Forget(id)
	return nil
}

func (s *Server) apiDeleteBoard(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.deleteBoard(c.Request().Context(), auth.ActorOf(c), id); err != nil {
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
