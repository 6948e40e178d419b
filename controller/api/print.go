package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/render"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
)

// PrintSlogan serves GET /api/v1/slogans/:id/print.pdf?size=A2[&colors=cmyk]: the
// approved version of a slogan as a vector PDF for the print shop, laid
// out like a board of the sheet's shape. Only the approved text is
// printed: a banner on the road is as public as a board.
func (h *Handler) PrintSlogan(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	sizeParam := c.QueryParam("size")
	if sizeParam == "" {
		sizeParam = render.PrintPresets[0].Size
	}
	size, err := assets.ParsePrintSize(sizeParam)
	if err != nil {
		return respond.BadRequest("bad_print_size", err.Error()+".")
	}
	colors, err := assets.ParsePrintColors(c.QueryParam("colors"))
	if err != nil {
		return respond.BadRequest("bad_print_colors", err.Error()+".")
	}
	sl, err := h.store.Slogan(c.Request().Context(), auth.Scope(c), id)
	if err != nil {
		return err
	}
	ap := sl.Approved
	if ap == nil {
		return respond.Err(http.StatusConflict, "not_approved", "Khẩu hiệu này chưa có bản nào được duyệt; chỉ in được bản đã duyệt.")
	}
	text := h.desk.ShownTexts(store.SloganBody{Text: ap.Text, Style: ap.Style, Countdown: ap.Countdown})[0]
	req := assets.Request{Text: text, Style: ap.Style}
	var pdf []byte
	_, err = h.renders.Run(c.Request().Context(), req, false, func() (*assets.Rendered, error) {
		var err error
		pdf, err = h.renderer.PDF(req, assets.Print{Size: size, Colors: colors})
		return nil, err
	})
	switch {
	case errors.Is(err, render.ErrBusy):
		return respond.Busy(c, render.RetryAfter, "Máy chủ đang bận vẽ nhiều ảnh cùng lúc; hãy thử lại sau vài giây.")
	case errors.Is(err, assets.ErrNeedsScroll):
		return respond.Err(http.StatusUnprocessableEntity, "too_long_for_size", assets.ErrNeedsScroll.Error()+".")
	case err != nil:
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, respond.Attachment(render.PrintFileName(id, size, colors), fmt.Sprintf("khau-hieu-%d-%s%s.pdf", id, size, cmykSuffix(colors))))
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// cmykSuffix marks the ASCII file name of a CMYK print.
func cmykSuffix(colors assets.PrintColors) string {
	if colors == assets.PrintCMYK {
		return "-cmyk"
	}
	return ""
}
