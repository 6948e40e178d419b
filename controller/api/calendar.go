package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Calendar serves GET /api/v1/calendar?target=group:SLUG|board:ID
// [&from=YYYY-MM-DD][&days=14][&draft=1].
func (h *Handler) Calendar(c echo.Context) error {
	q, days, err := h.calendar.For(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"target": q.Target, "draft": q.Draft, "days": days})
}
