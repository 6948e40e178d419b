package controller

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/store"
	"codong/playlists"
)

func (s *Server) apiSchedule(c echo.Context) error {
	slots, err := s.store.Schedule(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, slots)
}

// warning is something a change that was taken should make its author
// look at again.
type warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// warningTexts say the store's warnings to people.
var warningTexts = map[string]string{
	store.WarnGroupEmpty: "Chưa có bảng nào trong nhóm này: khung giờ đã được lưu nhưng chưa phát trên bảng nào cho tới khi có bảng vào nhóm.",
}

func (s *Server) apiAddSlot(c echo.Context) error {
	var sl playlists.Slot
	if err := bindJSON(c, &sl); err != nil {
		return err
	}
	added, warnings, err := s.addSlot(c, sl)
	if err != nil {
		return err
	}
	slots, err := s.store.Schedule(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"slot": added, "warnings": warnings, "schedule": slots})
}

func (s *Server) addSlot(c echo.Context, sl playlists.Slot) (store.ScheduleSlot, []warning, error) {
	added, codes, err := s.store.AddSlot(c.Request().Context(), who(c), sl)
	warnings := []warning{}
	for _, code := range codes {
		warnings = append(warnings, warning{Code: code, Message: warningTexts[code]})
	}
	return added, warnings, err
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

// uiAddSlot reads the schedule form: the days are checkboxes named day
// with values 0 (Sunday) to 6; the target is one select, "group:SLUG",
// "board:ID" or empty for every board.
func (s *Server) uiAddSlot(c echo.Context) error {
	sl := playlists.Slot{Playlist: c.FormValue("playlist"), Start: c.FormValue("start"), End: c.FormValue("end"),
		From: c.FormValue("from"), To: c.FormValue("to"), Overnight: c.FormValue("overnight") == "1"}
	for _, v := range c.Request().Form["day"] {
		d, err := strconv.Atoi(v)
		if err != nil {
			return badRequest("bad_day", "Ngày trong tuần không hợp lệ.")
		}
		sl.Days = append(sl.Days, time.Weekday(d))
	}
	if sl.Days == nil {
		sl.Days = []time.Weekday{}
	}
	if v := c.FormValue("priority"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil {
			return badRequest("bad_priority", "Mức ưu tiên phải là một số từ 0 đến 9.")
		}
		sl.Priority = p
	}
	var err error
	if sl.Group, sl.Board, err = parseTarget(c.FormValue("target")); err != nil {
		return err
	}
	_, warnings, err := s.addSlot(c, sl)
	if err != nil {
		return err
	}
	if len(warnings) > 0 {
		return redirect(c, "/schedule", "submitted_"+warnings[0].Code)
	}
	return redirect(c, "/schedule", "submitted")
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
	return "", 0, badRequest("bad_target", "Nơi phát không hợp lệ: hãy chọn mọi bảng, một nhóm hoặc một bảng.")
}

func (s *Server) uiRemoveSlot(c echo.Context) error {
	if err := s.removeSlot(c); err != nil {
		return err
	}
	return redirect(c, "/schedule", "submitted")
}
