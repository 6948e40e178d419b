package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/staff"
)

// ListUsers serves GET /api/v1/users.
func (h *Handler) ListUsers(c echo.Context) error {
	users, err := h.store.Users(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, users)
}

// CreateUser serves POST /api/v1/users.
func (h *Handler) CreateUser(c echo.Context) error {
	var in staff.UserInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	u, err := h.desk.AddUserIn(c.Request().Context(), auth.Who(c), in.Unit, in.Username, in.Password, strings.Join(in.Roles, ","))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

// UpdateUser serves PUT /api/v1/users/:id.
func (h *Handler) UpdateUser(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in staff.UserUpdate
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	base, err := request.BaseVersion(c, in.Version)
	if err != nil {
		return err
	}
	u, err := h.desk.UpdateUser(c.Request().Context(), auth.Who(c), id, base, in)
	if err != nil {
		return err
	}
	request.SetETag(c, u.Version)
	return c.JSON(http.StatusOK, u)
}

// SetPassword serves PUT /api/v1/users/:id/password.
func (h *Handler) SetPassword(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in staff.UserInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	if err := h.desk.SetPassword(c.Request().Context(), auth.Who(c), id, in.Password); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ListTokens serves GET /api/v1/tokens.
func (h *Handler) ListTokens(c echo.Context) error {
	ts, err := h.store.APITokens(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ts)
}

// CreateToken serves POST /api/v1/tokens.
func (h *Handler) CreateToken(c echo.Context) error {
	var in staff.TokenInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	token, t, err := staff.CreateAPITokenIn(c.Request().Context(), h.store, auth.Who(c), in.Unit, in.Name, strings.Join(in.Roles, ","), in.Days)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"token": token, "info": t})
}

// RevokeToken serves DELETE /api/v1/tokens/:id.
func (h *Handler) RevokeToken(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.store.RevokeAPIToken(c.Request().Context(), auth.Who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
