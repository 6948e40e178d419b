package playlists

import (
	"slices"
	"time"
)

// Why a span plays what it plays.
const (
	FromOverride = "override" // a switch (phát đặc biệt) in force
	FromSlot     = "slot"     // a slot of the schedule
	FromDefault  = "default"  // nothing else: the default playlist
	FromNothing  = ""         // nothing to play at all
)

// Span is a stretch of time during which a board plays one playlist.
type Span struct {
	Start, End time.Time
	Playlist   string // slug; "" when there is nothing to play
	From       string // FromOverride, FromSlot, FromDefault or FromNothing
	Slot       int    // index into Schedule when From is FromSlot
}

// Plan tells what the manifest's board plays between from and to, as
// spans in order, by the same rules the player follows (Active): so an
// officer checks the campaign's phases against exactly what boards will
// do.
func (m *Manifest) Plan(from, to time.Time) []Span {
	var out []Span
	points := m.changePoints(from, to)
	for i, t := range points {
		end := to
		if i+1 < len(points) {
			end = points[i+1]
		}
		sp := m.spanAt(t)
		sp.Start, sp.End = t, end
		if n := len(out); n > 0 && out[n-1].Playlist == sp.Playlist && out[n-1].From == sp.From && out[n-1].Slot == sp.Slot {
			out[n-1].End = end
			continue
		}
		out = append(out, sp)
	}
	return out
}

// spanAt says what plays at t and why.
func (m *Manifest) spanAt(t time.Time) Span {
	p := m.Active(t)
	if p == nil {
		return Span{From: FromNothing, Slot: -1}
	}
	if m.Override.ActiveAt(t) && m.Override.AppliesTo(m.Board.Target()) && p.Slug == m.Override.Playlist {
		return Span{Playlist: p.Slug, From: FromOverride, Slot: -1}
	}
	if i := m.slotAt(t); i >= 0 {
		return Span{Playlist: p.Slug, From: FromSlot, Slot: i}
	}
	return Span{Playlist: p.Slug, From: FromDefault, Slot: -1}
}

// changePoints lists, in order, from and every moment in [from, to) at
// which what plays may change: each slot's start and end on each day,
// each midnight (a date range or a weekday begins), the override's ends.
func (m *Manifest) changePoints(from, to time.Time) []time.Time {
	loc := m.location()
	points := []time.Time{from}
	add := func(t time.Time) {
		if t.After(from) && t.Before(to) {
			points = append(points, t)
		}
	}
	lf := from.In(loc)
	for day := time.Date(lf.Year(), lf.Month(), lf.Day(), 0, 0, 0, 0, loc); day.Before(to); day = day.AddDate(0, 0, 1) {
		add(day)
		for _, s := range m.Schedule {
			if start, err := minuteOfDay(s.Start); err == nil {
				add(time.Date(day.Year(), day.Month(), day.Day(), 0, start, 0, 0, loc))
			}
			if end, err := s.endMinute(); err == nil {
				add(time.Date(day.Year(), day.Month(), day.Day(), 0, end, 0, 0, loc))
			}
		}
	}
	if m.Override != nil {
		add(m.Override.Since)
		add(m.Override.Until)
	}
	slices.SortFunc(points, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(points, func(a, b time.Time) bool { return a.Equal(b) })
}
