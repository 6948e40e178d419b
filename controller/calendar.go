package controller

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
	"codong/controller/store"
	"codong/playlists"
)

// Calendar bounds: two weeks is what the issue of a campaign plan needs
// checked ahead; a month is the most a page or a script may ask for.
const (
	calendarDays    = 14
	maxCalendarDays = 31
	// calendarColors is the size of the stylesheet's palette for
	// playlists on the calendar's bars (.c0 … .c7).
	calendarColors = 8
)

// calendarDay is one day of a board's (or a group's) calendar.
type calendarDay struct {
	Date  string         `json:"date"` // YYYY-MM-DD in the controller's zone
	Spans []calendarSpan `json:"spans"`
}

// calendarSpan is a stretch of one day during which one playlist plays.
type calendarSpan struct {
	Start    string `json:"start"` // HH:MM
	End      string `json:"end"`   // HH:MM; 24:00 at the day's end
	Playlist string `json:"playlist"`
	Name     string `json:"name"`
	From     string `json:"from"`           // override, slot, default or "" (nothing to play)
	Slot     int64  `json:"slot,omitempty"` // the slot's ID when From is slot
	// Minute and Minutes place the span on the day's bar; Color tells
	// playlists apart on it.
	Minute, Minutes, Color int `json:"-"`
}

// calendarQuery is what a calendar is asked for.
type calendarQuery struct {
	Target string // "", "group:SLUG" or "board:ID"
	From   time.Time
	Days   int
	Draft  bool // the newest drafts rather than what is approved
}

// calendarParams are the query parameters a calendar takes; any other
// is refused, so a misspelt one never silently shows another calendar.
var calendarParams = map[string]bool{"target": true, "from": true, "days": true, "draft": true}

func (s *Server) parseCalendarQuery(c echo.Context) (calendarQuery, error) {
	for name := range c.QueryParams() {
		if !calendarParams[name] {
			return calendarQuery{}, respond.BadRequest("unknown_param", fmt.Sprintf("Lịch không có tham số “%s”; chỉ có target, from, days, draft.", name))
		}
	}
	q := calendarQuery{Target: c.QueryParam("target"), Days: calendarDays, Draft: c.QueryParam("draft") == "1"}
	now := s.cfg.Now().In(s.cfg.Location)
	q.From = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.cfg.Location)
	if v := c.QueryParam("from"); v != "" {
		d, err := time.ParseInLocation(playlists.DateLayout, v, s.cfg.Location)
		if err != nil {
			return q, respond.BadRequest("bad_date", fmt.Sprintf("Ngày “%s” phải có dạng NĂM-THÁNG-NGÀY, ví dụ 2026-12-15.", v))
		}
		q.From = d
	}
	if v := c.QueryParam("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxCalendarDays {
			return q, respond.BadRequest("bad_days", fmt.Sprintf("Số ngày phải từ 1 đến %d.", maxCalendarDays))
		}
		q.Days = n
	}
	return q, nil
}

// calendar tells what plays, day by day, on the target: the player's own
// rules (playlists.Manifest.Plan) applied to what is approved, or to the
// newest drafts, so an officer checks the plan before the congress.
func (s *Server) calendar(ctx context.Context, q calendarQuery) ([]calendarDay, error) {
	group, board, err := parseTarget(q.Target)
	if err != nil {
		return nil, err
	}
	m := &playlists.Manifest{Content: playlists.Content{TimeZone: s.cfg.Location.String(), Default: playlists.DefaultSlug}}
	switch {
	case board != 0:
		b, err := s.store.Board(ctx, board)
		if err != nil {
			return nil, err
		}
		m.Board = playlists.Board{ID: b.ID, Groups: b.Groups}
	case group != "":
		if _, err := s.store.Group(ctx, group); err != nil {
			return nil, err
		}
		m.Board = playlists.Board{Groups: []string{group}}
	}
	var pls []store.Playlist
	var slots []store.ScheduleSlot
	if q.Draft {
		if pls, err = s.store.Playlists(ctx); err != nil {
			return nil, err
		}
		if slots, err = s.store.Schedule(ctx); err != nil {
			return nil, err
		}
	} else {
		d, err := s.store.Desired(ctx, false)
		if err != nil {
			return nil, err
		}
		pls, slots = d.Playlists, d.Schedule
	}
	if m.Override, err = s.store.Override(ctx); err != nil {
		return nil, err
	}
	names := make(map[string]string)
	colors := make(map[string]int)
	for i, p := range pls {
		names[p.Slug], colors[p.Slug] = p.Name, i%calendarColors
		pl := playlists.Playlist{Slug: p.Slug, Name: p.Name}
		for _, it := range p.Items {
			pl.Items = append(pl.Items, playlists.Item{ID: it.ID, Seconds: it.Seconds})
		}
		m.Playlists = append(m.Playlists, pl)
	}
	for _, sl := range slots {
		m.Schedule = append(m.Schedule, sl.Slot)
	}
	loc := s.cfg.Location
	var out []calendarDay
	for i := range q.Days {
		day := q.From.AddDate(0, 0, i)
		next := day.AddDate(0, 0, 1)
		cd := calendarDay{Date: day.Format(playlists.DateLayout), Spans: []calendarSpan{}}
		for _, sp := range m.Plan(day, next) {
			cs := calendarSpan{Start: sp.Start.In(loc).Format("15:04"), End: sp.End.In(loc).Format("15:04"),
				Playlist: sp.Playlist, Name: names[sp.Playlist], From: sp.From, Color: colors[sp.Playlist],
				Minute: int(sp.Start.Sub(day).Minutes()), Minutes: int(sp.End.Sub(sp.Start).Minutes())}
			if sp.End.Equal(next) {
				cs.End = "24:00"
			}
			if sp.From == playlists.FromSlot {
				cs.Slot = slots[sp.Slot].ID
			}
			cd.Spans = append(cd.Spans, cs)
		}
		out = append(out, cd)
	}
	return out, nil
}

// calendarFor answers a request for a calendar: what was asked, and the
// days.
func (s *Server) calendarFor(c echo.Context) (calendarQuery, []calendarDay, error) {
	q, err := s.parseCalendarQuery(c)
	if err != nil {
		return q, nil, err
	}
	days, err := s.calendar(c.Request().Context(), q)
	return q, days, err
}

// apiCalendar serves GET /api/v1/calendar?target=group:SLUG|board:ID
// [&from=YYYY-MM-DD][&days=14][&draft=1].
func (s *Server) apiCalendar(c echo.Context) error {
	q, days, err := s.calendarFor(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"target": q.Target, "draft": q.Draft, "days": days})
}

func (s *Server) showCalendar(c echo.Context) error {
	q, days, err := s.calendarFor(c)
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
	return s.render(c, http.StatusOK, "calendar", map[string]any{"Days": days, "Query": q, "Groups": gs, "Boards": bs,
		"Where": where, "Hours": []int{0, 3, 6, 9, 12, 15, 18, 21}, "Legend": legend(days)})
}

// targetTextOf names a form's target for people.
func (s *Server) targetTextOf(ctx context.Context, target string) (string, error) {
	group, board, err := parseTarget(target)
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
func legend(days []calendarDay) []legendEntry {
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
