package controller

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/store"
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
		if data["OverrideWhere"], err = s.targetText(ctx, o.Group, o.Board); err != nil {
			return err
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

// targetText names what a slot or an override aims at, for people.
func (s *Server) targetText(ctx context.Context, group string, board int64) (string, error) {
	switch {
	case board != 0:
		b, err := s.store.Board(ctx, board)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Sprintf("bảng số %d (đã xoá)", board), nil
		}
		return "bảng “" + b.Name + "”", err
	case group != "":
		g, err := s.store.Group(ctx, group)
		if errors.Is(err, store.ErrNotFound) {
			return "nhóm “" + group + "” (đã xoá)", nil
		}
		return "nhóm “" + g.Name + "”", err
	}
	return "mọi bảng", nil
}
