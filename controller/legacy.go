package controller

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/assets/vnenc"
	"codong/controller/respond"
	"codong/playlists"
)

// Text pasted from old office documents may be TCVN3 (ABC) or VNI mojibake.
// What to do with it is the person's choice, never a silent rewrite:
// sloganInput.Legacy is "" (refuse and suggest the conversion), "convert"
// (store the converted text) or "keep" (store the text as typed).
const (
	legacyAsk     = ""
	legacyConvert = "convert"
	legacyKeep    = "keep"
)

var encodingNames = map[vnenc.Encoding]string{
	vnenc.TCVN3: "TCVN3 (ABC, phông .VnTime)",
	vnenc.VNI:   "VNI-Windows",
}

// legacyCheck applies the person's choice about legacy encodings.
func legacyCheck(in sloganInput) (sloganInput, error) {
	switch in.Legacy {
	case legacyKeep:
		return in, nil
	case legacyAsk, legacyConvert:
	default:
		return in, respond.BadRequest("bad_legacy", fmt.Sprintf("legacy phải là \"convert\" hoặc \"keep\", không phải %q.", in.Legacy))
	}
	fixed, enc, changed := vnenc.Fix(in.Text)
	if !changed {
		return in, nil
	}
	if in.Legacy == legacyConvert {
		in.Text = fixed
		return in, nil
	}
	return in, &respond.Error{
		Status: http.StatusUnprocessableEntity,
		Code:   "legacy_encoding",
		Message: fmt.Sprintf("Văn bản có vẻ được gõ bằng bảng mã %s. Bản chuyển sang Unicode: «%s». "+
			"Hãy xác nhận: gửi lại với legacy=\"convert\" để dùng bản chuyển, hoặc legacy=\"keep\" để giữ nguyên.", encodingNames[enc], fixed),
	}
}

// legacyView is what the web form's script is told about typed text.
type legacyView struct {
	Encoding   string  `json:"encoding"`
	Name       string  `json:"name,omitempty"`
	Confidence float64 `json:"confidence"`
	Converted  string  `json:"converted,omitempty"`
}

// apiLegacy serves GET /api/v1/legacy?text=…: whether the text looks like
// legacy-encoded Vietnamese, and its conversion.
func (s *Server) apiLegacy(c echo.Context) error {
	text := c.QueryParam("text")
	if len(text) > 4*playlists.MaxTitleRunes {
		return respond.BadRequest("too_long", "Khẩu hiệu quá dài.")
	}
	v := legacyView{Encoding: vnenc.Unicode.String()}
	if fixed, enc, changed := vnenc.Fix(text); changed {
		_, conf := vnenc.Detect(text)
		v = legacyView{Encoding: enc.String(), Name: encodingNames[enc], Confidence: conf, Converted: fixed}
	}
	return c.JSON(http.StatusOK, v)
}
