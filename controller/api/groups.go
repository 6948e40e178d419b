package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
)

// ListGroups serves GET /api/v1/groups.
func (h *Handler) ListGroups(c echo.Context) error {
	gs, err := h.store.Groups(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, gs)
}

// CreateGroup serves POST /api/v1/groups.
func (h *Handler) CreateGroup(c echo.Context) error {
	var in groupInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	g, err := h.store.CreateGroupIn(c.Request().Context(), auth.Who(c), in.Unit, in.Name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, g)
}

// RenameGroup serves PUT /api/v1/groups/:slug.
func (h *Handler) RenameGroup(c echo.Context) error {
	var in groupRename
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	g, err := h.store.RenameGroup(c.Request().Context(), auth.Who(c), c.Param("slug"), base, in.Name)
	if err != nil {
		return err
	}
	request.SetETag(c, g.Version)
	return c.JSON(http.StatusOK, g)
}

// DeleteGroup serves DELETE /api/v1/groups/:slug.
func (h *Handler) DeleteGroup(c echo.Context) error {
	if err := h.store.DeleteGroup(c.Request().Context(), auth.Who(c), c.Param("slug")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// groupInput names a group.
type groupInput struct {
	Name string `json:"name" form:"name"`
	// Unit is the slug of the group's unit: the creator's own ("") or
	// one under it.
	Unit string `json:"unit" form:"unit"`
}

// groupRename is a group's new name and the version it was renamed
// from (request/version.go); the name is required.
type groupRename struct {
	Name    string `json:"name"`
	Version *int   `json:"version"`
}

// AddToGroup serves POST /api/v1/groups/:slug/boards {"board": ID}: the
// board joins the group, keeping its other groups.
func (h *Handler) AddToGroup(c echo.Context) error {
	var in struct {
		Board int64 `json:"board"`
	}
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := h.store.AddToGroup(ctx, auth.Who(c), c.Param("slug"), in.Board); err != nil {
		return err
	}
	b, err := h.store.Board(ctx, auth.Scope(c), in.Board)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b)
}
