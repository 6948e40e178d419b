package console

import (
	"net/url"
	"strconv"

	"codong/assets"
	"codong/playlists"
)

// PreviewQuery is the query of a slogan's preview on boards of size at
// the default speed of their height.
func PreviewQuery(text, style string, size assets.Size) url.Values {
	return url.Values{"text": {text}, "style": {style}, "size": {size.String()},
		"scroll_speed": {strconv.Itoa(playlists.ScrollSpeed(0, size.H))}}
}
