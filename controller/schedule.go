package controller

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/request"
	"codong/controller/respond"
)

func (s *Server) removeSlot(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	return s.store.RemoveSlot(c.Request().Context(), auth.Who(c), id)
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
