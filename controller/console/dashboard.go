package console

import (
	"codong/controller/page"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/controller/wall"
	"codong/playlists"
)

// ShowDashboard serves GET /.
//
// ?unit=SLUG shows a unit under the person's own, opened from its tile:
// each unit right under the one shown is a tile with its boards' health.
func (s *Handler) ShowDashboard(c echo.Context) error {
	ctx := c.Request().Context()
	unit, sc, tree, err := auth.Looking(c)
	if err != nil {
		return err
	}
	w, err := s.wall.Current(ctx, sc)
	if err != nil {
		return err
	}
	pls, err := s.store.Playlists(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	var switchable []store.Playlist
	for _, p := range pls {
		if p.Approved > 0 && len(p.Items) > 0 {
			switchable = append(switchable, p)
		}
	}
	targets, err := s.switchTargets(ctx, sc, w.Boards)
	if err != nil {
		return err
	}
	_, err = s.store.Organisation(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	tiles := unitTiles(tree, unit, w.Boards)
	stream, refresh, csv := "/api/v1/wall/events", "/api/v1/wall", "/api/v1/report?format=csv&sep=semicolon"
	var q []string
	if c.QueryParam("unit") != "" {
		q = append(q, "unit="+unit.Slug)
		csv += "&unit=" + unit.Slug
	}
	if tiles != nil {
		// The units under it are tiles: the list is of the unit's own
		// boards, on the page and in its live stream.
		w = wall.OwnBoards(w, unit.ID)
		q = append(q, "boards=own")
	}
	if len(q) > 0 {
		stream, refresh = stream+"?"+strings.Join(q, "&"), refresh+"?"+strings.Join(q, "&")
	}
	return s.view.Render(c, http.StatusOK, "dashboard", map[string]any{
		"Wall": w, "Boards": w.Boards, "Playlists": switchable, "Targets": targets,
		"Congress": playlists.CongressSuccessSlug, "SetUp": err == nil,
		"Tiles": tiles, "Looking": unit, "Stream": stream, "Refresh": refresh, "ReportCSV": csv,
		// The switch form acts in the person's own unit: shown on their
		// own unit's wall only, so nobody believes it switches the one
		// opened.
		"Elsewhere": unit.ID != auth.Who(c).OwnUnit(),
	})
}

// unitTile is a unit under the one shown, as its tile on the wall.
type unitTile struct {
	Unit           store.Unit
	Boards, Online int
}

// unitTiles are the units right under unit with their boards' health
// ("12/14 bảng hoạt động"), from the wall's boards.
func unitTiles(tree *store.Tree, unit store.Unit, views []wall.Board) []unitTile {
	var out []unitTile
	for _, c := range tree.Children(unit.ID) {
		tl := unitTile{Unit: c}
		for _, v := range views {
			if tree.Within(v.UnitID, c.ID) {
				tl.Boards++
				if v.Online {
					tl.Online++
				}
			}
		}
		out = append(out, tl)
	}
	return out
}

// switchTarget is a choice of the switch form: every board or a group,
// with how many boards it reaches and how many of them are offline, so
// the form says what will happen before the operator acts.
type switchTarget struct {
	Group   string // slug; "" for every board
	Name    string
	Boards  int
	Offline int
}

func (s *Handler) switchTargets(ctx context.Context, sc store.Scope, views []wall.Board) ([]switchTarget, error) {
	groups, err := s.store.Groups(ctx, sc)
	if err != nil {
		return nil, err
	}
	out := []switchTarget{{Name: "mọi bảng"}}
	for _, g := range groups {
		out = append(out, switchTarget{Group: g.Slug, Name: "nhóm “" + g.Name + "”"})
	}
	for i := range out {
		for _, v := range views {
			if wall.InTarget(v, out[i].Group, 0) {
				out[i].Boards++
				if !v.Online {
					out[i].Offline++
				}
			}
		}
	}
	return out, nil
}

// SetOverride serves POST /override.
func (s *Handler) SetOverride(c echo.Context) error {
	in := staff.OverrideInput{Playlist: c.FormValue("playlist"), Group: c.FormValue("group")}
	if m := strings.TrimSpace(c.FormValue("minutes")); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil {
			return respond.BadRequest("bad_minutes", "Số phút phải là một số nguyên, từ 0 (đến khi trở về lịch) trở lên.")
		}
		in.Minutes = n
	}
	if _, err := s.desk.SetOverride(c.Request().Context(), auth.ActorOf(c), in); err != nil {
		return err
	}
	return page.Redirect(c, "/", "override_on")
}

// ClearOverride serves POST /override/clear.
func (s *Handler) ClearOverride(c echo.Context) error {
	if err := s.desk.ClearOverride(c.Request().Context(), auth.ActorOf(c), store.Lift{}); err != nil {
		return err
	}
	return page.Redirect(c, "/", "override_off")
}
