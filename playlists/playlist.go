// Package playlists is the domain model shared by the controller and the
// player: playlists, their items, overrides, the manifest that carries a
// board's whole desired state, and the rules for what plays now. It knows
// nothing of HTTP, SQL or websockets.
package playlists

import (
	"errors"
	"fmt"
)

// Well-known playlist slugs seeded on every controller.
const (
	DefaultSlug         = "default"
	CongressSuccessSlug = "congress-success"
)

// MinItemSeconds and MaxItemSeconds bound how long one item may stay on a
// board: shorter flickers, longer is almost certainly a typo.
const (
	MinItemSeconds = 2
	MaxItemSeconds = 24 * 60 * 60
)

// Playlist is an ordered rotation of items.
type Playlist struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	Items []Item `json:"items"`
}

// Item is one thing a board shows for a number of seconds. Asset is the
// sha256 of the picture rendered for the board's size; it is empty in
// playlists that have not been rendered for a board yet. For a Scroll
// item in a manifest, Seconds covers at least one whole pass of the strip
// at the board's Board.ScrollSpeed (see ScrollSeconds): the controller
// lengthens the set seconds when it cuts the manifest.
type Item struct {
	ID       int64  `json:"id"`
	SloganID int64  `json:"slogan_id,omitempty"`
	PhotoID  int64  `json:"photo_id,omitempty"`
	Title    string `json:"title"`
	Seconds  int    `json:"seconds"`
	Asset    string `json:"asset,omitempty"`
	// Scroll marks a picture that is a one-line strip to scroll across
	// the board (chữ chạy): the text was too small to read otherwise.
	Scroll bool `json:"scroll,omitempty"`
	// Pages, when more than 1, marks a picture that holds that many
	// board-high pages stacked top to bottom, shown in turn for an equal
	// share of Seconds each (lật trang): a strip that would have taken
	// over a minute to pass. At most MaxPages; see PagedSeconds.
	Pages int `json:"pages,omitempty"`
	// Countdown marks an item whose slogan counts the days to a date:
	// it shows the picture of the day from the manifest's countdown of
	// SloganID (see Countdown.On), not Asset, which is only the picture
	// of the day the manifest was made.
	Countdown bool `json:"countdown,omitempty"`
}

// ErrInvalid marks a validation failure; its message is for people.
var ErrInvalid = errors.New("dữ liệu không hợp lệ")

// ValidSlug reports whether s can name a playlist in URLs and the API:
// 1 to 63 of a-z, 0-9 and '-', not starting with '-'. A loop, not a
// regexp: the bounded repetition compiled at start-up into 700
// allocations in every process, the players' included.
func ValidSlug(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ValidateSeconds checks an item's duration.
func ValidateSeconds(s int) error {
	if s < MinItemSeconds || s > MaxItemSeconds {
		return fmt.Errorf("%w: thời lượng phải từ %d đến %d giây, không phải %d", ErrInvalid, MinItemSeconds, MaxItemSeconds, s)
	}
	return nil
}

// Total is the length of one full rotation in seconds.
func (p *Playlist) Total() int {
	t := 0
	for _, it := range p.Items {
		t += it.Seconds
	}
	return t
}
