package controller

import (
	"fmt"
	"maps"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/report"
	"codong/controller/respond"
	"codong/controller/store"
)

// maxAuditRows bounds one page or export of the audit log.
const maxAuditRows = 5000

// auditKinds are the kinds of entries the log is filtered by.
var auditKinds = []struct{ Code, Name string }{
	{"slogan", "Khẩu hiệu"},
	{"playlist", "Danh sách phát"},
	{"schedule", "Lịch phát"},
	{"version", "Duyệt, từ chối, rút lại"},
	{"override", "Phát đặc biệt"},
	{"board", "Bảng"},
	{"user", "Người dùng"},
	{"token", "Mã truy cập"},
	{"account", "Người nắm tài khoản (bốn mắt)"},
	{"login", "Đăng nhập"},
	{"content", "Hệ thống"},
}

// auditFilter reads the filter from the query: actor, kind, from, to
// (days in the controller's zone, both included).
func (s *Server) auditFilter(c echo.Context) (store.AuditFilter, error) {
	f := store.AuditFilter{Actor: c.QueryParam("actor"), Kind: c.QueryParam("kind"), Limit: 200}
	if f.Kind != "" {
		known := false
		for _, k := range auditKinds {
			known = known || k.Code == f.Kind
		}
		if !known {
			return f, respond.BadRequest("bad_kind", "Loại việc “"+f.Kind+"” không có.")
		}
	}
	for _, d := range []struct {
		name string
		into *time.Time
		plus int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		v := c.QueryParam(d.name)
		if v == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", v, s.cfg.Location)
		if err != nil {
			return f, respond.BadRequest("bad_date", fmt.Sprintf("Ngày “%s” phải có dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-25.", v))
		}
		*d.into = t.AddDate(0, 0, d.plus)
	}
	if c.QueryParam("format") == "csv" {
		f.Limit = maxAuditRows
	}
	return f, nil
}

func (s *Server) auditEntries(c echo.Context) ([]store.AuditEntry, error) {
	f, err := s.auditFilter(c)
	if err != nil {
		return nil, err
	}
	return s.store.Audit(c.Request().Context(), f)
}

// auditCSV exports entries with the same Excel-safe writer as the report.
func (s *Server) auditCSV(c echo.Context, entries []store.AuditEntry) error {
	table := [][]string{{"Lúc", "Người thực hiện", "Vai trò", "Địa chỉ", "Việc", "Mã việc", "Chi tiết"}}
	for _, e := range entries {
		table = append(table, []string{e.At.In(s.cfg.Location).Format("02/01/2006 15:04:05"), e.Actor, rolesText(e.Roles), e.Address,
			actionName(e.Action), e.Action, detailText(e.Detail)})
	}
	return report.WriteCSV(c, "nhat-ky-"+s.cfg.Now().In(s.cfg.Location).Format("20060102-1504")+".csv", table)
}

func (s *Server) apiAudit(c echo.Context) error {
	entries, err := s.auditEntries(c)
	if err != nil {
		return err
	}
	if c.QueryParam("format") == "csv" {
		return s.auditCSV(c, entries)
	}
	return c.JSON(http.StatusOK, entries)
}

// showAudit is the Nhật ký page: filters, the entries, and the export.
func (s *Server) showAudit(c echo.Context) error {
	entries, err := s.auditEntries(c)
	if err != nil {
		return err
	}
	if c.QueryParam("format") == "csv" {
		return s.auditCSV(c, entries)
	}
	actors, err := s.store.AuditActors(c.Request().Context())
	if err != nil {
		return err
	}
	q := maps.Clone(c.QueryParams())
	q.Set("format", "csv")
	q.Set("sep", "semicolon") // the console's people open it in a Vietnamese Excel
	return s.render(c, http.StatusOK, "audit", map[string]any{
		"Entries": entries, "Actors": actors, "Kinds": auditKinds, "Query": c.QueryParams(), "CSV": "/audit?" + q.Encode(),
	})
}
