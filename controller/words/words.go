// Package words writes what the pages and printed documents show in the
// ways Vietnamese readers expect: dates as calendars and administrative
// documents write them, date ranges of a campaign's phases, letterhead
// lines, a style's name.
package words

import (
	"fmt"
	"strings"
	"time"

	"codong/assets"
	"codong/playlists"
)

// DocDate writes a date as Vietnamese administrative documents do:
// days below 10 and the months January and February with a leading 0
// (Nghị định 30/2020/NĐ-CP), so nobody can add a digit by hand.
func DocDate(t time.Time) string {
	month := fmt.Sprint(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// HeadLine is a letterhead field as printed: in capitals where the
// header wants them, or a dotted blank to fill in by hand.
func HeadLine(s string, upper bool) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "……………………………"
	}
	if upper {
		return strings.ToUpper(s)
	}
	return s
}

// StyleLabel is a style as people know it: its title, or its name.
func StyleLabel(name string) string {
	if st, err := assets.LookupStyle(name); err == nil && st.Title != "" {
		return st.Title
	}
	return name
}

// PhaseText writes a slot's date range as Vietnamese calendars do.
func PhaseText(from, to string) string {
	switch {
	case from == "" && to == "":
		return "mọi ngày"
	case to == "":
		return "từ " + DateVN(from)
	case from == "":
		return "đến hết " + DateVN(to)
	case from == to:
		return "ngày " + DateVN(from)
	}
	return DateVN(from) + " – " + DateVN(to)
}

// DateVN writes YYYY-MM-DD as DD/MM/YYYY.
func DateVN(d string) string {
	t, err := time.Parse(playlists.DateLayout, d)
	if err != nil {
		return d
	}
	return t.Format("02/01/2006")
}

var weekdayLong = [...]string{"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"}

// WeekdayOf names the weekday of YYYY-MM-DD.
func WeekdayOf(d string) string {
	t, err := time.Parse(playlists.DateLayout, d)
	if err != nil {
		return ""
	}
	return weekdayLong[t.Weekday()]
}
