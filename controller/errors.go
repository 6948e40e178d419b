package controller

import (
	"strings"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
)

// handleError renders errors as JSON under /api and as a page elsewhere.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	ae, internal := respond.Classify(s.store.Check(err))
	if internal {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		c.JSON(ae.Status, ae)
		return
	}
	s.view.Render(c, ae.Status, "error", map[string]any{"Error": ae})
}
