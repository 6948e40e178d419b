package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/controller/audit"
	"codong/controller/request"
)

// Audit serves the audit log, as JSON a page of audit.APIPageSize entries
// at a time (?page=N; a Link header names the next page while there is
// one) or, with format=csv, as a sheet of everything the filter selects.
func (h *Handler) Audit(c echo.Context) error {
	if c.QueryParam("format") == "csv" {
		entries, err := h.audit.Entries(c)
		if err != nil {
			return err
		}
		return h.audit.CSV(c, entries)
	}
	page, err := h.audit.Page(c, audit.APIPageSize)
	if err != nil {
		return err
	}
	if page.More {
		c.Response().Header().Set("Link", "<"+request.PageURL(c, page.Number+1)+`>; rel="next"`)
	}
	return c.JSON(http.StatusOK, page.Entries)
}
