package controller

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/store"
	"codong/playlists"
)

type playlistInput struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type itemInput struct {
	SloganID int64 `json:"slogan_id" form:"slogan_id"`
	Seconds  int   `json:"seconds" form:"seconds"`
}

func (s *Server) apiListPlaylists(c echo.Context) error {
	list, err := s.store.Playlists(c.Request().Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []store.Playlist{}
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) apiGetPlaylist(c echo.Context) error {
	p, err := s.store.Playlist(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiCreatePlaylist(c echo.Context) error {
	var in playlistInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if !playlists.ValidSlug(in.Slug) {
		return badRequest("invalid", "Mã “"+in.Slug+"” chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.")
	}
	ctx := c.Request().Context()
	err := s.store.CreatePlaylist(ctx, who(c), in.Slug, in.Name)
	if errors.Is(err, store.ErrConflict) {
		return apiErr(http.StatusConflict, "conflict", "Đã có danh sách phát mã “"+in.Slug+"”.")
	}
	if err != nil {
		return err
	}
	p, err := s.store.Playlist(ctx, in.Slug)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

func (s *Server) apiAddItem(c echo.Context) error {
	var in itemInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	return s.changePlaylist(c, func() error {
		return s.store.AddItem(c.Request().Context(), who(c), c.Param("slug"), in.SloganID, in.Seconds)
	})
}

func (s *Server) apiUpdateItem(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in itemInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	return s.changePlaylist(c, func() error {
		return s.store.UpdateItem(c.Request().Context(), who(c), c.Param("slug"), id, in.Seconds)
	})
}

func (s *Server) apiRemoveItem(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.changePlaylist(c, func() error {
		return s.store.RemoveItem(c.Request().Context(), who(c), c.Param("slug"), id)
	})
}

// changePlaylist applies a change, publishes it and answers with the
// playlist as it now is.
func (s *Server) changePlaylist(c echo.Context, change func() error) error {
	if err := change(); err != nil {
		return err
	}
	p, err := s.store.Playlist(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
