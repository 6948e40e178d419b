package controller

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/store"
)

// userInput is an account as an admin submits it.
type userInput struct {
	Username string   `json:"username" form:"username"`
	Password string   `json:"password" form:"password"`
	Roles    []string `json:"roles" form:"roles"`
	Disabled bool     `json:"disabled" form:"disabled"`
}

// tokenInput is an API token as an admin asks for it.
type tokenInput struct {
	Name  string   `json:"name" form:"name"`
	Roles []string `json:"roles" form:"roles"`
	Days  int      `json:"days" form:"days"`
}

// userUpdate is a change of a user's roles or lock: one left out is
// kept as it is; Version is the user's the change was made from
// (edit_conflict.go).
type userUpdate struct {
	Roles    *[]string `json:"roles"`
	Disabled *bool     `json:"disabled"`
	Version  *int      `json:"version"`
}

func (s *Server) updateUser(ctx context.Context, a store.Actor, id int64, base int, in userUpdate) (store.User, error) {
	var roles *store.Roles
	if in.Roles != nil {
		rs, err := ParseRoles(strings.Join(*in.Roles, ","))
		if err != nil {
			return store.User{}, err
		}
		roles = &rs
	}
	return s.store.UpdateUser(ctx, a, id, base, roles, in.Disabled)
}

func (s *Server) setPassword(ctx context.Context, a store.Actor, id int64, password string) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return s.store.SetPassword(ctx, a, id, hash)
}

func (s *Server) apiListUsers(c echo.Context) error {
	users, err := s.store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, users)
}

func (s *Server) apiCreateUser(c echo.Context) error {
	var in userInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := AddUser(c.Request().Context(), s.store, who(c), in.Username, in.Password, strings.Join(in.Roles, ","))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (s *Server) apiUpdateUser(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in userUpdate
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	base, err := baseVersion(c, in.Version)
	if err != nil {
		return err
	}
	u, err := s.updateUser(c.Request().Context(), who(c), id, base, in)
	if err != nil {
		return err
	}
	setETag(c, u.Version)
	return c.JSON(http.StatusOK, u)
}

func (s *Server) apiSetPassword(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in userInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := s.setPassword(c.Request().Context(), who(c), id, in.Password); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiListTokens(c echo.Context) error {
	ts, err := s.store.APITokens(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ts)
}

func (s *Server) apiCreateToken(c echo.Context) error {
	var in tokenInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	token, t, err := CreateAPIToken(c.Request().Context(), s.store, who(c), in.Name, strings.Join(in.Roles, ","), in.Days)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"token": token, "info": t})
}

func (s *Server) apiRevokeToken(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.RevokeAPIToken(c.Request().Context(), who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// The users page: people and API tokens, for admins.

func (s *Server) showUsers(c echo.Context) error {
	ctx := c.Request().Context()
	users, err := s.store.Users(ctx)
	if err != nil {
		return err
	}
	tokens, err := s.store.APITokens(ctx)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "users", map[string]any{"Users": users, "Tokens": tokens, "AllRoles": store.AllRoles})
}

func (s *Server) uiCreateUser(c echo.Context) error {
	var in userInput
	if err := c.Bind(&in); err != nil {
		return badRequest("bad_form", "Biểu mẫu không hợp lệ.")
	}
	if _, err := AddUser(c.Request().Context(), s.store, who(c), in.Username, in.Password, strings.Join(in.Roles, ",")); err != nil {
		return err
	}
	return redirect(c, "/users", "user_saved")
}

func (s *Server) uiUpdateUser(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in userInput
	if err := c.Bind(&in); err != nil {
		return badRequest("bad_form", "Biểu mẫu không hợp lệ.")
	}
	// The form carries both settings (an unticked box is sent as
	// nothing) and the version it was drawn from.
	base, err := formVersion(c)
	if err != nil {
		return err
	}
	if _, err := s.updateUser(c.Request().Context(), who(c), id, base, userUpdate{Roles: &in.Roles, Disabled: &in.Disabled}); err != nil {
		return err
	}
	return redirect(c, "/users", "user_saved")
}

func (s *Server) uiSetPassword(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.setPassword(c.Request().Context(), who(c), id, c.FormValue("password")); err != nil {
		return err
	}
	return redirect(c, "/users", "user_saved")
}

func (s *Server) uiCreateToken(c echo.Context) error {
	var in tokenInput
	if err := c.Bind(&in); err != nil {
		return badRequest("bad_form", "Biểu mẫu không hợp lệ.")
	}
	token, t, err := CreateAPIToken(c.Request().Context(), s.store, who(c), in.Name, strings.Join(in.Roles, ","), in.Days)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusCreated, "token_created", map[string]any{"Token": token, "Info": t})
}

func (s *Server) uiRevokeToken(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.RevokeAPIToken(c.Request().Context(), who(c), id); err != nil {
		return err
	}
	return redirect(c, "/users", "token_revoked")
}
