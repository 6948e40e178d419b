package console

import (
	"codong/controller/page"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
)

// groupsPage shows the groups with their boards; a refused form comes
// back with what was typed and the reason: typed is a new group's name,
// or the new name of the group renaming (its slug).
func (s *Handler) groupsPage(c echo.Context, status int, problem, typed, renaming string) error {
	ctx := c.Request().Context()
	gs, err := s.store.Groups(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	boards, err := s.store.Boards(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	members := make(map[string][]string)
	// outside lists, for each group, the boards not in it: what its
	// "Thêm bảng" form offers.
	outside := make(map[string][]store.Board)
	for _, b := range boards {
		for _, g := range b.Groups {
			members[g] = append(members[g], b.Name)
		}
	}
	for _, g := range gs {
		for _, b := range boards {
			if !slices.Contains(b.Groups, g.Slug) {
				outside[g.Slug] = append(outside[g.Slug], b)
			}
		}
	}
	if renaming != "" {
		for i := range gs {
			if gs[i].Slug == renaming {
				gs[i].Name = typed
			}
		}
		typed = ""
	}
	return s.view.Render(c, status, "groups", map[string]any{"Groups": gs, "Members": members, "Outside": outside, "Error": problem, "Typed": typed})
}

// ShowGroups serves GET /groups.
func (s *Handler) ShowGroups(c echo.Context) error { return s.groupsPage(c, http.StatusOK, "", "", "") }

// uiGroupFailed shows a refused group form on the page, or fails.
func (s *Handler) uiGroupFailed(c echo.Context, err error, typed, renaming string) error {
	ae, internal := respond.Classify(err)
	if internal {
		return err
	}
	return s.groupsPage(c, ae.Status, ae.Message, typed, renaming)
}

// CreateGroup serves POST /groups.
func (s *Handler) CreateGroup(c echo.Context) error {
	name := c.FormValue("name")
	if _, err := s.store.CreateGroupIn(c.Request().Context(), auth.Who(c), c.FormValue("unit"), name); err != nil {
		return s.uiGroupFailed(c, err, name, "")
	}
	return page.Redirect(c, "/groups", "group_created")
}

// RenameGroup serves POST /groups/:slug.
func (s *Handler) RenameGroup(c echo.Context) error {
	base, err := request.FormVersion(c)
	if err == nil {
		_, err = s.store.RenameGroup(c.Request().Context(), auth.Who(c), c.Param("slug"), base, c.FormValue("name"))
	}
	if err != nil {
		return s.uiGroupFailed(c, err, c.FormValue("name"), c.Param("slug"))
	}
	return page.Redirect(c, "/groups", "saved")
}

// DeleteGroup serves POST /groups/:slug/delete.
func (s *Handler) DeleteGroup(c echo.Context) error {
	if err := s.store.DeleteGroup(c.Request().Context(), auth.Who(c), c.Param("slug")); err != nil {
		return s.uiGroupFailed(c, err, "", "")
	}
	return page.Redirect(c, "/groups", "deleted")
}

// groupsAndBoards are what a slot, an override or a report may aim at.
func (s *Handler) groupsAndBoards(c echo.Context) ([]store.Group, []store.Board, error) {
	gs, err := s.store.Groups(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return nil, nil, err
	}
	bs, err := s.store.Boards(c.Request().Context(), auth.Scope(c))
	return gs, bs, err
}

// AddToGroup serves POST /groups/:slug/boards: a board put in the group
// from the groups page.
func (s *Handler) AddToGroup(c echo.Context) error {
	id, err := strconv.ParseInt(c.FormValue("board"), 10, 64)
	if err != nil {
		return s.uiGroupFailed(c, respond.BadRequest("bad_board", "Hãy chọn một bảng để thêm vào nhóm."), "", "")
	}
	if err := s.store.AddToGroup(c.Request().Context(), auth.Who(c), c.Param("slug"), id); err != nil {
		return s.uiGroupFailed(c, err, "", "")
	}
	return page.Redirect(c, "/groups", "board_grouped")
}
