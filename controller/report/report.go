package report

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/respond"
	"codong/controller/store"
)

// MaxDays bounds a report's period: a whole leap year, enough for
// any report upward (a year's work, a congress period of months), and a
// bound on what one request may ask the database to sum.
const MaxDays = 366

// reportParams are the query parameters a report takes; any other is
// refused, so a misspelt filter ("grp=") never silently reports every
// board.
var reportParams = map[string]bool{"from": true, "to": true, "group": true, "board": true, "unit": true, "format": true, "table": true, "sep": true}

// Query is a report's period and scope as asked.
type Query struct {
	From, To time.Time     // whole days in the controller's zone, both included
	Group    string        // "": every board
	Board    int64         // or one board; 0: every board
	Groups   []store.Group // the groups one can choose from
	Boards   []store.Board // and the boards
	// GroupName is the chosen group's or board's name, for people.
	GroupName, BoardName string
	// Unit is the unit reported on (by default the asker's own): its
	// boards and those of the units under it, rolled up by the units
	// right under it. Tree is the installation's units.
	Unit store.Unit
	Tree *store.Tree
	// Scope is what the report sums: Unit and every unit under it.
	Scope store.Scope
}

// Filter is the store's half-open period: to the start of the day
// after To.
func (q Query) Filter() store.ReportFilter {
	return store.ReportFilter{From: q.From, To: q.To.AddDate(0, 0, 1), Group: q.Group, Board: q.Board, Scope: q.Scope}
}

// ParseQuery reads from, to and group, by default the 30 days up
// to today on every board. The page, its print view and the API read
// them alike.
func ParseQuery(c echo.Context, st *store.Store, now time.Time, loc *time.Location) (Query, error) {
	var q Query
	for name := range c.QueryParams() {
		if !reportParams[name] {
			return q, respond.BadRequest("unknown_param", fmt.Sprintf("Báo cáo không có tham số “%s”; chỉ có from, to, group, board, unit, format, table, sep.", name))
		}
	}
	var err error
	if q.Unit, q.Scope, q.Tree, err = auth.Looking(c); err != nil {
		return q, err
	}
	today := now.In(loc)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	if q.From, err = reportDay(c, "from", today.AddDate(0, 0, -30), loc); err != nil {
		return q, err
	}
	if q.To, err = reportDay(c, "to", today, loc); err != nil {
		return q, err
	}
	if q.To.Before(q.From) {
		return q, respond.BadRequest("bad_date", "Ngày kết thúc đứng trước ngày bắt đầu.")
	}
	if q.To.After(q.From.AddDate(0, 0, MaxDays-1)) {
		return q, respond.BadRequest("range_too_long", fmt.Sprintf("Mỗi báo cáo tính tối đa %d ngày; hãy chia khoảng thời gian ra.", MaxDays))
	}
	if q.Groups, err = st.Groups(c.Request().Context(), q.Scope); err != nil {
		return q, err
	}
	q.Group = c.QueryParam("group")
	if q.Group != "" {
		i := slices.IndexFunc(q.Groups, func(g store.Group) bool { return g.Slug == q.Group })
		if i < 0 {
			return q, respond.BadRequest("unknown_group", fmt.Sprintf("Không có nhóm bảng mã “%s”.", q.Group))
		}
		q.GroupName = q.Groups[i].Name
	}
	if q.Boards, err = st.Boards(c.Request().Context(), q.Scope); err != nil {
		return q, err
	}
	if v := c.QueryParam("board"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		i := slices.IndexFunc(q.Boards, func(b store.Board) bool { return b.ID == id })
		if i < 0 {
			return q, respond.BadRequest("unknown_board", fmt.Sprintf("Không có bảng số “%s”.", v))
		}
		if q.Group != "" {
			return q, respond.BadRequest("bad_scope", "Hãy chọn một nhóm hoặc một bảng, không cả hai.")
		}
		q.Board, q.BoardName = id, q.Boards[i].Name
	}
	return q, nil
}

// reportDay reads a day parameter; empty means def.
func reportDay(c echo.Context, name string, def time.Time, loc *time.Location) (time.Time, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	t, err := time.ParseInLocation("2006-01-02", v, loc)
	if err != nil {
		return t, respond.BadRequest("bad_date", fmt.Sprintf("Ngày “%s” phải có dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-25.", v))
	}
	return t, nil
}

// Table is one way to export a report as a spreadsheet.
type Table struct {
	Suffix string // of the file name
	Rows   func(store.Report, *time.Location) [][]string
}

// Tables are the exports, by ?table=; the default (rows) keeps
// the columns scripts read before items and boards were added, but for
// "Nội dung", which was "Khẩu hiệu" before photos were counted too.
var Tables = map[string]Table{
	"": {"", reportRows}, "rows": {"", reportRows}, "items": {"-noi-dung", reportItems}, "boards": {"-bang", reportBoards},
}

func reportRows(r store.Report, loc *time.Location) [][]string {
	t := [][]string{{"Bảng", "Nội dung", "Số lần phát", "Tổng thời gian (giây)", "Lần đầu", "Lần cuối"}}
	for _, row := range r.Rows {
		t = append(t, []string{row.Board, row.Title, strconv.Itoa(row.Plays), strconv.Itoa(row.Seconds), csvTime(row.First, loc), csvTime(row.Last, loc)})
	}
	return t
}

func reportItems(r store.Report, loc *time.Location) [][]string {
	t := [][]string{{"Nội dung", "Số lần phát", "Tổng thời gian (giờ:phút:giây)", "Tổng thời gian (giây)", "Số bảng", "Các bảng", "Lần đầu", "Lần cuối"}}
	for _, it := range r.Items {
		t = append(t, []string{it.Title, strconv.Itoa(it.Plays), Clock(it.Seconds), strconv.Itoa(it.Seconds),
			strconv.Itoa(len(it.Boards)), strings.Join(it.Boards, "; "), csvTime(it.First, loc), csvTime(it.Last, loc)})
	}
	return t
}

func reportBoards(r store.Report, loc *time.Location) [][]string {
	t := [][]string{{"Bảng", "Số nội dung", "Số lần phát", "Giờ phát (giờ:phút:giây)", "Giờ phát (giây)", "Lần đầu", "Lần cuối"}}
	for _, b := range r.Boards {
		t = append(t, []string{b.Board, strconv.Itoa(b.Items), strconv.Itoa(b.Plays), Clock(b.Seconds), strconv.Itoa(b.Seconds),
			csvTime(b.First, loc), csvTime(b.Last, loc)})
	}
	return t
}

func csvTime(t time.Time, loc *time.Location) string { return t.In(loc).Format("02/01/2006 15:04") }

// Clock writes a duration in seconds as h:mm:ss, hours unbounded: a
// report of a year on many boards runs to thousands of hours.
func Clock(seconds int) string {
	return fmt.Sprintf("%d:%02d:%02d", seconds/3600, seconds/60%60, seconds%60)
}

// WriteCSV sends a table as a CSV file that Excel opens correctly: a
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
func WriteCSV(c echo.Context, filename string, table [][]string) error {
	comma, ok := csvSeparators[c.QueryParam("sep")]
	if !ok {
		return respond.BadRequest("bad_sep", "Tham số sep phải là comma (dấu phẩy) hoặc semicolon (dấu chấm phẩy, cho Excel cài tiếng Việt).")
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
