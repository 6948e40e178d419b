package console

import (
	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/page"
	"codong/controller/request"
	"codong/controller/store"
)

// ShareSlogan serves POST /slogans/:id/share: from_above=1 gives the
// slogan to the units below, 0 takes that back.
func (s *Handler) ShareSlogan(c echo.Context) error {
	return s.share(c, store.KindSlogan, "/slogans")
}

// SharePhoto serves POST /photos/:id/share.
func (s *Handler) SharePhoto(c echo.Context) error {
	return s.share(c, store.KindPhoto, "/photos")
}

// SharePlaylist serves POST /playlists/:slug/share.
func (s *Handler) SharePlaylist(c echo.Context) error {
	slug := c.Param("slug")
	p, err := s.store.Playlist(c.Request().Context(), auth.Scope(c), slug)
	if err != nil {
		return err
	}
	return s.shareID(c, store.KindPlaylist, p.ID, placeIn(slug, "pl-"+slug))
}

func (s *Handler) share(c echo.Context, kind, back string) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	return s.shareID(c, kind, id, back)
}

func (s *Handler) shareID(c echo.Context, kind string, id int64, back string) error {
	on := c.FormValue("from_above") == "1"
	if err := s.store.ShareDown(c.Request().Context(), auth.Who(c), kind, id, on); err != nil {
		return err
	}
	flash := "unshared"
	if on {
		flash = "shared_down"
	}
	return page.Redirect(c, back, flash)
}

// hasBelow reports whether the person's unit has units below it, to
// which its content may be shared down.
func hasBelow(c echo.Context) bool {
	a := auth.ActorOf(c)
	return a.Tree != nil && len(a.Tree.Children(a.OwnUnit())) > 0
}
