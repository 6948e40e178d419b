package console

import (
	"maps"
	"net/http"

	"codong/controller/audit"

	"github.com/labstack/echo/v4"
)

// ShowAudit is the Nhật ký page: filters, the entries, and the export.
func (s *Handler) ShowAudit(c echo.Context) error {
	entries, err := s.audit.Entries(c)
	if err != nil {
		return err
	}
	if c.QueryParam("format") == "csv" {
		return s.audit.CSV(c, entries)
	}
	actors, err := s.store.AuditActors(c.Request().Context())
	if err != nil {
		return err
	}
	q := maps.Clone(c.QueryParams())
	q.Set("format", "csv")
	q.Set("sep", "semicolon") // the console's people open it in a Vietnamese Excel
	return s.view.Render(c, http.StatusOK, "audit", map[string]any{
		"Entries": entries, "Actors": actors, "Kinds": audit.Kinds, "Query": c.QueryParams(), "CSV": "/audit?" + q.Encode(),
	})
}
