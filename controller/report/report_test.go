package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
)

// excelFields splits a CSV file the way a careless spreadsheet might: on
// every comma, semicolon, tab and line break, quotes or not. Whatever
// the list separator of the reader's locale, no field it could see
// starts a formula.
func excelFields(data string) []string {
	return strings.FieldsFunc(data, func(r rune) bool { return strings.ContainsRune(",;\t\r\n", r) })
}

func startsFormula(field string) bool {
	f := strings.TrimLeft(field, " \"")
	return f != "" && strings.ContainsRune("=+-@", rune(f[0]))
}

func TestCSVNeverHoldsAFormulaInAnyLocale(t *testing.T) {
	hostile := []string{
		`a;=cmd|' /C calc'!A0`,
		"\t=1+1",
		"x,\r=1",
		"x\n@SUM(A1)",
		`Mừng Đảng; -2+3`,
		`"=1"`,
		`x;"=HYPERLINK(""http://x"")"`,
		"Chào mừng Đại hội, nhiệm kỳ 2025 - 2030!",
		"+84 912",
		"",
	}
	for _, sep := range []struct {
		param string
		comma rune
	}{{"", ','}, {"semicolon", ';'}} {
		for _, cell := range hostile {
			t.Run(sep.param+" "+cell, func(t *testing.T) {
				e := echo.New()
				rec := httptest.NewRecorder()
				c := e.NewContext(httptest.NewRequest(http.MethodGet, "/?sep="+sep.param, nil), rec)
				table := [][]string{{"Bảng", "Khẩu hiệu"}, {"Bảng LED chợ", cell}}
				if err := WriteCSV(c, "x.csv", table); err != nil {
					t.Fatal(err)
				}
				body := rec.Body.String()
				if !strings.HasPrefix(body, "\ufeff") || strings.HasPrefix(body, "\ufeffsep=") {
					t.Fatalf("file does not start with the BOM and data: %q", body)
				}
				for _, f := range excelFields(strings.TrimPrefix(body, "\ufeff")) {
					if startsFormula(f) {
						t.Errorf("a reader splitting %q sees the formula %q", body, f)
					}
				}
				r := csv.NewReader(bytes.NewReader(rec.Body.Bytes()[3:]))
				r.Comma = sep.comma
				recs, err := r.ReadAll()
				if err != nil || len(recs) != 2 || len(recs[1]) != 2 {
					t.Fatalf("not one cell per value: %q: %v", body, err)
				}
				if recs[1][0] != "Bảng LED chợ" {
					t.Errorf("Vietnamese text changed: %q", recs[1][0])
				}
				if got := strings.ReplaceAll(recs[1][1], "'", ""); got != strings.ReplaceAll(cell, "'", "") {
					t.Errorf("cell %q read back as %q: more than apostrophes changed", cell, recs[1][1])
				}
				if table[1][1] != cell {
					t.Error("writeCSV changed the caller's table")
				}
			})
		}
	}
}

func TestCSVRefusesAnUnknownSeparator(t *testing.T) {
	e := echo.New()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/?sep=tab", nil), rec)
	var ae *respond.Error
	if err := WriteCSV(c, "x.csv", [][]string{{"a"}}); !errors.As(err, &ae) || ae.Code != "bad_sep" || rec.Body.Len() != 0 {
		t.Fatalf("sep=tab: %v, wrote %q", err, rec.Body.String())
	}
}

func TestCSVTextIsNeverAFormula(t *testing.T) {
	tests := map[string]string{
		"Bảng LED chợ":                   "Bảng LED chợ",
		"=HYPERLINK(\"http://x\",\"a\")": "'=HYPERLINK(\"http://x\",\"a\")",
		"+84 912":                        "'+84 912",
		"-1":                             "'-1",
		"@SUM(A1)":                       "'@SUM(A1)",
		"":                               "",
	}
	for in, want := range tests {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}
