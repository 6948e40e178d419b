package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
)

// shareInput says whether a unit gives a slogan, photo or playlist to
// the units below it (from above), or takes that back.
type shareInput struct {
	FromAbove *bool `json:"from_above"`
}

// ShareSlogan serves POST /api/v1/slogans/:id/share.
func (h *Handler) ShareSlogan(c echo.Context) error {
	return h.share(c, store.KindSlogan, func(id int64) (any, error) { return h.store.Slogan(c.Request().Context(), auth.Scope(c), id) })
}

// SharePhoto serves POST /api/v1/photos/:id/share.
func (h *Handler) SharePhoto(c echo.Context) error {
	return h.share(c, store.KindPhoto, func(id int64) (any, error) { return h.store.Photo(c.Request().Context(), auth.Scope(c), id) })
}

// SharePlaylist serves POST /api/v1/playlists/:slug/share.
func (h *Handler) SharePlaylist(c echo.Context) error {
	p, err := h.store.Playlist(c.Request().Context(), auth.Scope(c), c.Param("slug"))
	if err != nil {
		return err
	}
	return h.shareID(c, store.KindPlaylist, p.ID, func(int64) (any, error) {
		return h.store.Playlist(c.Request().Context(), auth.Scope(c), p.Slug)
	})
}

// share sets from_above on the subject in the path and answers with it.
func (h *Handler) share(c echo.Context, kind string, read func(id int64) (any, error)) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	return h.shareID(c, kind, id, read)
}

func (h *Handler) shareID(c echo.Context, kind string, id int64, read func(id int64) (any, error)) error {
	var in shareInput
	if err := request.BindJSON(c, &in); err != nil {
		return err
	}
	if in.FromAbove == nil {
		return respond.BadRequest("missing_from_above", "Hãy cho from_above: true (chia sẻ xuống các đơn vị cấp dưới) hoặc false (thôi chia sẻ).")
	}
	if err := h.store.ShareDown(c.Request().Context(), auth.Who(c), kind, id, *in.FromAbove); err != nil {
		return err
	}
	out, err := read(id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
