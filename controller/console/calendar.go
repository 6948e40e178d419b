package console

import (
	"context"
	"net/http"

	"codong/controller/auth"
	"codong/controller/calendar"
	"codong/controller/store"

	"github.com/labstack/echo/v4"
)

// ShowCalendar serves GET /schedule/calendar. Opened without choosing,
// it shows an editor or an approver the drafts when there are any: what
// they are working on or must judge, marked as not yet approved.
func (s *Handler) ShowCalendar(c echo.Context) error {
	if !c.QueryParams().Has("draft") {
		roles := auth.ActorOf(c).Roles
		if roles.Has(store.RoleEditor) || roles.Has(store.RoleApprover) {
			waiting, err := s.store.Versions(c.Request().Context(), auth.Scope(c), store.VersionFilter{State: store.StatePending, Limit: 1})
			if err != nil {
				return err
			}
			if len(waiting) > 0 {
				q := c.QueryParams()
				q.Set("draft", "1")
				return c.Redirect(http.StatusSeeOther, "/schedule/calendar?"+q.Encode())
			}
		}
	}
	q, days, err := s.calendar.For(c)
	if err != nil {
		return err
	}
	gs, bs, err := s.groupsAndBoards(c)
	if err != nil {
		return err
	}
	where, err := s.targetTextOf(c.Request().Context(), q.Target)
	if err != nil {
		return err
	}
	return s.view.Render(c, http.StatusOK, "calendar", map[string]any{"Days": days, "Query": q, "Groups": gs, "Boards": bs,
		"Where": where, "Hours": []int{0, 3, 6, 9, 12, 15, 18, 21}, "Legend": legend(days)})
}

// targetTextOf names a form's target for people.
func (s *Handler) targetTextOf(ctx context.Context, target string) (string, error) {
	group, board, err := calendar.ParseTarget(target)
	if err != nil {
		return "", err
	}
	return s.wall.TargetText(ctx, group, board)
}

// legendEntry is one playlist on the calendar, with its colour.
type legendEntry struct {
	Name  string
	Color int
}

// legend lists the playlists the calendar shows, once each.
func legend(days []calendar.Day) []legendEntry {
	var out []legendEntry
	seen := make(map[string]bool)
	for _, d := range days {
		for _, sp := range d.Spans {
			if sp.Playlist != "" && !seen[sp.Playlist] {
				seen[sp.Playlist] = true
				out = append(out, legendEntry{sp.Name, sp.Color})
			}
		}
	}
	return out
}
