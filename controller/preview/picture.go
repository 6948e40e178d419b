package preview

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
	"codong/playlists"
)

// Picture serves a picture the controller rendered for boards, by its
// sha256 (GET /pictures/{sum}.png): what a switch's confirmation shows,
// the very file the boards were sent. Named by its content, it never
// changes, so the browser keeps it (privately: staff only).
func (h *Handler) Picture(c echo.Context) error {
	sum := strings.TrimSuffix(c.Param("sum"), ".png")
	if !playlists.ValidHash(sum) {
		return respond.Err(http.StatusNotFound, "not_found", "Không có hình này.")
	}
	data, err := h.assets.Get(sum)
	if err != nil {
		return respond.Err(http.StatusNotFound, "not_found", "Không có hình này (có thể chưa được vẽ cho kích thước bảng này).")
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=86400, immutable")
	return c.Blob(http.StatusOK, "image/png", data)
}
