package staff

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/playlists"
)

// SloganInput is what a person or script submits for a slogan.
type SloganInput struct {
	Text  string `json:"text" form:"text"`
	Style string `json:"style" form:"style"`
	// Legacy says what to do with text that looks like TCVN3 or VNI
	// mojibake: see legacy.go.
	Legacy string `json:"legacy,omitempty" form:"legacy"`
	// Version is the version the author started from (also taken from
	// If-Match): a save from an older one is refused, not lost.
	Version *int `json:"version,omitempty" form:"version"`
	// Countdown, when given, makes the slogan count the days to a date:
	// the text then holds playlists.CountdownPlaceholder.
	Countdown *store.Countdown `json:"countdown,omitempty"`
	// Unit is the slug of the unit a new slogan is made in ("": the
	// author's own); FromAbove gives it to the units below at once
	// (later, POST …/share).
	Unit      string `json:"unit,omitempty" form:"unit"`
	FromAbove bool   `json:"from_above,omitempty"`
}

// body is the slogan as the store keeps it.
func (in SloganInput) body() store.SloganBody {
	return store.SloganBody{Text: in.Text, Style: in.Style, Countdown: in.Countdown}
}

// cleanText is text as stored: NFC, Unix line ends, outer spaces trimmed.
func cleanText(s string) string {
	return strings.TrimSpace(norm.NFC.String(strings.ReplaceAll(s, "\r\n", "\n")))
}

// cleanSlogan validates a submitted slogan and returns its canonical
// form: NFC, trimmed, with a known style, and renderable (every character
// is in the fonts). Rendering it here also warms the cache for the common
// size.
func (d *Desk) cleanSlogan(in SloganInput) (SloganInput, error) {
	in.Text = cleanText(in.Text)
	if in.Text == "" {
		return in, respond.BadRequest("empty_text", "Khẩu hiệu đang trống.")
	}
	in, err := legacyCheck(in)
	if err != nil {
		return in, err
	}
	if n := utf8.RuneCountInString(in.Text); n > playlists.MaxTitleRunes {
		return in, respond.BadRequest("too_long", TooLong("Khẩu hiệu", n, playlists.MaxTitleRunes))
	}
	st, err := assets.LookupStyle(in.Style)
	if err != nil {
		return in, respond.BadRequest("unknown_style", err.Error())
	}
	in.Style = st.Name // the canonical name, whatever spelling was sent
	if in.Countdown != nil {
		cd := *in.Countdown
		cd.Date, cd.After = strings.TrimSpace(cd.Date), cleanText(cd.After)
		in.Countdown = &cd
	}
	for _, text := range d.ShownTexts(in.body()) {
		if text == "" {
			continue // an empty message is the store's to name
		}
		for _, size := range PreviewSizes {
			if _, err := d.rend.Asset(text, in.Style, size, 0); err != nil {
				return in, err
			}
		}
	}
	// After rendering: a character no font has is named with its code.
	return in, store.CheckSlogan(in.body())
}

// ShownTexts are the texts boards show of a slogan today: a countdown's
// text with today's number (every number has the same characters) and
// its message for the day.
func (d *Desk) ShownTexts(b store.SloganBody) []string {
	if b.Countdown == nil {
		return []string{b.Text}
	}
	today := d.now().In(d.location).Format(playlists.DateLayout)
	n, _ := playlists.DaysBetween(today, b.Countdown.Date)
	return []string{playlists.CountdownText(b.Text, max(n, 1)), b.Countdown.After}
}

// TooLong refuses a text of n characters over limit, with both numbers
// as Vietnamese writes them ("Khẩu hiệu dài 2.000 ký tự, tối đa 400."),
// so the officer knows how much to cut; nothing is ever cut for them.
func TooLong(what string, n, limit int) string {
	return what + " dài " + numberVN(n) + " ký tự, tối đa " + numberVN(limit) + "."
}

// numberVN writes n with dots between thousands, as Vietnamese does.
func numberVN(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// PreviewSizes are the sizes the web form shows: a hall screen and a
// typical LED board.
var PreviewSizes = []assets.Size{{W: 1920, H: 1080}, {W: 384, H: 128}}

// CreateSlogan checks a new slogan and stores it.
func (d *Desk) CreateSlogan(ctx context.Context, who *auth.Actor, in SloganInput) (store.Slogan, error) {
	in, err := d.cleanSlogan(in)
	if err != nil {
		return store.Slogan{}, err
	}
	at := store.Place{Unit: in.Unit, FromAbove: in.FromAbove}
	return d.store.CreateSloganIn(ctx, who.Actor, at, in.body())
}

// UpdateSlogan checks an edit of a slogan made from in.Version and
// stores it.
func (d *Desk) UpdateSlogan(ctx context.Context, who *auth.Actor, id int64, in SloganInput) (store.Slogan, error) {
	if err := request.EditVersion(in.Version); err != nil {
		return store.Slogan{}, err
	}
	in, err := d.cleanSlogan(in)
	if err != nil {
		return store.Slogan{}, err
	}
	if in.Unit != "" || in.FromAbove {
		return store.Slogan{}, respond.BadRequest("unit_on_edit", "Sửa khẩu hiệu không đổi được đơn vị; chia sẻ xuống cấp dưới bằng POST /api/v1/slogans/{id}/share.")
	}
	return d.store.UpdateSloganBody(ctx, who.Actor, id, *in.Version, in.body())
}

// DeleteSlogan deletes a slogan.
func (d *Desk) DeleteSlogan(ctx context.Context, who *auth.Actor, id int64) error {
	return d.store.DeleteSlogan(ctx, who.Actor, id)
}
