package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/store"
)

// unitInput is a new unit: its name and its parent's slug ("": the
// caller's own unit).
type unitInput struct {
	Name   string `json:"name"`
	Parent string `json:"parent"`
}

// ListUnits serves GET /api/v1/units: the caller's unit and every unit
// under it, parents before children, each with its parent's slug (the
// caller's own unit names its parent too, which the caller cannot open).
func (h *Handler) ListUnits(c echo.Context) error {
	t, sc := auth.ActorOf(c).Tree, auth.Scope(c)
	out := []store.Unit{}
	for _, u := range t.All() {
		if sc.Has(u.ID) {
			out = append(out, u)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// unitRename is a unit's new name.
type unitRename struct {
	Name    string `json:"name"`
	Version *int   `json:"version"`
}

// RenameUnit serves PUT /api/v1/units/:slug: a new name, the slug stays.
func (h *Handler) RenameUnit(c echo.Context) error {
	var in unitRename
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	u, err := h.store.RenameUnit(c.Request().Context(), auth.Who(c), c.Param("slug"), base, in.Name)
	if err != nil {
		return err
	}
	request.SetETag(c, u.Version)
	return c.JSON(http.StatusOK, u)
}

// CreateUnit serves POST /api/v1/units.
func (h *Handler) CreateUnit(c echo.Context) error {
	var in unitInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	a := auth.Who(c)
	if in.Parent == "" {
		u, _ := auth.ActorOf(c).Tree.ByID(a.OwnUnit())
		in.Parent = u.Slug
	}
	u, err := h.store.AddUnit(c.Request().Context(), a, in.Name, in.Parent)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}
