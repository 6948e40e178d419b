package controller

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (s *Server) showDashboard(c echo.Context) error {
	ctx := c.Request().Context()
	views, err := s.boardViews(ctx)
	if err != nil {
		return err
	}
	o, err := s.store.Override(ctx)
	if err != nil {
		return err
	}
	data := map[string]any{"Boards": views}
	if o != nil {
		data["Override"] = o
		data["OverrideName"] = o.Playlist
		if p, err := s.store.Playlist(ctx, o.Playlist); err == nil {
			data["OverrideName"] = p.Name
		}
	}
	return s.render(c, http.StatusOK, "dashboard", data)
}

func (s *Server) uiSetOverride(c echo.Context) error {
	in := overrideInput{Playlist: c.FormValue("playlist"), Group: c.FormValue("group")}
	if _, err := s.setOverride(c.Request().Context(), actorOf(c), in); err != nil {
		return err
	}
	return redirect(c, "/", "override_on")
}

func (s *Server) uiClearOverride(c echo.Context) error {
	if err := s.clearOverride(c.Request().Context(), actorOf(c)); err != nil {
		return err
	}
	return redirect(c, "/", "override_off")
}
