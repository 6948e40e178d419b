package playlists

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A countdown item ("Còn 12 ngày đến Đại hội …") changes its picture at
// every local midnight, with or without a link to the controller: the
// controller renders one picture per day ahead and the manifest says
// which is for which date, so a board that went offline still shows the
// right number. The text holds CountdownPlaceholder where the number
// goes; on and after the day itself the board shows the After message.
const (
	// CountdownPlaceholder marks where the number of days goes.
	CountdownPlaceholder = "{N}"
	// CountdownWindow is how many days of pictures, from the day of
	// publication, a manifest carries: enough for a board cut off for
	// six weeks to keep counting; the controller republishes every
	// midnight so the window slides. Beyond it a board shows no number
	// at all rather than a wrong one.
	CountdownWindow = 45
)

// Countdown is the counting of one slogan towards its Date (written as
// DateLayout, a local calendar day in the manifest's time zone), at one
// board size. Items of the slogan's playlists set Item.Countdown and
// show these pictures instead of their Asset: one copy per slogan, not
// per item, keeps manifests small however many playlists carry it.
type Countdown struct {
	Slogan int64 `json:"slogan"`
	// Date is the congress day; from it on, After shows.
	Date string `json:"date"`
	// Text is the slogan with CountdownPlaceholder; After is the message
	// of the day and every day after it. Both name what the board shows
	// in its status.
	Text       string `json:"text"`
	After      string `json:"after"`
	AfterAsset string `json:"after_asset"`
	// AfterScroll is Item.Scroll for the After picture.
	AfterScroll bool `json:"after_scroll,omitempty"`
	// Days are the pictures of the days before Date, in order.
	Days []DatedAsset `json:"days,omitempty"`
}

// DatedAsset is the picture for one local date; Scroll is Item.Scroll
// for it (a longer number can tip a text into a strip).
type DatedAsset struct {
	Date   string `json:"date"`
	Asset  string `json:"asset"`
	Scroll bool   `json:"scroll,omitempty"`
}

// CountdownText is the text with the number of days written in.
func CountdownText(text string, days int) string {
	return strings.Replace(text, CountdownPlaceholder, strconv.Itoa(days), 1)
}

// DaysBetween counts calendar days from one date to another (negative
// when to is earlier).
func DaysBetween(from, to string) (int, error) {
	a, err := time.Parse(DateLayout, from)
	if err != nil {
		return 0, err
	}
	b, err := time.Parse(DateLayout, to)
	if err != nil {
		return 0, err
	}
	// Both are UTC midnights: no daylight saving makes a day 23 hours.
	return int(b.Sub(a).Hours() / 24), nil
}

// On picks what the countdown shows at t, read in loc: the picture of
// that local date and its text, the After picture on and after Date, or
// ok false when the manifest has no picture for the date (the board was
// cut off longer than CountdownWindow): never a picture of another day,
// whose number would be wrong.
func (c *Countdown) On(t time.Time, loc *time.Location) (pic DatedAsset, title string, ok bool) {
	today := t.In(loc).Format(DateLayout)
	if today >= c.Date {
		return DatedAsset{Date: today, Asset: c.AfterAsset, Scroll: c.AfterScroll}, c.After, true
	}
	for _, d := range c.Days {
		if d.Date == today {
			n, err := DaysBetween(today, c.Date)
			if err != nil {
				return DatedAsset{}, "", false
			}
			return d, CountdownText(c.Text, n), true
		}
	}
	return DatedAsset{}, "", false
}

// Validate checks what the player relies on: well-formed dates, days
// before Date, and picture hashes.
func (c *Countdown) Validate() error {
	if _, err := time.Parse(DateLayout, c.Date); err != nil {
		return fmt.Errorf("%w: ngày đếm ngược %q", ErrInvalid, c.Date)
	}
	if !ValidHash(c.AfterAsset) {
		return fmt.Errorf("%w: đếm ngược %d có mã ảnh %q", ErrInvalid, c.Slogan, c.AfterAsset)
	}
	for _, d := range c.Days {
		if _, err := time.Parse(DateLayout, d.Date); err != nil || d.Date >= c.Date {
			return fmt.Errorf("%w: ngày đếm ngược %q", ErrInvalid, d.Date)
		}
		if !ValidHash(d.Asset) {
			return fmt.Errorf("%w: đếm ngược %d có mã ảnh %q", ErrInvalid, c.Slogan, d.Asset)
		}
	}
	return nil
}

// countdown returns the manifest's countdown of a slogan, or nil.
func (m *Manifest) countdown(slogan int64) *Countdown {
	for i := range m.Countdowns {
		if m.Countdowns[i].Slogan == slogan {
			return &m.Countdowns[i]
		}
	}
	return nil
}

// onDay returns the playlist as it plays at t: each countdown item with
// the picture and text of the day, and countdown items with no picture
// for the day left out. A playlist without countdowns is returned as is.
func (m *Manifest) onDay(pl *Playlist, t time.Time) *Playlist {
	if pl == nil || len(m.Countdowns) == 0 {
		return pl
	}
	var out *Playlist
	loc := m.location()
	for i, it := range pl.Items {
		if !it.Countdown {
			if out != nil {
				out.Items = append(out.Items, it)
			}
			continue
		}
		if out == nil {
			out = &Playlist{Slug: pl.Slug, Name: pl.Name, Items: append([]Item{}, pl.Items[:i]...)}
		}
		c := m.countdown(it.SloganID)
		if c == nil {
			continue
		}
		if pic, title, ok := c.On(t, loc); ok {
			it.Asset, it.Title, it.Scroll = pic.Asset, title, pic.Scroll
			out.Items = append(out.Items, it)
		}
	}
	if out == nil {
		return pl
	}
	return out
}

// nextMidnight is the next local midnight after t: a countdown's picture
// changes then.
func nextMidnight(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	return time.Date(lt.Year(), lt.Month(), lt.Day()+1, 0, 0, 0, 0, loc)
}
