package controller

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"codong/playlists"
)

func (s *Server) apiSchedule(c echo.Context) error {
	slots, err := s.store.Schedule(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, slots)
}

func (s *Server) apiAddSlot(c echo.Context) error {
	var sl playlists.Slot
	if err := bindJSON(c, &sl); err != nil {
		return err
	}
	if err := s.addSlot(c, sl); err != nil {
		return err
	}
	return s.apiSchedule(c)
}

func (s *Server) addSlot(c echo.Context, sl playlists.Slot) error {
	sl.Group = strings.TrimSpace(sl.Group)
	return s.store.AddSlot(c.Request().Context(), who(c), sl)
}

func (s *Server) removeSlot(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.store.RemoveSlot(c.Request().Context(), who(c), id)
}

func (s *Server) apiRemoveSlot(c echo.Context) error {
	if err := s.removeSlot(c); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// uiAddSlot reads the playlists page's schedule form; the days are
// checkboxes named day with values 0 (Sunday) to 6.
func (s *Server) uiAddSlot(c echo.Context) error {
	sl := playlists.Slot{Playlist: c.FormValue("playlist"), Start: c.FormValue("start"), End: c.FormValue("end"), Group: c.FormValue("group")}
	for _, v := range c.Request().Form["day"] {
		if d, err := strconv.Atoi(v); err == nil {
			sl.Days = append(sl.Days, time.Weekday(d))
		}
	}
	if err := s.addSlot(c, sl); err != nil {
		return err
	}
	return redirect(c, "/playlists", "submitted")
}

func (s *Server) uiRemoveSlot(c echo.Context) error {
	if err := s.removeSlot(c); err != nil {
		return err
	}
	return redirect(c, "/playlists", "submitted")
}
