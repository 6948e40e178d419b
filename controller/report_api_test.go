package controller

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"codong/controller/console"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// TestReportRefusesBadQueries: every malformed report request gets a
// stable code and a Vietnamese message, never a report of something
// else than was asked (a misspelt filter reporting every board).
func TestReportRefusesBadQueries(t *testing.T) {
	h := newAPIHarness(t)
	tests := []struct{ name, query, code, message string }{
		{"day month year", "from=26/11/2026", "bad_date", "NĂM-THÁNG-NGÀY"},
		{"end before start", "from=2026-11-26&to=2026-11-25", "bad_date", "đứng trước"},
		{"367 days", "from=2025-11-26&to=2026-11-27", "range_too_long", "366 ngày"},
		{"unknown group", "group=khong-co", "unknown_group", "khong-co"},
		{"unknown board", "board=999", "unknown_board", "999"},
		{"misspelt filter", "grp=cho", "unknown_param", "“grp”"},
		{"unknown format", "format=xlsx", "bad_format", "json hoặc csv"},
		{"unknown table", "format=csv&table=hours", "bad_table", "items"},
		{"unknown separator", "format=csv&sep=tab", "bad_sep", "semicolon"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, m, raw := h.do(t, "GET", "/api/v1/report?"+tc.query, h.token, "", "")
			if status != 400 || m["code"] != tc.code {
				t.Fatalf("got %d %s, want 400 %s", status, raw, tc.code)
			}
			if msg, _ := m["message"].(string); !strings.Contains(msg, tc.message) {
				t.Fatalf("message %q should mention %q", msg, tc.message)
			}
		})
	}
	// A whole leap year is the longest period taken.
	if status, _, raw := h.do(t, "GET", "/api/v1/report?from=2028-01-01&to=2028-12-31", h.token, "", ""); status != 200 {
		t.Fatalf("366 days: %d %s", status, raw)
	}
}

// TestReportByItemAndGroup: the API's totals, items and boards, on every
// board and on one group, as JSON and as the spreadsheets the page
// links to.
func TestReportByItemAndGroup(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	st := h.s.store
	loc := h.s.cfg.Location
	for _, g := range []string{"Chợ", "Hội trường"} {
		if _, err := st.CreateGroup(ctx, testActor, g); err != nil {
			t.Fatal(err)
		}
	}
	market, _ := st.CreateBoard(ctx, testActor, store.Board{Name: "Bảng LED chợ", Width: 384, Height: 128, Groups: []string{"cho"}}, "h1")
	hall, _ := st.CreateBoard(ctx, testActor, store.Board{Name: "Màn hình hội trường", Width: 384, Height: 128, Groups: []string{"hoi-truong"}}, "h2")
	// 07:00 on 25 November in Vietnam, midnight UTC.
	t0 := time.Date(2026, 11, 25, 7, 0, 0, 0, loc)
	asset := strings.Repeat("c", 64)
	sent := []store.SentItem{{ItemID: 900, Asset: asset, Width: 384, Height: 128, Playlist: playlists.DefaultSlug, Title: "=Ảnh Đại hội", At: t0.Add(-time.Hour)}}
	play := func(id int64, at time.Time, seconds int) protocol.Play {
		return protocol.Play{ID: id, ItemID: 900, Asset: asset, Start: at, Seconds: seconds}
	}
	err := st.SaveTelemetry(ctx, store.Telemetry{Sent: sent, Plays: []store.BoardPlays{
		{Board: market.ID, Records: []protocol.Play{play(1, t0, 3600), play(2, t0.Add(2*time.Hour), 1805)}},
		{Board: hall.ID, Records: []protocol.Play{play(1, t0.Add(time.Hour), 60), play(2, t0.AddDate(0, 0, 1), 60)}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	type report struct {
		From, To, Group string
		Plays, Seconds  int
		Items           []store.ItemTotal
		Boards          []store.BoardTotal
		Rows            []store.ReportRow
	}
	get := func(query string) report {
		t.Helper()
		status, _, raw := h.do(t, "GET", "/api/v1/report?"+query, h.token, "", "")
		var r report
		if err := json.Unmarshal(raw, &r); status != 200 || err != nil {
			t.Fatalf("%s: %d %s", query, status, raw)
		}
		return r
	}
	all := get("from=2026-11-25&to=2026-11-25")
	if all.Plays != 3 || all.Seconds != 3600+1805+60 || len(all.Boards) != 2 || len(all.Rows) != 2 || len(all.Items) != 1 {
		t.Fatalf("whole fleet on 25/11: %+v", all)
	}
	if it := all.Items[0]; it.Title != "=Ảnh Đại hội" || it.Plays != 3 || strings.Join(it.Boards, "|") != "Bảng LED chợ|Màn hình hội trường" {
		t.Fatalf("item %+v", it)
	}
	cho := get("from=2026-11-25&to=2026-11-26&group=cho")
	if cho.Group != "cho" || cho.Plays != 2 || len(cho.Boards) != 1 || cho.Boards[0].Board != "Bảng LED chợ" {
		t.Fatalf("group cho: %+v", cho)
	}
	one := get(fmt.Sprintf("from=2026-11-25&to=2026-11-26&board=%d", hall.ID))
	if one.Plays != 2 || len(one.Boards) != 1 || one.Boards[0].Board != "Màn hình hội trường" {
		t.Fatalf("one board: %+v", one)
	}
	if two := get("from=2026-11-25&to=2026-11-26"); two.Plays != 4 {
		t.Fatalf("two days: %d plays, want 4 (the last day counts whole)", two.Plays)
	}

	readCSV := func(query string) [][]string {
		t.Helper()
		status, _, raw := h.do(t, "GET", "/api/v1/report?"+query, h.token, "", "")
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff"))))
		r.Comma = ';'
		recs, err := r.ReadAll()
		if status != 200 || err != nil || !bytes.HasPrefix(raw, []byte("\ufeff")) {
			t.Fatalf("%s: %d %q %v", query, status, raw, err)
		}
		return recs
	}
	items := readCSV("from=2026-11-25&to=2026-11-25&format=csv&table=items&sep=semicolon")
	want := []string{"'=Ảnh Đại hội", "3", "1:31:05", "5465", "2", "Bảng LED chợ; Màn hình hội trường", "25/11/2026 07:00", "25/11/2026 09:00"}
	if len(items) != 2 || items[0][0] != "Nội dung" || strings.Join(items[1], "|") != strings.Join(want, "|") {
		t.Fatalf("items CSV %q, want row %q", items, want)
	}
	boards := readCSV("from=2026-11-25&to=2026-11-25&format=csv&table=boards&sep=semicolon&group=hoi-truong")
	if len(boards) != 2 || strings.Join(boards[1][:5], "|") != "Màn hình hội trường|1|1|0:01:00|60" {
		t.Fatalf("boards CSV of hoi-truong %q", boards)
	}
}

// TestPrintedReportHeader renders the A4 report with and without a
// letterhead configured: names as configured, in capitals where the
// header wants them, and blanks to fill in by hand, never a made-up name.
func TestPrintedReportHeader(t *testing.T) {
	loc := defaultLocation()
	p := console.MustTemplates(loc)
	data := func(head Letterhead) map[string]any {
		return map[string]any{"Head": head, "Today": time.Date(2026, 11, 28, 9, 0, 0, 0, loc), "Report": store.Report{},
			"From": time.Date(2026, 11, 1, 0, 0, 0, 0, loc), "To": time.Date(2026, 11, 28, 0, 0, 0, 0, loc), "User": "admin"}
	}
	var b bytes.Buffer
	head := Letterhead{Org: "Đảng bộ xã Liên Minh", Issuer: "Đảng uỷ xã Liên Minh", Place: "Liên Minh", Recipient: "Ban Tuyên giáo và Dân vận Tỉnh uỷ"}
	if err := p.Render(&b, "report_print", data(head), nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ĐẢNG BỘ XÃ LIÊN MINH", "<strong>ĐẢNG UỶ XÃ LIÊN MINH</strong>", "ĐẢNG CỘNG SẢN VIỆT NAM",
		"Liên Minh, ngày 28 tháng 11 năm 2026", "Kính gửi: Ban Tuyên giáo và Dân vận Tỉnh uỷ", "T/M ĐẢNG UỶ XÃ LIÊN MINH",
		"từ ngày 01/11/2026 đến ngày 28/11/2026", "Kết quả tuyên truyền trên bảng điện tử"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("configured header lacks %q", want)
		}
	}
	b.Reset()
	if err := p.Render(&b, "report_print", data(Letterhead{}), nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Kính gửi: ……", "……, ngày 28 tháng 11 năm 2026", "T/M ……"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("unconfigured header lacks the blank %q", want)
		}
	}
	if strings.Contains(b.String(), "LIÊN MINH") {
		t.Error("an unconfigured header names a commune")
	}
}
