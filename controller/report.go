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
// byte-order mark so the Vietnamese letters read as UTF-8, the list
// separator the reader's Excel expects, and every cell neutralised so no
// part of it is taken for a formula.
//
// Excel splits a double-clicked CSV file on its locale's list separator:
// a comma in most locales, a semicolon where the comma is the decimal
// mark, as in Vietnamese Windows. The caller chooses with ?sep=semicolon
// (the console's "Excel" link) or sep=comma (the default, for scripts).
// There is no "sep=" first line to choose for the reader: Excel reads the
// file's encoding from the BOM only when the BOM is followed by data, and
// after a "sep=" line it falls back to the ANSI code page, so every
// Vietnamese letter would be garbled. Whatever the separator, csvText
// neutralises every place where either separator, a tab or a line break
// could start a field, so a file opened with the other one is still
// never a formula.
func writeCSV(c echo.Context, filename string, table [][]string) error {
	comma, ok := csvSeparators[c.QueryParam("sep")]
	if !ok {
		return badRequest("bad_sep", "Tham số sep phải là comma (dấu phẩy) hoặc semicolon (dấu chấm phẩy, cho Excel cài tiếng Việt).")
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Response().WriteHeader(http.StatusOK)
	c.Response().Write([]byte("\ufeff"))
	w := csv.NewWriter(c.Response())
	w.Comma = comma
	for _, row := range table {
		line := make([]string, len(row))
		for i, cell := range row {
			line[i] = csvText(cell)
		}
		w.Write(line)
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

// csvText keeps a spreadsheet from reading any part of a cell as a
// formula. Excel starts a field at the start of a cell and, depending on
// the locale's list separator, after a comma or a semicolon even inside
// a quoted cell (a quote only quotes at the start of a field), and a row
// after a line break; it skips a leading tab or CR, and a field's own
// quotes, and evaluates a field that then starts with = + - @. So
// wherever a field may start (the cell's start, or after , ; tab CR LF),
// spaces and quotes skipped, a character that starts a formula or is
// skipped to find one (= + - @ tab CR LF) gets an apostrophe before it,
// which Excel shows as text, as it does itself. encoding/csv then quotes
// every cell holding , " CR or LF.
func csvText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	fieldStart := true
	for _, r := range s {
		if fieldStart && strings.ContainsRune(csvFormulaStart, r) {
			b.WriteByte('\'')
		}
		b.WriteRune(r)
		if r != ' ' && r != '"' {
			fieldStart = strings.ContainsRune(csvFieldBreak, r)
		}
	}
	return b.String()
}

// csvSeparators are the list separators a caller may ask for.
var csvSeparators = map[string]rune{"": ',', "comma": ',', "semicolon": ';'}

// csvFieldBreak ends a field in some locale; csvFormulaStart are the
// characters Excel may take as the start of a formula (or skip to find
// one) at a field's start.
const (
	csvFieldBreak   = ",;\t\r\n"
	csvFormulaStart = "=+-@\t\r\n"
)
