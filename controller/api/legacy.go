package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/assets/vnenc"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/playlists"
)

// legacyView is what the web form's script is told about typed text.
type legacyView struct {
	Encoding   string  `json:"encoding"`
	Name       string  `json:"name,omitempty"`
	Confidence float64 `json:"confidence"`
	Converted  string  `json:"converted,omitempty"`
}

// Legacy serves GET /api/v1/legacy?text=…: whether the text looks like
// legacy-encoded Vietnamese, and its conversion.
func (h *Handler) Legacy(c echo.Context) error {
	text := c.QueryParam("text")
	if len(text) > 4*playlists.MaxTitleRunes {
		return respond.BadRequest("too_long", "Khẩu hiệu quá dài.")
	}
	v := legacyView{Encoding: vnenc.Unicode.String()}
	if fixed, enc, changed := vnenc.Fix(text); changed {
		_, conf := vnenc.Detect(text)
		v = legacyView{Encoding: enc.String(), Name: staff.EncodingNames[enc], Confidence: conf, Converted: fixed}
	}
	return c.JSON(http.StatusOK, v)
}
