package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
	"codong/controller/store"
)

type playlistInput struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	// Unit is the slug of the unit it is made in ("": the caller's
	// own); FromAbove gives it to the units below.
	Unit      string `json:"unit"`
	FromAbove bool   `json:"from_above"`
}

// playlistRename is a playlist's new name and the name_version it was
// renamed from (request/version.go); the name is required.
type playlistRename struct {
	Name    string `json:"name"`
	Version *int   `json:"version"`
}

// ListPlaylists serves GET /api/v1/playlists.
func (h *Handler) ListPlaylists(c echo.Context) error {
	list, err := h.store.Playlists(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	if list == nil {
		list = []store.Playlist{}
	}
	return c.JSON(http.StatusOK, list)
}

// GetPlaylist serves GET /api/v1/playlists/:slug.
func (h *Handler) GetPlaylist(c echo.Context) error {
	p, err := h.store.Playlist(c.Request().Context(), auth.Scope(c), c.Param("slug"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// CreatePlaylist serves POST /api/v1/playlists.
func (h *Handler) CreatePlaylist(c echo.Context) error {
	var in playlistInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	slug, err := h.desk.CreatePlaylist(ctx, auth.Who(c), store.Place{Unit: in.Unit, FromAbove: in.FromAbove}, in.Slug, in.Name)
	if err != nil {
		return err
	}
	p, err := h.store.Playlist(ctx, auth.Scope(c), slug)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

// RenamePlaylist changes a playlist's name; its slug stays.
func (h *Handler) RenamePlaylist(c echo.Context) error {
	var in playlistRename
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	return h.changePlaylist(c, func() error {
		return h.store.RenamePlaylist(c.Request().Context(), auth.Who(c), c.Param("slug"), base, in.Name)
	})
}

// DeletePlaylist serves DELETE /api/v1/playlists/:slug.
func (h *Handler) DeletePlaylist(c echo.Context) error {
	if err := h.store.DeletePlaylist(c.Request().Context(), auth.Who(c), c.Param("slug")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// moveInput is where an item goes: 1 is the top, past the end the end.
type moveInput struct {
	Position int `json:"position"`
}

// MoveItem serves POST /api/v1/playlists/:slug/items/:id/move.
func (h *Handler) MoveItem(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in moveInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	return h.changePlaylist(c, func() error {
		return h.store.MoveItemTo(c.Request().Context(), auth.Who(c), c.Param("slug"), id, in.Position)
	})
}

// AddItem serves POST /api/v1/playlists/:slug/items.
func (h *Handler) AddItem(c echo.Context) error {
	var in staff.ItemInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	return h.changePlaylist(c, func() error {
		return h.desk.AddItem(c.Request().Context(), auth.Who(c), c.Param("slug"), in)
	})
}

// UpdateItem serves PUT /api/v1/playlists/:slug/items/:id.
func (h *Handler) UpdateItem(c echo.Context) error {
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
	return h.changePlaylist(c, func() error {
		return h.store.UpdateItem(c.Request().Context(), auth.Who(c), c.Param("slug"), base, id, in.Seconds)
	})
}

// RemoveItem serves DELETE /api/v1/playlists/:slug/items/:id.
func (h *Handler) RemoveItem(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	return h.changePlaylist(c, func() error {
		return h.store.RemoveItem(c.Request().Context(), auth.Who(c), c.Param("slug"), id)
	})
}

// changePlaylist applies a change, publishes it and answers with the
// playlist as it now is.
func (h *Handler) changePlaylist(c echo.Context, change func() error) error {
	if err := change(); err != nil {
		return err
	}
	p, err := h.store.Playlist(c.Request().Context(), auth.Scope(c), c.Param("slug"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
