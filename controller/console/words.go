package console

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"codong/assets"
	"codong/playlists"
)

// docDate writes a date as Vietnamese administrative documents do:
// days below 10 and the months January and February with a leading 0
// (Nghị định 30/2020/NĐ-CP), so nobody can add a digit by hand.
func docDate(t time.Time) string {
	month := fmt.Sprint(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// headLine is a letterhead field as printed: in capitals where the
// header wants them, or a dotted blank to fill in by hand.
func headLine(s string, upper bool) string {
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

// PreviewQuery is the query of a slogan's preview on boards of size at
// the default speed of their height.
func PreviewQuery(text, style string, size assets.Size) url.Values {
	return url.Values{"text": {text}, "style": {style}, "size": {size.String()},
		"scroll_speed": {strconv.Itoa(playlists.ScrollSpeed(0, size.H))}}
}
