package api

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
	"codong/controller/store"
)

// organisationInput is the organisation as a script sends it: every
// field, and the version it was read at (none on the first run).
type organisationInput struct {
	store.Organisation
	Version *int `json:"version"`
}

// GetOrganisation serves GET /api/v1/organisation: 404 before the first
// run set it.
func (h *Handler) GetOrganisation(c echo.Context) error {
	o, err := h.store.Organisation(c.Request().Context())
	if err != nil {
		return err
	}
	request.SetETag(c, o.Version)
	return c.JSON(http.StatusOK, o)
}

// PutOrganisation serves PUT /api/v1/organisation: the first run when
// none is stored (it drafts the slogans naming the congress, as the
// console's setup page does), else a change from the version sent.
func (h *Handler) PutOrganisation(c echo.Context) error {
	var in organisationInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := h.store.Organisation(ctx); errors.Is(err, store.ErrNotFound) {
		o, err := staff.SetUp(ctx, h.store, auth.Who(c), in.Organisation)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, o)
	} else if err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	o, err := h.store.SetOrganisation(ctx, auth.Who(c), in.Organisation, base)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}
