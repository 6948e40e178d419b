package report

import (
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/store"
	"codong/controller/wall"
)

// Page reads the period and group of a report page's request and sums
// the plays, for the page and its print view alike: the data their
// templates show.
func Page(c echo.Context, st *store.Store, wl *wall.Wall, now time.Time, loc *time.Location) (map[string]any, error) {
	q, err := ParseQuery(c, st, now, loc)
	if err != nil {
		return nil, err
	}
	r, err := st.Report(c.Request().Context(), q.Filter())
	if err != nil {
		return nil, err
	}
	views, err := wl.Boards(c.Request().Context(), q.Scope)
	if err != nil {
		return nil, err
	}
	online := make(map[int64]bool, len(views))
	for _, v := range views {
		online[v.ID] = v.Connected
	}
	units, total := RollUp(q, r, func(id int64) bool { return online[id] })
	// With units under it, the page lists by board only the unit's own
	// boards: those of the units under it are a line each above, and a
	// click away (a province's page would otherwise carry ten thousand
	// rows). The spreadsheet keeps every board.
	ownBoards := r.Boards
	if units != nil {
		ownBoards = nil
		for _, b := range r.Boards {
			if b.UnitID == q.Unit.ID {
				ownBoards = append(ownBoards, b)
			}
		}
	}
	// Links keep the period and group the person chose, written out so
	// the default period becomes the dates it stood for.
	v := url.Values{"from": {q.From.Format(time.DateOnly)}, "to": {q.To.Format(time.DateOnly)}}
	if q.Group != "" {
		v.Set("group", q.Group)
	}
	if q.Board != 0 {
		v.Set("board", strconv.FormatInt(q.Board, 10))
	}
	// A unit's report says whose it is; the root's, with no unit
	// named, keeps the links it always had.
	if q.Unit.ID != store.RootUnit || c.QueryParam("unit") != "" {
		v.Set("unit", q.Unit.Slug)
	}
	// Drill-down: the same period and filters, one unit further down.
	drill := func(slug string) string {
		d := url.Values{"from": v["from"], "to": v["to"], "unit": {slug}}
		return "/report?" + d.Encode()
	}
	var reachable []store.Unit
	for _, u := range q.Tree.All() {
		if q.Tree.Within(u.ID, auth.Who(c).OwnUnit()) {
			reachable = append(reachable, u)
		}
	}
	csv := func(table string) string {
		return "/api/v1/report?" + v.Encode() + "&format=csv&table=" + table + "&sep=semicolon"
	}
	return map[string]any{
		"Report": r, "From": q.From, "To": q.To, "Group": q.Group, "GroupName": q.GroupName, "Groups": q.Groups, "Boards": q.Boards, "BoardName": q.BoardName,
		"Query": url.Values{"from": v["from"], "to": v["to"], "group": {q.Group}, "board": v["board"], "unit": {q.Unit.Slug}},
		"Print": "/report/print?" + v.Encode(), "Back": "/report?" + v.Encode(),
		"ItemsCSV": csv("items"), "BoardsCSV": csv("boards"), "RowsCSV": csv("rows"), "UnitsCSV": csv("units"),
		"Unit": q.Unit, "UnitNamed": q.Unit.ID != store.RootUnit, "Units": units, "OwnBoards": ownBoards, "Total": total, "Drill": drill, "UnitChoices": reachable,
	}, nil
}
