// Package audit reads the audit log for both the API and the pages: the
// filter it is asked by, its entries in words, and its CSV.
package audit

import (
	"fmt"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/report"
	"codong/controller/respond"
	"codong/controller/store"
)

// Log reads the audit log.
type Log struct {
	store    *store.Store
	now      func() time.Time
	location *time.Location
}

// New returns the audit log of st, its days in loc.
func New(st *store.Store, now func() time.Time, loc *time.Location) *Log {
	return &Log{store: st, now: now, location: loc}
}

// maxRows bounds one page or export of the audit log.
const maxRows = 5000

// Kinds are the kinds of entries the log is filtered by.
var Kinds = []struct{ Code, Name string }{
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

// filter reads the filter from the query: actor, kind, from, to
// (days in the controller's zone, both included).
func (l *Log) filter(c echo.Context) (store.AuditFilter, error) {
	f := store.AuditFilter{Actor: c.QueryParam("actor"), Kind: c.QueryParam("kind"), Limit: 200}
	if f.Kind != "" {
		known := false
		for _, k := range Kinds {
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
		t, err := time.ParseInLocation("2006-01-02", v, l.location)
		if err != nil {
			return f, respond.BadRequest("bad_date", fmt.Sprintf("Ngày “%s” phải có dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-25.", v))
		}
		*d.into = t.AddDate(0, 0, d.plus)
	}
	if c.QueryParam("format") == "csv" {
		f.Limit = maxRows
	}
	return f, nil
}

// Entries are the entries the query asks for.
func (l *Log) Entries(c echo.Context) ([]store.AuditEntry, error) {
	f, err := l.filter(c)
	if err != nil {
		return nil, err
	}
	return l.store.Audit(c.Request().Context(), f)
}

// CSV exports entries with the same Excel-safe writer as the report.
func (l *Log) CSV(c echo.Context, entries []store.AuditEntry) error {
	table := [][]string{{"Lúc", "Người thực hiện", "Vai trò", "Địa chỉ", "Việc", "Mã việc", "Chi tiết"}}
	for _, e := range entries {
		table = append(table, []string{e.At.In(l.location).Format("02/01/2006 15:04:05"), e.Actor, RolesText(e.Roles), e.Address,
			ActionName(e.Action), e.Action, DetailText(e.Detail)})
	}
	return report.WriteCSV(c, "nhat-ky-"+l.now().In(l.location).Format("20060102-1504")+".csv", table)
}
