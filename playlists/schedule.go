package playlists

import (
	"fmt"
	"strings"
	"time"
)

// Slot plays a playlist during a daily window, on some days of the week,
// for one group of boards or all: e.g. "chào mừng Đại hội" 06:00–08:00 and
// 17:00–19:00 every day, the two propaganda sessions a day the congress
// plan asks for. Outside every slot a board plays its default playlist.
type Slot struct {
	Playlist string `json:"playlist"`
	Start    string `json:"start"` // "HH:MM"
	End      string `json:"end"`   // "HH:MM"; before Start runs past midnight
	// Days are the weekdays it runs (0 Sunday … 6 Saturday); none means
	// every day. A slot past midnight belongs to the day it starts.
	Days  []time.Weekday `json:"days,omitempty"`
	Group string         `json:"group,omitempty"`
}

// Validate checks a slot.
func (s Slot) Validate() error {
	if !ValidSlug(s.Playlist) {
		return fmt.Errorf("%w: mã danh sách phát “%s”", ErrInvalid, s.Playlist)
	}
	w := PowerWindow{Start: s.Start, End: s.End}
	if err := w.Validate(); err != nil {
		return err
	}
	for _, d := range s.Days {
		if d < time.Sunday || d > time.Saturday {
			return fmt.Errorf("%w: ngày trong tuần %d", ErrInvalid, d)
		}
	}
	return nil
}

// activeAt reports whether the slot covers local time lt.
func (s Slot) activeAt(lt time.Time) bool {
	start, _ := minuteOfDay(s.Start)
	end, _ := minuteOfDay(s.End)
	minute := lt.Hour()*60 + lt.Minute()
	day := lt.Weekday()
	switch {
	case start < end:
		if minute < start || minute >= end {
			return false
		}
	case minute >= start:
		// Evening part of a slot past midnight: today's slot.
	case minute < end:
		day = (day + 6) % 7 // morning part: the slot started yesterday
	default:
		return false
	}
	if len(s.Days) == 0 {
		return true
	}
	for _, d := range s.Days {
		if d == day {
			return true
		}
	}
	return false
}

// scheduled returns the slot's playlist in force at t (as it plays that
// day), or nil.
func (m *Manifest) scheduled(t time.Time) *Playlist {
	lt := t.In(m.location())
	for _, s := range m.Schedule {
		if (s.Group == "" || s.Group == m.Board.Group) && s.Validate() == nil && s.activeAt(lt) {
			if p := m.onDay(m.Playlist(s.Playlist), t); p != nil && len(p.Items) > 0 {
				return p
			}
		}
	}
	return nil
}

var weekdayNames = [...]string{"CN", "T2", "T3", "T4", "T5", "T6", "T7"}

// DayNames writes weekdays as Vietnamese calendars do (T2 … T7, CN), or
// "mọi ngày" for none.
func DayNames(days []time.Weekday) string {
	if len(days) == 0 {
		return "mọi ngày"
	}
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = weekdayNames[d%7]
	}
	return strings.Join(names, ", ")
}
