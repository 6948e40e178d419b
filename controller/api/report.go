package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/report"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
)

// Report serves GET /api/v1/report?from=2026-11-01&to=2026-11-30
// [&unit=U][&group=G][&format=csv[&table=items|boards|units][&sep=semicolon]]:
// what was shown where and how often, for reporting to the Party
// committee without counting by hand; a unit's report rolls up by the
// units under it.
func (h *Handler) Report(c echo.Context) error {
	format := c.QueryParam("format")
	if format != "" && format != "json" && format != "csv" {
		return respond.BadRequest("bad_format", "Tham số format phải là json hoặc csv.")
	}
	table, ok := report.Tables[c.QueryParam("table")]
	if !ok && c.QueryParam("table") != "units" {
		return respond.BadRequest("bad_table", "Tham số table phải là rows (theo bảng và nội dung), items (theo nội dung), boards (theo bảng) hoặc units (theo đơn vị cấp dưới).")
	}
	q, err := report.ParseQuery(c, h.store, h.now(), h.location)
	if err != nil {
		return err
	}
	r, err := h.store.Report(c.Request().Context(), q.Filter())
	if err != nil {
		return err
	}
	connected := func(id int64) bool { return h.fleet.View(id).Online }
	if format != "csv" {
		units, total := report.RollUp(q, r, connected)
		return c.JSON(http.StatusOK, struct {
			From  string `json:"from"`
			To    string `json:"to"`
			Group string `json:"group"`
			Unit  string `json:"unit"`
			store.Report
			// Units: the roll-up by the units right under Unit (absent
			// when it has none), with Total.
			Units []report.UnitRow `json:"units,omitempty"`
			Total *report.UnitRow  `json:"total,omitempty"`
		}{q.From.Format(time.DateOnly), q.To.Format(time.DateOnly), q.Group, q.Unit.Slug, r, units, totalOf(units, total)})
	}
	if c.QueryParam("table") == "units" {
		name := fmt.Sprintf("bao-cao-phat-%s-%s-%s-don-vi.csv", q.Unit.Slug, q.From.Format("20060102"), q.To.Format("20060102"))
		return report.WriteCSV(c, name, report.UnitsTable(q, r, connected))
	}
	name := fmt.Sprintf("bao-cao-phat-%s-%s%s.csv", q.From.Format("20060102"), q.To.Format("20060102"), table.Suffix)
	return report.WriteCSV(c, name, table.Rows(r, h.location))
}

// totalOf is the roll-up's total, when there is a roll-up.
func totalOf(units []report.UnitRow, total report.UnitRow) *report.UnitRow {
	if units == nil {
		return nil
	}
	return &total
}

// Thumbnail serves a small picture of what a board shows now.
func (h *Handler) Thumbnail(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.store.Board(c.Request().Context(), auth.Scope(c), id); err != nil {
		return err
	}
	thumb := h.fleet.Thumbnail(id)
	if len(thumb) == 0 {
		return respond.Err(http.StatusNotFound, "not_found", "Bảng chưa gửi hình thu nhỏ.")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "image/png", thumb)
}
