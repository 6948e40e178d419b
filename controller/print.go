package controller

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/respond"
	"codong/controller/store"
)

// printPreset is a sheet the slogan list offers under "Tải bản in"; any
// other size can be asked for by URL (docs/api.md).
type printPreset struct {
	Size  string // for ParsePrintSize
	Label string
}

// printPresets are the sheets communes order: posters, the usual banner
// over a road, the usual panel by the hall.
var printPresets = []printPreset{
	{"A3", "Áp phích A3 dọc"},
	{"A2", "Áp phích A2 dọc"},
	{"A1", "Áp phích A1 dọc"},
	{"A2-landscape", "Áp phích A2 ngang"},
	{"5000x800mm", "Băng rôn 5 × 0,8 m"},
	{"2400x1200mm", "Panô 2,4 × 1,2 m"},
}

// apiPrintSlogan serves GET /api/v1/slogans/:id/print.pdf?size=A2: the
// approved version of a slogan as a vector PDF for the print shop, laid
// out like a board of the sheet's shape. Only the approved text is
// printed: a banner on the road is as public as a board.
func (s *Server) apiPrintSlogan(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	sizeParam := c.QueryParam("size")
	if sizeParam == "" {
		sizeParam = printPresets[0].Size
	}
	size, err := assets.ParsePrintSize(sizeParam)
	if err != nil {
		return respond.BadRequest("bad_print_size", err.Error()+".")
	}
	sl, err := s.store.Slogan(c.Request().Context(), id)
	if err != nil {
		return err
	}
	ap := sl.Approved
	if ap == nil {
		return respond.Err(http.StatusConflict, "not_approved", "Khẩu hiệu này chưa có bản nào được duyệt; chỉ in được bản đã duyệt.")
	}
	text := s.shownTexts(store.SloganBody{Text: ap.Text, Style: ap.Style, Countdown: ap.Countdown})[0]
	req := assets.Request{Text: text, Style: ap.Style}
	var pdf []byte
	_, err = s.renders.run(c.Request().Context(), req, false, func() (*assets.Rendered, error) {
		var err error
		pdf, err = s.renderer.PDF(req, size)
		return nil, err
	})
	switch {
	case errors.Is(err, errRenderBusy):
		return respond.Busy(c, renderRetryAfter, "Máy chủ đang bận vẽ nhiều ảnh cùng lúc; hãy thử lại sau vài giây.")
	case errors.Is(err, assets.ErrNeedsScroll):
		return respond.Err(http.StatusUnprocessableEntity, "too_long_for_size", assets.ErrNeedsScroll.Error()+".")
	case err != nil:
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, attachment(printFileName(id, size), fmt.Sprintf("khau-hieu-%d-%s.pdf", id, size)))
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// printFileName names the file as the officer would: what it is, the
// sheet and which slogan, e.g. "Áp phích A2 – khẩu hiệu 12.pdf".
func printFileName(id int64, size assets.PrintSize) string {
	kind := "Panô"
	switch long, short := max(size.W, size.H), min(size.W, size.H); {
	case size.String()[0] == 'A':
		kind = "Áp phích"
	case long >= 3*short:
		kind = "Băng rôn"
	}
	sheet := size.String()
	if base, ok := strings.CutSuffix(sheet, "-landscape"); ok {
		sheet = base + " ngang"
	}
	return fmt.Sprintf("%s %s – khẩu hiệu %d.pdf", kind, sheet, id)
}

// attachment is a Content-Disposition for a Vietnamese file name: the
// UTF-8 name in filename* (RFC 6266), an ASCII one for old clients.
func attachment(name, ascii string) string {
	return "attachment; filename=" + strconv.Quote(ascii) + "; filename*=UTF-8''" + url.PathEscape(name)
}
