package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Audit serves the audit log, as JSON or, with format=csv, as a sheet.
func (h *Handler) Audit(c echo.Context) error {
	entries, err := h.audit.Entries(c)
	if err != nil {
		return err
	}
	if c.QueryParam("format") == "csv" {
		return h.audit.CSV(c, entries)
	}
	return c.JSON(http.StatusOK, entries)
}
