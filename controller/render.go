package controller

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"

	"codong/assets"
	"codong/playlists"
)

// renderPreview serves GET /api/v1/render and the web form's /preview:
// the same code, so what the form shows is what the API renders and what
// boards get. Previews are bounded in pixels, rendered within the render
// budget and kept in the preview cache (render_budget.go,
// preview_cache.go).
func (s *Server) renderPreview(c echo.Context) error {
	text := c.QueryParam("text")
	if strings.TrimSpace(text) == "" {
		return badRequest("empty_text", "Thiếu tham số text (nội dung khẩu hiệu).")
	}
	if n := utf8.RuneCountInString(text); n > playlists.MaxTitleRunes {
		return badRequest("too_long", tooLong("Khẩu hiệu", n, playlists.MaxTitleRunes))
	}
	sizeParam := c.QueryParam("size")
	if sizeParam == "" {
		sizeParam = "1920x1080"
	}
	size, err := assets.ParseSize(sizeParam)
	if err != nil {
		return badRequest("bad_size", err.Error())
	}
	if size.W*size.H > maxPreviewPixels {
		return badRequest("bad_size", "Ảnh xem trước "+size.String()+" quá lớn: tối đa khoảng 8,3 triệu điểm ảnh (như 3840x2160 hay 8192x1000); hãy chọn kích thước nhỏ hơn.")
	}
	style, err := assets.LookupStyle(c.QueryParam("style"))
	if err != nil {
		return badRequest("unknown_style", err.Error())
	}
	key := previewKey{text: norm.NFC.String(text), style: style.Name, size: size}
	out, ok := s.previews.get(key)
	if !ok {
		out, err = s.renders.render(c.Request().Context(), s.renderer, assets.Request{Text: key.text, Size: size, Style: style.Name}, false)
		if errors.Is(err, errRenderBusy) {
			return busy(c, renderRetryAfter, "Máy chủ đang bận vẽ nhiều ảnh cùng lúc; hãy thử lại sau vài giây.")
		}
		if err != nil {
			return err
		}
		s.previews.put(key, out)
	}
	if c.QueryParam("layout") == "1" {
		return c.JSON(http.StatusOK, out.Layout)
	}
	h := c.Response().Header()
	h.Set("ETag", `"`+out.SHA256+`"`)
	h.Set("X-Content-SHA256", out.SHA256)
	return c.Blob(http.StatusOK, "image/png", out.PNG)
}
