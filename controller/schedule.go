package controller

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
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
	if err := request.BindJSON(c, &sl); err != nil {
		return err
	}
	added, warnings, err := s.desk.AddSlot(c.Request().Context(), auth.Who(c), sl)
	if err != nil {
		return err
	}
	slots, err := s.store.Schedule(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"slot": added, "warnings": warnings, "schedule": slots})
}

func (s *Server) removeSlot(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	return s.store.RemoveSlot(c.Request().Context(), auth.Who(c), id)
}

func (s *Server) apiRemoveSlot(c echo.Context) error {
	if err := s.removeSlot(c); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// parseTarget reads a form's target: "group:SLUG", "board:ID", or empty
// for every board.
func parseTarget(v string) (group string, board int64, err error) {
	kind, val, _ := strings.Cut(v, ":")
	switch kind {
	case "":
		return "", 0, nil
	case "group":
		return val, 0, nil
	case "board":
		id, err := strconv.ParseInt(val, 10, 64)
		if err == nil && id > 0 {
			return "", id, nil
		}
	}
	return "", 0, respond.BadRequest("bad_target", "Nơi phát không hợp lệ: hãy chọn mọi bảng, một nhóm hoặc một bảng.")
}
