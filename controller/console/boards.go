package console

import (
	"codong/controller/page"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/secret"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/controller/wall"
	"codong/playlists"
)

// boardsPage shows the boards; a refused form comes back in its own card
// (form is "adopt" or "add") with what was typed and the reason.
func (s *Handler) boardsPage(c echo.Context, status int, form string, in staff.AdoptInput, problem string) error {
	return s.boardsPageTyped(c, status, form, in, problem, nil)
}

// boardTyped is a board's row as typed, shown again when refused.
type boardTyped struct {
	id     int64
	groups []string
	power  string
}

// boardsPageTyped is boardsPage with one board's row showing what was
// typed into it (a refused edit), not what is stored.
func (s *Handler) boardsPageTyped(c echo.Context, status int, form string, in staff.AdoptInput, problem string, typed *boardTyped) error {
	views, err := s.wall.Boards(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	for i := range views {
		if typed != nil && views[i].ID == typed.id {
			views[i].Groups, views[i].Power = typed.groups, typed.power
		}
	}
	// Waiting players belong to no unit until adopted: their codes are
	// listed to the root's people only, and anyone adopts by the code
	// the board shows.
	var pairings []store.Pairing
	if !auth.Who(c).Below() {
		if pairings, err = s.store.Pairings(c.Request().Context()); err != nil {
			return err
		}
	}
	groups, err := s.store.Groups(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	data := map[string]any{"Boards": views, "Pairings": pairings, "Controller": c.Scheme() + "://" + c.Request().Host,
		"Form": form, "Input": in, "Error": problem, "Groups": groups, "GroupNames": wall.GroupNames(groups)}
	return s.view.Render(c, status, "boards", data)
}

// ShowBoards serves GET /boards.
func (s *Handler) ShowBoards(c echo.Context) error {
	return s.boardsPage(c, http.StatusOK, "", staff.AdoptInput{}, "")
}

// CreateBoard makes a board and sends the browser to its token's page
// (shown_once.go): the token is never stored in clear, so it is shown
// once.
func (s *Handler) CreateBoard(c echo.Context) error {
	in := staff.BoardInput{Name: c.FormValue("name"), Size: c.FormValue("size"), Groups: formGroups(c), Unit: c.FormValue("unit")}
	b, token, err := s.desk.CreateBoard(c.Request().Context(), auth.ActorOf(c), in)
	if err != nil {
		ae, internal := respond.Classify(err)
		if internal {
			return err
		}
		return s.boardsPage(c, ae.Status, "add", staff.AdoptInput{Name: in.Name, Size: in.Size, Groups: in.Groups}, ae.Message)
	}
	return showOnce(c, fmt.Sprintf("/boards/%d/token", b.ID), token)
}

// ShowBoardToken serves GET /boards/:id/token: a new board's token,
// once.
func (s *Handler) ShowBoardToken(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	b, err := s.store.Board(c.Request().Context(), auth.Scope(c), id)
	if err != nil {
		return err
	}
	controllerURL := c.Scheme() + "://" + c.Request().Host
	return s.view.Render(c, http.StatusOK, "board_token", map[string]any{"Board": b, "Token": takeShownOnce(c, secret.PrefixBoard), "Controller": controllerURL, "Key": s.controllerKey})
}

// DeleteBoard serves POST /boards/:id/delete.
func (s *Handler) DeleteBoard(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.desk.DeleteBoard(c.Request().Context(), auth.ActorOf(c), id); err != nil {
		return err
	}
	return page.Redirect(c, "/boards", "deleted")
}

// AdoptBoard adopts a waiting player by the code on its display.
func (s *Handler) AdoptBoard(c echo.Context) error {
	in := staff.AdoptInput{Code: c.FormValue("code"), Name: c.FormValue("name"), Size: c.FormValue("size"), Groups: formGroups(c), Unit: c.FormValue("unit")}
	if _, err := s.desk.AdoptBoard(c.Request().Context(), auth.ActorOf(c), in); err != nil {
		ae, internal := respond.Classify(err)
		if internal {
			return err
		}
		return s.boardsPage(c, ae.Status, "adopt", in, ae.Message)
	}
	return page.Redirect(c, "/boards", "board_adopted")
}

// formGroups reads the group checkboxes of a board's form.
func formGroups(c echo.Context) []string {
	c.FormValue("group") // parses the form
	return c.Request().Form["group"]
}

// UpdateBoard saves a board's groups and power windows from its row.
func (s *Handler) UpdateBoard(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	// The row's form carries every setting, and the version it was
	// drawn from: a stale row is refused, not saved over a colleague's.
	base, err := request.FormVersion(c)
	var power []playlists.PowerWindow
	if err == nil {
		power, err = playlists.ParsePower(c.FormValue("power"))
	}
	var speed int
	if err == nil {
		speed, err = formScrollSpeed(c.FormValue("scroll_speed"))
	}
	if err == nil {
		groups := formGroups(c)
		_, err = s.desk.UpdateBoard(c.Request().Context(), auth.ActorOf(c), id, base, staff.BoardUpdate{Groups: &groups, Power: &power, ScrollSpeed: &speed})
	}
	if err != nil {
		ae, internal := respond.Classify(err)
		if internal {
			return err
		}
		return s.boardsPageTyped(c, ae.Status, "edit", staff.AdoptInput{}, ae.Message, &boardTyped{id: id, groups: formGroups(c), power: c.FormValue("power")})
	}
	return page.Redirect(c, "/boards", "saved")
}

// formScrollSpeed reads the scroll speed box of a board's row: empty is
// the default for the board's height (0).
func formScrollSpeed(v string) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, respond.BadRequest("invalid_range", fmt.Sprintf("Tốc độ chữ chạy phải là một số nguyên từ %d đến %d, hoặc bỏ trống để dùng tốc độ mặc định.", store.MinScrollSpeed, store.MaxScrollSpeed))
	}
	return n, nil
}
