package controller

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// apiReport serves GET /api/v1/report?from=2026-11-01&to=2026-11-30
// [&format=csv]: what was shown where and how often, for reporting to the
// Party committee without counting by hand. Days are whole days in the
// controller's time zone, both ends included.
func (s *Server) apiReport(c echo.Context) error {
	loc := s.cfg.Location
	day := func(name string, def time.Time) (time.Time, error) {
		v := c.QueryParam(name)
		if v == "" {
			return def, nil
		}
		t, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil {
			return t, badRequest("bad_date", fmt.Sprintf("Ngày “%s” phải có dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-25.", v))
		}
		return t, nil
	}
	today := time.Now().In(loc)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	from, err := day("from", today.AddDate(0, 0, -30))
	if err != nil {
		return err
	}
	to, err := day("to", today)
	if err != nil {
		return err
	}
	if to.Before(from) {
		return badRequest("bad_date", "Ngày kết thúc đứng trước ngày bắt đầu.")
	}
	rows, err := s.store.Report(c.Request().Context(), from, to.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	if c.QueryParam("format") != "csv" {
		return c.JSON(http.StatusOK, map[string]any{"from": from.Format("2006-01-02"), "to": to.Format("2006-01-02"), "rows": rows})
	}
	name := fmt.Sprintf("bao-cao-phat-%s-%s.csv", from.Format("20060102"), to.Format("20060102"))
	table := [][]string{{"Bảng", "Khẩu hiệu", "Số lần phát", "Tổng thời gian (giây)", "Lần đầu", "Lần cuối"}}
	for _, r := range rows {
		table = append(table, []string{r.Board, r.Title, strconv.Itoa(r.Plays), strconv.Itoa(r.Seconds),
			r.First.In(loc).Format("02/01/2006 15:04"), r.Last.In(loc).Format("02/01/2006 15:04")})
	}
	return writeCSV(c, name, table)
}

// writeCSV sends a table as a CSV file that Excel opens correctly: a
// byte-order mark so the Vietnamese letters read as UTF-8, and every
// cell neutralised so none is taken for a formula.
func writeCSV(c echo.Context, filename string, table [][]string) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Response().WriteHeader(http.StatusOK)
	c.Response().Write([]byte("\ufeff"))
	w := csv.NewWriter(c.Response())
	for _, row := range table {
		for i := range row {
			row[i] = csvText(row[i])
		}
		w.Write(row)
	}
	w.Flush()
	return w.Error()
}

// apiThumbnail serves a small picture of what a board shows now.
func (s *Server) apiThumbnail(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	thumb := s.fleet.Thumbnail(id)
	if len(thumb) == 0 {
		return apiErr(http.StatusNotFound, "not_found", "Bảng chưa gửi hình thu nhỏ.")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "image/png", thumb)
}

// csvText keeps a spreadsheet from reading text as a formula: a cell that
// starts with = + - @ gets a leading apostrophe, as Excel itself does.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
