package playlists

import (
	"fmt"
	"strings"
	"time"
)

// Slot plays a playlist during a daily window, on some days of the week,
// optionally only between two dates (a phase of the campaign: before,
// during, after the congress), for all boards, one group or one board:
// e.g. "chào mừng Đại hội" 07:00–11:30 and 13:30–17:00 from 15 to 17
// December, the two sessions a day the congress plan asks for. Outside
// every slot a board plays its default playlist; where slots overlap,
// Resolve decides which one plays.
type Slot struct {
	Playlist string `json:"playlist"`
	Start    string `json:"start"` // "HH:MM"
	End      string `json:"end"`   // "HH:MM", or "24:00" for the end of the day; before Start runs past midnight
	// Overnight is the author's confirmation that an End before Start
	// means running past midnight, not a typo. Stored slots are read
	// either way; the controller refuses a new one without it.
	Overnight bool `json:"overnight,omitempty"`
	// Days are the weekdays it runs (0 Sunday … 6 Saturday); none means
	// every day. A slot past midnight belongs to the day it starts.
	Days []time.Weekday `json:"days,omitempty"`
	// From and To bound the days it runs, both included, as "YYYY-MM-DD"
	// in the manifest's zone; empty is open-ended. A slot past midnight
	// belongs to the day it starts, so its last morning falls on To+1.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Priority decides between overlapping slots: higher wins.
	Priority int `json:"priority,omitempty"`
	// Group or Board narrows the slot to a group's boards or one board;
	// neither means every board.
	Group string `json:"group,omitempty"`
	Board int64  `json:"board,omitempty"`
	// Above is set on a slot a unit made mandatory for the units below
	// it (protocol 2.5): the controller writes MaxLevels+1 minus the
	// depth of that unit (the root's is MaxLevels), so a mandatory slot
	// outranks every slot that is not, and of two mandatory slots the
	// wider unit's wins. 0 for every other slot.
	Above int `json:"above,omitempty"`
}

// MaxLevels is the depth of the deepest tree of units: the province,
// the commune, the hamlet and one more.
const MaxLevels = 4

// MaxPriority bounds a slot's priority: ten levels are more than any
// commune's plan needs, and small numbers are easy to reason about.
const MaxPriority = 9

// DateLayout is how slots write their dates.
const DateLayout = "2006-01-02"

// Validate checks a slot.
func (s Slot) Validate() error {
	if !ValidSlug(s.Playlist) {
		return fmt.Errorf("%w: mã danh sách phát “%s”", ErrInvalid, s.Playlist)
	}
	start, err := minuteOfDay(s.Start)
	if err != nil {
		return err
	}
	end, err := s.endMinute()
	if err != nil {
		return err
	}
	if start == end {
		return fmt.Errorf("%w: khung giờ %s–%s không có độ dài", ErrInvalid, s.Start, s.End)
	}
	for _, d := range s.Days {
		if d < time.Sunday || d > time.Saturday {
			return fmt.Errorf("%w: ngày trong tuần %d", ErrInvalid, d)
		}
	}
	from, to, err := s.dates()
	if err != nil {
		return err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return fmt.Errorf("%w: ngày kết thúc %s đứng trước ngày bắt đầu %s", ErrInvalid, s.To, s.From)
	}
	if s.Priority < 0 || s.Priority > MaxPriority {
		return fmt.Errorf("%w: mức ưu tiên phải từ 0 đến %d, không phải %d", ErrInvalid, MaxPriority, s.Priority)
	}
	if s.Group != "" && s.Board != 0 {
		return fmt.Errorf("%w: một khung giờ dành cho một nhóm hoặc một bảng, không cả hai", ErrInvalid)
	}
	if s.Board < 0 {
		return fmt.Errorf("%w: bảng số %d", ErrInvalid, s.Board)
	}
	if s.Above < 0 || s.Above > MaxLevels {
		return fmt.Errorf("%w: mức bắt buộc của cấp trên phải từ 0 đến %d, không phải %d", ErrInvalid, MaxLevels, s.Above)
	}
	return nil
}

// dates parses From and To as civil dates (UTC midnight); zero when
// empty.
func (s Slot) dates() (from, to time.Time, err error) {
	parse := func(v string) (time.Time, error) {
		if v == "" {
			return time.Time{}, nil
		}
		d, err := time.Parse(DateLayout, v)
		if err != nil {
			return d, fmt.Errorf("%w: ngày “%s” phải có dạng NĂM-THÁNG-NGÀY, ví dụ 2026-12-15", ErrInvalid, v)
		}
		return d, nil
	}
	if from, err = parse(s.From); err != nil {
		return
	}
	to, err = parse(s.To)
	return
}

// minutesPerDay is where "24:00" ends a slot: the whole of its last
// minute, so a phase's day can be covered from 00:00 to 24:00.
const minutesPerDay = 24 * 60

// endMinute is the slot's end as a minute of the day; "24:00" is the
// end of the day.
func (s Slot) endMinute() (int, error) {
	if s.End == "24:00" {
		return minutesPerDay, nil
	}
	return minuteOfDay(s.End)
}

// Crosses reports whether the slot's window runs past midnight.
func (s Slot) Crosses() bool {
	start, err1 := minuteOfDay(s.Start)
	end, err2 := s.endMinute()
	return err1 == nil && err2 == nil && end < start
}

// startDay returns the local day the occurrence of the slot covering lt
// started on, or ok false when its window does not cover lt's time.
func (s Slot) startDay(lt time.Time) (day time.Time, ok bool) {
	start, _ := minuteOfDay(s.Start)
	end, _ := s.endMinute()
	minute := lt.Hour()*60 + lt.Minute()
	day = time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case start < end:
		return day, minute >= start && minute < end
	case minute >= start:
		return day, true // evening part of a slot past midnight
	case minute < end:
		return day.AddDate(0, 0, -1), true // morning part: it started yesterday
	}
	return day, false
}

// activeAt reports whether the slot covers local time lt: its window,
// on one of its weekdays, within its dates, all counted from the day the
// occurrence started.
func (s Slot) activeAt(lt time.Time) bool {
	day, ok := s.startDay(lt)
	if !ok {
		return false
	}
	from, to, err := s.dates()
	if err != nil || (!from.IsZero() && day.Before(from)) || (!to.IsZero() && day.After(to)) {
		return false
	}
	if len(s.Days) == 0 {
		return true
	}
	for _, d := range s.Days {
		if d == day.Weekday() {
			return true
		}
	}
	return false
}

// Target is what a slot or an override may be aimed at: a board, known
// by its ID and the groups it belongs to.
type Target struct {
	Board  int64
	Groups []string
}

// covers reports whether something aimed at a group or a board (neither:
// every board) reaches the target.
func (t Target) covers(group string, board int64) bool {
	switch {
	case board != 0:
		return board == t.Board
	case group != "":
		for _, g := range t.Groups {
			if g == group {
				return true
			}
		}
		return false
	}
	return true
}

// AppliesTo reports whether the slot reaches the target.
func (s Slot) AppliesTo(t Target) bool { return t.covers(s.Group, s.Board) }

// Resolve returns the index of the slot that plays on the target at t
// (read in loc), or -1 when none does. playable says whether a slot's
// playlist can play at all (it exists and has items); a slot whose
// playlist cannot is passed over, so the next one down plays instead of
// a blank board.
//
// Where several slots cover t, the winner is, in order:
//  0. the highest Above (a slot made mandatory by a unit above);
//  1. the highest Priority;
//  2. the narrowest date range (a phase of three days beats one of a
//     month, a closed range beats one open at an end, and any range
//     beats none);
//  3. the narrowest target (one board, then a group, then all boards);
//  4. the first in the list.
//
// This is the one rule: the player applies it offline and the
// controller's calendar applies it to show the plan.
func Resolve(slots []Slot, target Target, t time.Time, loc *time.Location, playable func(slug string) bool) int {
	lt := t.In(loc)
	best := -1
	for i, s := range slots {
		if s.Validate() != nil || !s.AppliesTo(target) || !s.activeAt(lt) || (playable != nil && !playable(s.Playlist)) {
			continue
		}
		if best < 0 || outranks(s, slots[best]) {
			best = i
		}
	}
	return best
}

// outranks reports whether a beats b by the rule of Resolve (steps 1–3;
// a tie leaves the earlier slot).
func outranks(a, b Slot) bool {
	if a.Above != b.Above {
		return a.Above > b.Above
	}
	if a.Priority != b.Priority {
		return a.Priority > b.Priority
	}
	if da, db := a.rangeDays(), b.rangeDays(); da != db {
		return da < db
	}
	return a.reach() < b.reach()
}

// Widths given to date ranges that are not closed: a range open at one
// end ("from 18/12", the phase after the congress) is wider than any
// closed one but narrower than none, so a new phase beats the standing
// plan.
const (
	halfOpenRange = 1 << 29
	openRange     = 1 << 30
)

// rangeDays is how many days the slot's date range spans.
func (s Slot) rangeDays() int {
	from, to, err := s.dates()
	switch {
	case err != nil || (from.IsZero() && to.IsZero()):
		return openRange
	case from.IsZero() || to.IsZero():
		return halfOpenRange
	}
	return int(to.Sub(from).Hours()/24) + 1
}

// reach ranks how many boards a slot is aimed at: one, a group, all.
func (s Slot) reach() int {
	switch {
	case s.Board != 0:
		return 0
	case s.Group != "":
		return 1
	}
	return 2
}

// scheduled returns the slot's playlist in force at t, or "".
func (m *Manifest) scheduled(t time.Time) string {
	i := m.slotAt(t)
	if i < 0 {
		return ""
	}
	return m.Schedule[i].Playlist
}

// slotAt returns the index of the slot in force at t, or -1. Playable
// means playable that day: a playlist of countdowns past their pictures
// gives way to the next slot down.
func (m *Manifest) slotAt(t time.Time) int {
	return Resolve(m.Schedule, m.Board.Target(), t, m.location(), func(slug string) bool {
		p := m.onDay(m.Playlist(slug), t)
		return p != nil && len(p.Items) > 0
	})
}

var weekdayNames = [...]string{"CN", "T2", "T3", "T4", "T5", "T6", "T7"}

// DayNames writes weekdays as Vietnamese calendars do (T2 … T7, CN), or
// "mọi ngày" for none or all seven.
func DayNames(days []time.Weekday) string {
	seen := map[time.Weekday]bool{}
	for _, d := range days {
		seen[d] = true
	}
	if len(seen) == 0 || len(seen) == 7 {
		return "mọi ngày"
	}
	var names []string
	for _, d := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		if seen[d] {
			names = append(names, weekdayNames[d])
		}
	}
	return strings.Join(names, ", ")
}
