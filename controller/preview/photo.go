package preview

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/render"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/staff"
	"codong/controller/store"
)

// Photo serves a photo fitted to a board size in use, as boards
// will get it: its newest version, or with ?version=ID (a version's ID, as the
// approval pages link it) that version.
func (h *Handler) Photo(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	size, err := assets.ParseSize(c.QueryParam("size"))
	if err != nil {
		return respond.BadRequest("bad_size", err.Error())
	}
	ctx := c.Request().Context()
	// Each size fits the original anew (up to 50 megapixels decoded) and
	// keeps the picture: only the sizes boards are given, and the form's.
	sizes, err := h.desk.SizesInUse(ctx, auth.Scope(c))
	if err != nil {
		return err
	}
	if !slices.Contains(sizes, size) && !slices.Contains(staff.PreviewSizes, size) {
		return respond.BadRequest("bad_size", "Chỉ xem trước được ảnh ở kích thước của các bảng đang dùng (hoặc 1920x1080, 384x128).")
	}
	p, err := h.store.Photo(ctx, auth.Scope(c), id)
	if err != nil {
		return err
	}
	body := store.PhotoBody{Caption: p.Caption, Fit: p.Fit, Style: p.Style}
	if vp := c.QueryParam("version"); vp != "" {
		vid, _ := strconv.ParseInt(vp, 10, 64)
		v, err := h.store.Version(ctx, auth.Scope(c), vid)
		if err == nil && (v.Kind != store.KindPhoto || v.Subject != id) {
			err = store.ErrNotFound
		}
		if err == nil {
			err = json.Unmarshal(v.Body, &body)
		}
		if err != nil {
			return err
		}
	}
	it := store.PlaylistItem{Text: body.Caption, Style: body.Style, Photo: &store.ItemPhoto{SHA256: p.SHA256, Name: p.Name, Fit: body.Fit}}
	sum, err := h.rend.PreviewPhotoAsset(ctx, it, size)
	if errors.Is(err, render.ErrBusy) {
		return respond.Busy(c, render.RetryAfter, "Máy chủ đang bận vẽ nhiều ảnh cùng lúc; hãy thử lại sau vài giây.")
	}
	if err != nil {
		return err
	}
	data, err := h.assets.Get(sum)
	if errors.Is(err, assets.ErrNotFound) {
		return store.ErrNotFound
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", `"`+sum+`"`)
	c.Response().Header().Set("X-Content-SHA256", sum)
	return c.Blob(http.StatusOK, "image/png", data)
}
