package console

import (
	"codong/controller/page"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/secret"
	"codong/controller/staff"
	"codong/controller/store"
)

// The users page: people and API tokens, for admins.

// ShowUsers serves GET /users.
func (s *Handler) ShowUsers(c echo.Context) error {
	ctx := c.Request().Context()
	users, err := s.store.Users(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	tokens, err := s.store.APITokens(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	controls, err := s.store.Controllers(ctx)
	if err != nil {
		return err
	}
	return s.view.Render(c, http.StatusOK, "users", map[string]any{"Users": users, "Tokens": tokenTree(tokens), "AllRoles": store.AllRoles,
		"Controlled": controlledBy(users, tokens, controls)})
}

// controlledBy says, for each user's ID, who holds their account for the
// four-eyes rule ("admin đặt mật khẩu"), so the standing committee can
// check on the page who could act as whom.
func controlledBy(users []store.User, tokens []store.APIToken, controls map[string][]string) map[int64][]string {
	names := map[string]string{}
	for _, u := range users {
		names[store.UserKey(u.ID)] = u.Username
	}
	for _, t := range tokens {
		if t.CreatedBy == "" {
			names[store.TokenKey(t.ID)] = "mã truy cập “" + t.Name + "”"
		}
	}
	reasons := map[string]string{store.ControlCreated: "tạo tài khoản", store.ControlPassword: "đặt mật khẩu"}
	out := map[int64][]string{}
	for _, u := range users {
		for _, c := range controls[store.UserKey(u.ID)] {
			key, reason, _ := strings.Cut(c, " ")
			name := names[key]
			if name == "" {
				name = key
			}
			out[u.ID] = append(out[u.ID], name+" "+reasons[reason])
		}
	}
	return out
}

// tokenRow is a token on the users page, placed in the tree of who
// minted what: Depth 0 for one made by a person, 1 for a token's child.
type tokenRow struct {
	store.APIToken
	Depth  int
	Parent string // the minting token's name, for a child
}

// maxTreeIndent is the deepest indentation the page draws; deeper
// tokens are drawn at it (their row still names their parent).
const maxTreeIndent = 4

// tokenTree orders tokens as a tree, each followed by those it minted,
// so an officer sees what revoking one takes with it.
func tokenTree(ts []store.APIToken) []tokenRow {
	byID := map[int64]store.APIToken{}
	children := map[int64][]store.APIToken{}
	for _, t := range ts {
		byID[t.ID] = t
	}
	var roots []store.APIToken
	for _, t := range ts {
		if _, ok := byID[t.ParentID]; ok && t.ParentID != 0 {
			children[t.ParentID] = append(children[t.ParentID], t)
		} else {
			roots = append(roots, t)
		}
	}
	out := make([]tokenRow, 0, len(ts))
	var walk func(t store.APIToken, depth int)
	walk = func(t store.APIToken, depth int) {
		row := tokenRow{APIToken: t, Depth: min(depth, maxTreeIndent)}
		if depth > 0 {
			row.Parent = byID[t.ParentID].Name
		}
		out = append(out, row)
		for _, c := range children[t.ID] {
			walk(c, depth+1)
		}
	}
	for _, t := range roots {
		walk(t, 0)
	}
	return out
}

// CreateUser serves POST /users.
func (s *Handler) CreateUser(c echo.Context) error {
	var in staff.UserInput
	if err := c.Bind(&in); err != nil {
		return respond.BadRequest("bad_form", "Biểu mẫu không hợp lệ.")
	}
	if _, err := s.desk.AddUserIn(c.Request().Context(), auth.Who(c), in.Unit, in.Username, in.Password, strings.Join(in.Roles, ",")); err != nil {
		return err
	}
	return page.Redirect(c, "/users", "user_saved")
}

// UpdateUser serves POST /users/:id.
func (s *Handler) UpdateUser(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	var in staff.UserInput
	if err := c.Bind(&in); err != nil {
		return respond.BadRequest("bad_form", "Biểu mẫu không hợp lệ.")
	}
	// The form carries both settings (an unticked box is sent as
	// nothing) and the version it was drawn from.
	base, err := request.FormVersion(c)
	if err != nil {
		return err
	}
	if _, err := s.desk.UpdateUser(c.Request().Context(), auth.Who(c), id, base, staff.UserUpdate{Roles: &in.Roles, Disabled: &in.Disabled}); err != nil {
		return err
	}
	return page.Redirect(c, "/users", "user_saved")
}

// SetPassword serves POST /users/:id/password.
func (s *Handler) SetPassword(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.desk.SetPassword(c.Request().Context(), auth.Who(c), id, c.FormValue("password")); err != nil {
		return err
	}
	return page.Redirect(c, "/users", "user_saved")
}

// CreateToken serves POST /tokens.
func (s *Handler) CreateToken(c echo.Context) error {
	var in staff.TokenInput
	if err := c.Bind(&in); err != nil {
		return respond.BadRequest("bad_form", "Biểu mẫu không hợp lệ.")
	}
	token, t, err := staff.CreateAPITokenIn(c.Request().Context(), s.store, auth.Who(c), in.Unit, in.Name, strings.Join(in.Roles, ","), in.Days)
	if err != nil {
		return err
	}
	return showOnce(c, fmt.Sprintf("/tokens/%d/shown", t.ID), token)
}

// ShowNewToken serves GET /tokens/:id/shown: the token just made, once.
func (s *Handler) ShowNewToken(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	all, err := s.store.APITokens(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	i := slices.IndexFunc(all, func(t store.APIToken) bool { return t.ID == id })
	if i < 0 {
		return store.ErrNotFound
	}
	return s.view.Render(c, http.StatusOK, "token_created", map[string]any{"Token": takeShownOnce(c, secret.PrefixAPI), "Info": all[i]})
}

// RevokeToken serves POST /tokens/:id/revoke.
func (s *Handler) RevokeToken(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.RevokeAPIToken(c.Request().Context(), auth.Who(c), id); err != nil {
		return err
	}
	return page.Redirect(c, "/users", "token_revoked")
}
