package controller

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/playlists"
)

// renderPreview serves GET /api/v1/render and the web form's /preview:
// the same code, so what the form shows is what the API renders and what
// boards get.
func (s *Server) renderPreview(c echo.Context) error {
	text := c.QueryParam("text")
	if strings.TrimSpace(text) == "" {
		return badRequest("empty_text", "Thiếu tham số text (nội dung khẩu hiệu).")
	}
	if utf8.RuneCountInString(text) > playlists.MaxTitleRunes {
		return badRequest("too_long", "Khẩu hiệu quá dài.")
	}
	sizeParam := c.QueryParam("size")
	if sizeParam == "" {
		sizeParam = "1920x1080"
	}
	size, err := assets.ParseSize(sizeParam)
	if err != nil {
		return badRequest("bad_size", err.Error())
	}
	style, err := assets.LookupStyle(c.QueryParam("style"))
	if err != nil {
		return badRequest("unknown_style", err.Error())
	}
	out, err := s.renderer.Render(assets.Request{Text: text, Size: size, Style: style.Name})
	if err != nil {
		return err
	}
	if c.QueryParam("layout") == "1" {
		return c.JSON(http.StatusOK, out.Layout)
	}
	h := c.Response().Header()
	h.Set("ETag", `"`+out.SHA256+`"`)
	h.Set("X-Content-SHA256", out.SHA256)
	h.Set("Cache-Control", "private, max-age=60")
	return c.Blob(http.StatusOK, "image/png", out.PNG)
}
