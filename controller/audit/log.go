// Package audit reads the audit log for both the API and the pages: the
// filter it is asked by, its entries in words, and its CSV.
package audit

import (
	"codong/controller/auth"
	"fmt"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/report"
	"codong/controller/request"
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

// maxRows bounds one export of the audit log.
const maxRows = 5000

// Page sizes of the log: the console's fits a phone's few screens; the
// API's is a script's batch. Both read ?page=N for the next ones.
const (
	ConsolePageSize = 12
	APIPageSize     = 200
)

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
	f := store.AuditFilter{Actor: c.QueryParam("actor"), Kind: c.QueryParam("kind")}
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
	return f, nil
}

// Entries are the entries the query's filter selects, newest first, up
// to maxRows: what an export holds.
func (l *Log) Entries(c echo.Context) ([]store.AuditEntry, error) {
	f, err := l.filter(c)
	if err != nil {
		return nil, err
	}
	f.Limit = maxRows
	return l.store.Audit(c.Request().Context(), auth.Scope(c), f)
}

// Page is one page of the log.
type Page struct {
	Entries []store.AuditEntry
	Number  int  // from 1
	More    bool // a later page holds older entries
}

// Page is the page of size entries that the query's filter and its
// ?page= ask for. One entry more is read than shown: it says whether a
// next page exists without counting the whole log.
func (l *Log) Page(c echo.Context, size int) (Page, error) {
	f, err := l.filter(c)
	if err != nil {
		return Page{}, err
	}
	n, err := request.Page(c)
	if err != nil {
		return Page{}, err
	}
	f.Limit, f.Offset = size+1, (n-1)*size
	entries, err := l.store.Audit(c.Request().Context(), auth.Scope(c), f)
	if err != nil {
		return Page{}, err
	}
	p := Page{Entries: entries, Number: n, More: len(entries) > size}
	if p.More {
		p.Entries = entries[:size]
	}
	return p, nil
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
