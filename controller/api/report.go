package api

import (
	"codong/controller/auth"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/report"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
)

// Report serves GET /api/v1/report?from=2026-11-01&to=2026-11-30
// [&group=G][&format=csv[&table=items|boards][&sep=semicolon]]: what was
// shown where and how often, for reporting to the Party committee
// without counting by hand.
func (h *Handler) Report(c echo.Context) error {
	format := c.QueryParam("format")
	if format != "" && format != "json" && format != "csv" {
		return respond.BadRequest("bad_format", "Tham số format phải là json hoặc csv.")
	}
	table, ok := report.Tables[c.QueryParam("table")]
	if !ok {
		return respond.BadRequest("bad_table", "Tham số table phải là rows (theo bảng và nội dung), items (theo nội dung) hoặc boards (theo bảng).")
	}
	q, err := report.ParseQuery(c, h.store, h.now(), h.location)
	if err != nil {
		return err
	}
	r, err := h.store.Report(c.Request().Context(), q.Filter())
	if err != nil {
		return err
	}
	if format != "csv" {
		return c.JSON(http.StatusOK, struct {
			From  string `json:"from"`
			To    string `json:"to"`
			Group string `json:"group"`
			store.Report
		}{q.From.Format(time.DateOnly), q.To.Format(time.DateOnly), q.Group, r})
	}
	name := fmt.Sprintf("bao-cao-phat-%s-%s%s.csv", q.From.Format("20060102"), q.To.Format("20060102"), table.Suffix)
	return report.WriteCSV(c, name, table.Rows(r, h.location))
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
