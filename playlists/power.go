package playlists

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PowerWindow sets a board's brightness during a daily window in the
// manifest's time zone: 0% is off (black), e.g. 22:00–05:00 at 0% and
// 18:00–22:00 at 60% for a LED board beside houses. A window whose end
// is before its start runs past midnight.
type PowerWindow struct {
	Start      string `json:"start"` // "HH:MM"
	End        string `json:"end"`   // "HH:MM"
	Brightness int    `json:"brightness"`
}

// FullBrightness is the brightness outside every window.
const FullBrightness = 100

func minuteOfDay(hhmm string) (int, error) {
	h, m, ok := strings.Cut(hhmm, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return 0, fmt.Errorf("%w: giờ “%s” phải có dạng GG:PP, ví dụ 22:00", ErrInvalid, hhmm)
	}
	return hh*60 + mm, nil
}

// Validate checks a window.
func (w PowerWindow) Validate() error {
	a, err := minuteOfDay(w.Start)
	if err != nil {
		return err
	}
	b, err := minuteOfDay(w.End)
	if err != nil {
		return err
	}
	if a == b {
		return fmt.Errorf("%w: khung giờ %s–%s không có độ dài", ErrInvalid, w.Start, w.End)
	}
	if w.Brightness < 0 || w.Brightness > 100 {
		return fmt.Errorf("%w: độ sáng phải từ 0%% đến 100%%, không phải %d%%", ErrInvalid, w.Brightness)
	}
	return nil
}

func (w PowerWindow) contains(minute int) bool {
	a, _ := minuteOfDay(w.Start)
	b, _ := minuteOfDay(w.End)
	if a < b {
		return minute >= a && minute < b
	}
	return minute >= a || minute < b
}

// ParsePower reads windows as people type them on the Boards page:
// "22:00-05:00 0%, 18:00-22:00 60%". Empty text means no windows.
func ParsePower(s string) ([]PowerWindow, error) {
	var out []PowerWindow
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		span, pct, ok := strings.Cut(part, " ")
		start, end, ok2 := strings.Cut(span, "-")
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(pct), "%"))
		if !ok || !ok2 || err != nil {
			return nil, fmt.Errorf("%w: “%s” phải có dạng 22:00-05:00 0%%", ErrInvalid, part)
		}
		w := PowerWindow{Start: strings.TrimSpace(start), End: strings.TrimSpace(end), Brightness: n}
		if err := w.Validate(); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// FormatPower writes windows the way ParsePower reads them.
func FormatPower(ws []PowerWindow) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = fmt.Sprintf("%s-%s %d%%", w.Start, w.End, w.Brightness)
	}
	return strings.Join(parts, ", ")
}

// location is the manifest's time zone, the controller's by default.
func (m *Manifest) location() *time.Location { return Location(m.TimeZone) }

// Location is the zone a manifest's daily windows and countdown days are
// read in, by its name: the controller cuts countdown days with the same
// function the player reads them with.
func Location(name string) *time.Location {
	if name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.FixedZone("ICT", 7*3600) // Asia/Ho_Chi_Minh has no DST
}

// Brightness is the board's brightness in percent at t: the first window
// that contains t, or full.
func (m *Manifest) Brightness(t time.Time) int {
	lt := t.In(m.location())
	minute := lt.Hour()*60 + lt.Minute()
	for _, w := range m.Board.Power {
		if w.Validate() == nil && w.contains(minute) {
			return w.Brightness
		}
	}
	return FullBrightness
}

// nextPowerCheck is the start of the next minute after t, when a power
// window or a schedule slot may begin or end.
func nextPowerCheck(m *Manifest, t time.Time) time.Time {
	if len(m.Board.Power) == 0 && len(m.Schedule) == 0 {
		return time.Time{}
	}
	return t.Truncate(time.Minute).Add(time.Minute)
}
