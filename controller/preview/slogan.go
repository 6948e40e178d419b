package preview

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"

	"codong/assets"
	"codong/controller/render"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/playlists"
)

// Slogan serves GET /api/v1/render and the web form's /preview:
// the same code, so what the form shows is what the API renders and what
// boards get. Previews are bounded in pixels, rendered within the render
// budget and kept in the preview cache (render/render_budget.go,
// render/preview_cache.go).
func (h *Handler) Slogan(c echo.Context) error {
	text := c.QueryParam("text")
	if strings.TrimSpace(text) == "" {
		return respond.BadRequest("empty_text", "Thiếu tham số text (nội dung khẩu hiệu).")
	}
	if n := utf8.RuneCountInString(text); n > playlists.MaxTitleRunes {
		return respond.BadRequest("too_long", staff.TooLong("Khẩu hiệu", n, playlists.MaxTitleRunes))
	}
	sizeParam := c.QueryParam("size")
	if sizeParam == "" {
		sizeParam = "1920x1080"
	}
	size, err := assets.ParseSize(sizeParam)
	if err != nil {
		return respond.BadRequest("bad_size", err.Error())
	}
	if size.W*size.H > render.MaxPreviewPixels {
		return respond.BadRequest("bad_size", "Ảnh xem trước "+size.String()+" quá lớn: tối đa khoảng 8,3 triệu điểm ảnh (như 3840x2160 hay 8192x1000); hãy chọn kích thước nhỏ hơn.")
	}
	style, err := assets.LookupStyle(c.QueryParam("style"))
	if err != nil {
		return respond.BadRequest("unknown_style", err.Error())
	}
	speed, err := previewScrollSpeed(c.QueryParam("scroll_speed"))
	if err != nil {
		return err
	}
	key := render.PreviewKey{Text: norm.NFC.String(text), Style: style.Name, Size: size, Speed: speed}
	out, ok := h.previews.Get(key)
	if !ok {
		out, err = h.renders.Render(c.Request().Context(), h.renderer, assets.Request{Text: key.Text, Size: size, Style: style.Name, ScrollSpeed: speed}, false)
		if errors.Is(err, render.ErrBusy) {
			return respond.Busy(c, render.RetryAfter, "Máy chủ đang bận vẽ nhiều ảnh cùng lúc; hãy thử lại sau vài giây.")
		}
		if err != nil {
			return err
		}
		h.previews.Put(key, out)
	}
	if c.QueryParam("layout") == "1" {
		return c.JSON(http.StatusOK, out.Layout)
	}
	header := c.Response().Header()
	header.Set("ETag", `"`+out.SHA256+`"`)
	header.Set("X-Content-SHA256", out.SHA256)
	return c.Blob(http.StatusOK, "image/png", out.PNG)
}

// previewScrollSpeed reads a preview's scroll_speed: the board's speed
// in pixels per second, so that a slogan whose strip would pass too
// slowly comes out in pages as on that board; empty for a strip always.
func previewScrollSpeed(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < playlists.MinScrollSpeed || n > playlists.MaxScrollSpeed {
		return 0, respond.BadRequest("bad_scroll_speed", fmt.Sprintf("Tốc độ chạy chữ “%s” không hợp lệ: cần một số từ %d đến %d điểm ảnh mỗi giây.", v, playlists.MinScrollSpeed, playlists.MaxScrollSpeed))
	}
	return n, nil
}
