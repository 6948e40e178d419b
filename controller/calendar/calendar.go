// Package calendar tells what plays, day by day, on a board or a group,
// for both the API and the pages: the player's own rules applied to what
// is approved or drafted.
package calendar

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/playlists"
)

// Planner draws calendars from the store.
type Planner struct {
	store    *store.Store
	now      func() time.Time
	location *time.Location
}

// New returns a Planner over st, its days in loc.
func New(st *store.Store, now func() time.Time, loc *time.Location) *Planner {
	return &Planner{store: st, now: now, location: loc}
}

// Calendar bounds: two weeks is what the issue of a campaign plan needs
// checked ahead; a month is the most a page or a script may ask for.
const (
	defaultDays = 14
	maxDays     = 31
	// colors is the size of the stylesheet's palette for
	// playlists on the calendar's bars (.c0 … .c7).
	colors = 8
)

// Day is one day of a board's (or a group's) calendar.
type Day struct {
	Date  string `json:"date"` // YYYY-MM-DD in the controller's zone
	Spans []Span `json:"spans"`
}

// Span is a stretch of one day during which one playlist plays.
type Span struct {
	Start    string `json:"start"` // HH:MM
	End      string `json:"end"`   // HH:MM; 24:00 at the day's end
	Playlist string `json:"playlist"`
	Name     string `json:"name"`
	From     string `json:"from"`           // override, slot, default or "" (nothing to play)
	Slot     int64  `json:"slot,omitempty"` // the slot's ID when From is slot
	// Phase is the slot's phase ("Trong Đại hội"), when it has one.
	Phase string `json:"phase,omitempty"`
	// Unit is the slug of the unit whose slot it is; Above, that it is
	// a unit's above the target's ("cấp trên" on the calendar).
	Unit  string `json:"unit,omitempty"`
	Above bool   `json:"above,omitempty"`
	// Minute and Minutes place the span on the day's bar; Color tells
	// playlists apart on it.
	Minute, Minutes, Color int `json:"-"`
}

// Query is what a calendar is asked for.
type Query struct {
	Target string // "", "group:SLUG" or "board:ID"
	From   time.Time
	Days   int
	Draft  bool // the newest drafts rather than what is approved
	// Scope is what the asker sees: a board or group outside it is
	// as unknown as one that does not exist.
	Scope store.Scope
	// Unit is the asker's unit: the switches of every board of it
	// reach a calendar of "every board".
	Unit int64
}

// params are the query parameters a calendar takes; any other
// is refused, so a misspelt one never silently shows another calendar.
var params = map[string]bool{"target": true, "from": true, "days": true, "draft": true}

// ParseQuery reads what a calendar is asked for; a parameter it does
// not take is refused.
func (p *Planner) ParseQuery(c echo.Context) (Query, error) {
	for name := range c.QueryParams() {
		if !params[name] {
			return Query{}, respond.BadRequest("unknown_param", fmt.Sprintf("Lịch không có tham số “%s”; chỉ có target, from, days, draft.", name))
		}
	}
	q := Query{Target: c.QueryParam("target"), Days: defaultDays, Draft: c.QueryParam("draft") == "1", Scope: auth.Scope(c), Unit: auth.ActorOf(c).Unit}
	now := p.now().In(p.location)
	q.From = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, p.location)
	if v := c.QueryParam("from"); v != "" {
		d, err := time.ParseInLocation(playlists.DateLayout, v, p.location)
		if err != nil {
			return q, respond.BadRequest("bad_date", fmt.Sprintf("Ngày “%s” phải có dạng NĂM-THÁNG-NGÀY, ví dụ 2026-12-15.", v))
		}
		q.From = d
	}
	if v := c.QueryParam("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxDays {
			return q, respond.BadRequest("bad_days", fmt.Sprintf("Số ngày phải từ 1 đến %d.", maxDays))
		}
		q.Days = n
	}
	return q, nil
}

// Days tells what plays, day by day, on the target: the player's own
// rules (playlists.Manifest.Plan) applied to what is approved, or to the
// newest drafts, so an officer checks the plan before the congress.
func (p *Planner) Days(ctx context.Context, q Query) ([]Day, error) {
	group, board, err := ParseTarget(q.Target)
	if err != nil {
		return nil, err
	}
	m := &playlists.Manifest{Content: playlists.Content{TimeZone: p.location.String(), Default: playlists.DefaultSlug}}
	unit := q.Unit
	if unit == 0 {
		unit = store.RootUnit
	}
	switch {
	case board != 0:
		b, err := p.store.Board(ctx, q.Scope, board)
		if err != nil {
			return nil, err
		}
		m.Board, unit = playlists.Board{ID: b.ID, Groups: b.Groups}, b.UnitID
	case group != "":
		g, err := p.store.Group(ctx, q.Scope, group)
		if err != nil {
			return nil, err
		}
		m.Board, unit = playlists.Board{Groups: []string{group}}, g.UnitID
	}
	// The playlists are only looked up by the slots, the switch and the
	// default that reach the target: every one is read.
	var pls []store.Playlist
	d, err := p.store.Desired(ctx, false)
	if err != nil {
		return nil, err
	}
	all := d.Schedule
	if q.Draft {
		if pls, err = p.store.Playlists(ctx, store.Everything); err != nil {
			return nil, err
		}
		// The target's own unit's newest draft, with what the units
		// above it approved.
		own, err := p.store.Schedule(ctx, store.Everything, unit)
		if err != nil {
			return nil, err
		}
		all = slices.DeleteFunc(slices.Clone(all), func(sl store.ScheduleSlot) bool { return sl.UnitID == unit })
		for _, sl := range own {
			sl.UnitID = unit
			all = append(all, sl)
		}
	} else {
		pls = d.Playlists
	}
	// The switch the target plays now, as its boards are given it.
	sws, err := p.store.Switches(ctx, store.Everything)
	if err != nil {
		return nil, err
	}
	tree, err := p.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	if sw := store.Winner(sws, tree, unit, m.Board.Target(), p.now()); sw != nil {
		o := sw.Override
		m.Override = &o
	}
	names := make(map[string]string)
	colorOf := make(map[string]int)
	for i, stored := range pls {
		names[stored.Slug], colorOf[stored.Slug] = stored.Name, i%colors
		pl := playlists.Playlist{Slug: stored.Slug, Name: stored.Name}
		for _, it := range stored.Items {
			pl.Items = append(pl.Items, playlists.Item{ID: it.ID, Seconds: it.Seconds})
		}
		m.Playlists = append(m.Playlists, pl)
	}
	slots := store.BoardSlots(all, tree, unit, m.Board.Target())
	for _, sl := range slots {
		m.Schedule = append(m.Schedule, sl.Slot)
	}
	loc := p.location
	var out []Day
	for i := range q.Days {
		day := q.From.AddDate(0, 0, i)
		next := day.AddDate(0, 0, 1)
		cd := Day{Date: day.Format(playlists.DateLayout), Spans: []Span{}}
		for _, sp := range m.Plan(day, next) {
			cs := Span{Start: sp.Start.In(loc).Format("15:04"), End: sp.End.In(loc).Format("15:04"),
				Playlist: sp.Playlist, Name: names[sp.Playlist], From: sp.From, Color: colorOf[sp.Playlist],
				Minute: int(sp.Start.Sub(day).Minutes()), Minutes: int(sp.End.Sub(sp.Start).Minutes())}
			if sp.End.Equal(next) {
				cs.End = "24:00"
			}
			if sp.From == playlists.FromSlot {
				sl := slots[sp.Slot]
				cs.Slot, cs.Phase = sl.ID, sl.Phase
				if owner, ok := tree.ByID(sl.UnitID); ok {
					cs.Unit = owner.Slug
				}
				cs.Above = sl.UnitID != unit
			}
			cd.Spans = append(cd.Spans, cs)
		}
		out = append(out, cd)
	}
	return out, nil
}

// For answers a request for a calendar: what was asked, and the
// days.
func (p *Planner) For(c echo.Context) (Query, []Day, error) {
	q, err := p.ParseQuery(c)
	if err != nil {
		return q, nil, err
	}
	days, err := p.Days(c.Request().Context(), q)
	return q, days, err
}

// ParseTarget reads a form's target: "group:SLUG", "board:ID", or empty
// for every board.
func ParseTarget(v string) (group string, board int64, err error) {
	kind, val, _ := strings.Cut(v, ":")
	switch kind {
	case "":
		return "", 0, nil
	case "group":
		return val, 0, nil
	case "board":
		id, err := strconv.ParseInt(val, 10, 64)
		if err == nil && id > 0 {
			return "", id, nil
		}
	}
	return "", 0, respond.BadRequest("bad_target", "Nơi phát không hợp lệ: hãy chọn mọi bảng, một nhóm hoặc một bảng.")
}
