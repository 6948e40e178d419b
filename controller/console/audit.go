package console

import (
	"codong/controller/auth"
	"maps"
	"net/http"

	"codong/controller/audit"

	"github.com/labstack/echo/v4"
)

// ShowAudit is the Nhật ký page: filters, a page of the entries, the
// links to the others, and the export.
func (s *Handler) ShowAudit(c echo.Context) error {
	if c.QueryParam("format") == "csv" {
		entries, err := s.audit.Entries(c)
		if err != nil {
			return err
		}
		return s.audit.CSV(c, entries)
	}
	page, err := s.audit.Page(c, audit.ConsolePageSize)
	if err != nil {
		return err
	}
	actors, err := s.store.AuditActors(c.Request().Context(), auth.Scope(c))
	if err != nil {
		return err
	}
	q := maps.Clone(c.QueryParams())
	q.Set("format", "csv")
	q.Del("page")             // the export holds every page
	q.Set("sep", "semicolon") // the console's people open it in a Vietnamese Excel
	return s.view.Render(c, http.StatusOK, "audit", map[string]any{
		"Entries": page.Entries, "Pager": newPager(c, page.Number, page.More, 0), "Actors": actors, "Kinds": audit.Kinds, "Query": c.QueryParams(), "CSV": "/audit?" + q.Encode(),
	})
}
