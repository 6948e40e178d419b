package controller

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/playlists"
)

type playlistInput struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// playlistRename is a playlist's new name and the name_version it was
// renamed from (request/version.go); the name is required.
type playlistRename struct {
	Name    string `json:"name"`
	Version *int   `json:"version"`
}

// itemInput names a slogan or a photo (exactly one) and its duration.
type itemInput struct {
	SloganID int64 `json:"slogan_id" form:"slogan_id"`
	PhotoID  int64 `json:"photo_id" form:"photo_id"`
	Seconds  int   `json:"seconds" form:"seconds"`
}

// addItem drafts a slogan or a photo at the end of a playlist.
func (s *Server) addItem(ctx context.Context, who store.Actor, slug string, in itemInput) error {
	switch {
	case (in.SloganID == 0) == (in.PhotoID == 0):
		return respond.BadRequest("item_kind", "Mỗi mục là một khẩu hiệu hoặc một ảnh: hãy cho đúng một trong hai trường slogan_id, photo_id.")
	case in.PhotoID != 0:
		return s.store.AddPhotoItem(ctx, who, slug, in.PhotoID, in.Seconds)
	}
	return s.store.AddItem(ctx, who, slug, in.SloganID, in.Seconds)
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

// createPlaylist adds a playlist under slug, or, when slug is empty,
// under one made from its name; it returns the slug.
func (s *Server) createPlaylist(ctx context.Context, who store.Actor, slug, name string) (string, error) {
	slug = strings.TrimSpace(slug)
	if slug == "" {
		return s.store.CreatePlaylistNamed(ctx, who, name)
	}
	if !playlists.ValidSlug(slug) {
		return "", respond.BadRequest("invalid", "Mã “"+slug+"” chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.")
	}
	err := s.store.CreatePlaylist(ctx, who, slug, name)
	if errors.Is(err, store.ErrConflict) {
		return "", respond.Err(http.StatusConflict, "conflict", "Đã có danh sách phát mã “"+slug+"”; hãy chọn mã khác.")
	}
	return slug, err
}

func (s *Server) apiCreatePlaylist(c echo.Context) error {
	var in playlistInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	slug, err := s.createPlaylist(ctx, auth.Who(c), in.Slug, in.Name)
	if err != nil {
		return err
	}
	p, err := s.store.Playlist(ctx, slug)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

// apiRenamePlaylist changes a playlist's name; its slug stays.
func (s *Server) apiRenamePlaylist(c echo.Context) error {
	var in playlistRename
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	return s.changePlaylist(c, func() error {
		return s.store.RenamePlaylist(c.Request().Context(), auth.Who(c), c.Param("slug"), base, in.Name)
	})
}

func (s *Server) apiDeletePlaylist(c echo.Context) error {
	if err := s.store.DeletePlaylist(c.Request().Context(), auth.Who(c), c.Param("slug")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// moveInput is where an item goes: 1 is the top, past the end the end.
type moveInput struct {
	Position int `json:"position"`
}

func (s *Server) apiMoveItem(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in moveInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	return s.changePlaylist(c, func() error {
		return s.store.MoveItemTo(c.Request().Context(), auth.Who(c), c.Param("slug"), id, in.Position)
	})
}

func (s *Server) apiAddItem(c echo.Context) error {
	var in itemInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	return s.changePlaylist(c, func() error {
		return s.addItem(c.Request().Context(), auth.Who(c), c.Param("slug"), in)
	})
}

func (s *Server) apiUpdateItem(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	// Only the duration of an item changes; what it shows is another
	// item (a slogan_id or photo_id sent here is refused, not ignored).
	// Version is the playlist's (its items'), as with every change of a
	// resource replaced whole (request/version.go); seconds is required.
	var in struct {
		Seconds int  `json:"seconds"`
		Version *int `json:"version"`
	}
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	return s.changePlaylist(c, func() error {
		return s.store.UpdateItem(c.Request().Context(), auth.Who(c), c.Param("slug"), base, id, in.Seconds)
	})
}

func (s *Server) apiRemoveItem(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	return s.changePlaylist(c, func() error {
		return s.store.RemoveItem(c.Request().Context(), auth.Who(c), c.Param("slug"), id)
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
