package controller

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"codong/controller/store"
)

func (s *Server) showPlaylists(c echo.Context) error {
	ctx := c.Request().Context()
	pls, err := s.store.Playlists(ctx)
	if err != nil {
		return err
	}
	slogans, err := s.store.Slogans(ctx)
	if err != nil {
		return err
	}
	photos, err := s.store.Photos(ctx)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(pls))
	versions := make(map[int64]int64, len(pls))
	for _, p := range pls {
		names[p.Slug] = p.Name
		if v, err := s.store.LatestVersion(ctx, store.KindPlaylist, p.ID); err == nil {
			versions[p.ID] = v.ID
		}
	}
	data := map[string]any{"Playlists": pls, "Slogans": slogans, "Photos": photos, "Names": names, "PlaylistVersions": versions}
	return s.render(c, http.StatusOK, "playlists", data)
}

func formInt(c echo.Context, name string) int64 {
	n, _ := strconv.ParseInt(c.FormValue(name), 10, 64)
	return n
}

func (s *Server) uiAddItem(c echo.Context) error {
	ctx, who := c.Request().Context(), actorOf(c)
	err := s.addItem(ctx, who.Actor, c.Param("slug"), itemInput{SloganID: formInt(c, "slogan_id"), PhotoID: formInt(c, "photo_id"), Seconds: int(formInt(c, "seconds"))})
	if err != nil {
		return err
	}
	return redirect(c, "/playlists", "submitted")
}

// uiEditItem handles the buttons of one item's row: save its duration,
// move it up or down, or remove it.
func (s *Server) uiEditItem(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx, who, slug := c.Request().Context(), who(c), c.Param("slug")
	switch c.FormValue("action") {
	case "up":
		err = s.store.MoveItem(ctx, who, slug, id, -1)
	case "down":
		err = s.store.MoveItem(ctx, who, slug, id, +1)
	case "remove":
		err = s.store.RemoveItem(ctx, who, slug, id)
	default:
		err = s.store.UpdateItem(ctx, who, slug, id, int(formInt(c, "seconds")))
	}
	if err != nil {
		return err
	}
	return redirect(c, "/playlists", "submitted")
}

// weekdays are the schedule form's day checkboxes, Monday first as on a
// Vietnamese calendar.
var weekdays = []struct {
	Value int
	Name  string
}{{1, "T2"}, {2, "T3"}, {3, "T4"}, {4, "T5"}, {5, "T6"}, {6, "T7"}, {0, "CN"}}
