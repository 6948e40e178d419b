package e2e

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"codong/internal/browsertest"
)

// apiReport is the part of GET /api/v1/report the page is checked
// against.
type apiReport struct {
	Plays   int `json:"plays"`
	Seconds int `json:"seconds"`
	Items   []struct {
		Title  string   `json:"title"`
		Plays  int      `json:"plays"`
		Boards []string `json:"boards"`
	} `json:"items"`
	Boards []struct {
		Board string `json:"board"`
	} `json:"boards"`
}

// TestReportPage: two real players, one in the group "cho", journal
// their plays; the "Báo cáo" page shows the same totals as the API for
// today, filters by group, refuses a period too long above the form,
// links a spreadsheet Excel reads as UTF-8,
// and prints as an A4 document with the administrative header and no
// navigation; at 360 px nothing scrolls sideways. With
// CODONG_SCREENSHOTS=DIR the pictures are kept as report-*.png.
func TestReportPage(t *testing.T) {
	t.Parallel()
	h := startController(t)
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	for _, it := range def.Items {
		h.setItemSeconds("default", it.ID, 2)
	}
	h.approveAll()
	const market, hall = "Bảng LED chợ Liên Minh", "Màn hình hội trường"
	var stops []func()
	h.api("POST", "/api/v1/groups", map[string]string{"name": "Chợ"}, nil)
	h.api("POST", "/api/v1/groups", map[string]string{"name": "Hội trường"}, nil)
	for _, b := range []struct{ name, group string }{{market, "cho"}, {hall, "hoi-truong"}} {
		var created boardCreated
		// No slogan scrolls on this size: a strip would last a whole
		// pass, far longer than the two-second items.
		h.api("POST", "/api/v1/boards", map[string]any{"name": b.name, "size": "1920x1080", "groups": []string{b.group}}, &created)
		dir := t.TempDir()
		frame := filepath.Join(dir, "frame.png")
		stops = append(stops, runPlayer(t, h.srv.URL, created.Token, dir, frame))
		waitFrame(t, frame, h.expectedAsset(def.Items[0].Text, "1920x1080"), b.name)
	}
	today := time.Now().In(mustVietnam(t)).Format(time.DateOnly)
	period := "from=" + today + "&to=" + today
	// Both boards play for a while; then the players stop, so the page
	// and the API are compared on plays that no longer change.
	var want apiReport
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		h.api("GET", "/api/v1/report?"+period, nil, &want)
		if len(want.Boards) == 2 && want.Plays >= 6 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the report never counted plays on both boards: %+v", want)
		}
	}
	for _, stop := range stops {
		stop()
	}
	for last := (apiReport{Plays: -1}); !reflect.DeepEqual(last, want); time.Sleep(1500 * time.Millisecond) {
		last = want
		h.api("GET", "/api/v1/report?"+period, nil, &want)
	}

	shots := os.Getenv("CODONG_SCREENSHOTS")
	u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: browsertest.Viewport{Width: 1366, Height: 768}})}
	u.b.Navigate(h.srv.URL + "/login")
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	u.b.Navigate(h.srv.URL + "/report?" + period)
	if got := u.text("nav a.on"); got != "Báo cáo" {
		t.Fatalf("the navigation marks %q, want Báo cáo", got)
	}
	checkReportTotals(u, want, 2)
	var titles []string
	u.eval("read the items", `[...document.querySelectorAll("table.report-items tbody td.title")].map(td => td.textContent)`, &titles)
	if len(titles) != len(want.Items) || titles[0] != want.Items[0].Title {
		t.Fatalf("items on the page %q, from the API %+v", titles, want.Items)
	}
	if got := u.text("table.report-items tbody tr td.names"); !strings.Contains(got, market) || !strings.Contains(got, hall) {
		t.Errorf("the first item's boards read %q, want both boards", got)
	}
	if got := u.text("main"); !strings.Contains(got, "Giờ phát là tổng thời gian") {
		t.Error("the page does not say what hours on air are")
	}
	saveShot(t, u.b, shots, "report-desktop", 1366)
	checkSpreadsheet(u)

	u.b.LoadAfter("filter by group", func() error {
		return u.fillAnd("form.filters", map[string]string{"group": "cho"}, "f.submit()")
	})
	var cho apiReport
	h.api("GET", "/api/v1/report?"+period+"&group=cho", nil, &cho)
	checkReportTotals(u, cho, 1)
	var tables string
	u.eval("read the report's tables", `[...document.querySelectorAll("main table")].map(t => t.textContent).join(" ")`, &tables)
	if strings.Contains(tables, hall) {
		t.Errorf("the report of group cho names %s", hall)
	}

	// A period too long is refused above the form, which keeps the
	// dates typed so they can be corrected.
	u.b.Navigate(h.srv.URL + "/report?from=2025-01-01&to=2026-06-30&group=cho")
	if got := u.text("p.error"); !strings.Contains(got, "tối đa 366 ngày") || u.value(`input[name="from"]`) != "2025-01-01" {
		t.Errorf("a 546-day period: error %q, from field %q", got, u.value(`input[name="from"]`))
	}
	u.b.Navigate(h.srv.URL + "/report?" + period + "&group=cho")
	u.b.LoadAfter("open the print view", func() error {
		return u.b.Eval(`document.querySelector(".report-actions a.primary").click()`, nil)
	})
	checkPrintView(u, shots, "report-print-desktop", 1366)

	if err := u.b.SetViewport(browsertest.Phone); err != nil {
		t.Fatal(err)
	}
	for _, page := range []struct{ name, path string }{{"report-phone", "/report?" + period}, {"report-print-phone", "/report/print?" + period}} {
		u.b.Navigate(h.srv.URL + page.path)
		var w []int
		u.eval("measure the page", "[document.documentElement.scrollWidth, innerWidth]", &w)
		if len(w) != 2 || w[0] > 360 || w[1] != 360 {
			t.Errorf("%s is %v px wide in a 360 px phone: it scrolls sideways", page.path, w)
		}
		saveShot(t, u.b, shots, page.name, 360)
	}
	if thrown := u.b.Uncaught(); len(thrown) > 0 {
		t.Errorf("the pages threw script errors:\n%s", strings.Join(thrown, "\n"))
	}
}

// checkReportTotals compares the page's totals with the API's.
func checkReportTotals(u *ui, want apiReport, boards int) {
	u.t.Helper()
	secs := want.Seconds
	got := []string{u.text("#total-boards"), u.text("#total-plays"), u.text("#total-time"), u.text("#total-items")}
	exp := []string{itoa(int64(boards)), itoa(int64(want.Plays)), fmt.Sprintf("%d:%02d:%02d", secs/3600, secs/60%60, secs%60), itoa(int64(len(want.Items)))}
	if len(want.Boards) != boards || !reflect.DeepEqual(got, exp) {
		u.t.Fatalf("page totals (boards, plays, time, items) %q; API %q with %d boards, want %d", got, exp, len(want.Boards), boards)
	}
}

// checkSpreadsheet downloads the page's "by item" spreadsheet with the
// browser's own session: a UTF-8 BOM, then the Vietnamese header.
func checkSpreadsheet(u *ui) {
	u.t.Helper()
	var head []int
	u.eval("download the spreadsheet", `(async () => {
		const a = [...document.querySelectorAll(".report-actions a")].find(a => a.textContent.includes("theo nội dung"));
		const r = await fetch(a.href);
		return [...new Uint8Array(await r.arrayBuffer())].slice(0, 40);
	})()`, &head)
	b := make([]byte, len(head))
	for i, v := range head {
		b[i] = byte(v)
	}
	if !bytes.HasPrefix(b, []byte("\ufeffNội dung;Số lần phát;")) {
		u.t.Fatalf("the spreadsheet starts %q, want a BOM and the header split by semicolons", b)
	}
}

// checkPrintView looks at the print view as printed: the header of an
// administrative document, no navigation or buttons, an A4 page.
func checkPrintView(u *ui, shots, name string, width int) {
	u.t.Helper()
	text := u.text("main")
	for _, want := range []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO", "Kết quả tuyên truyền trên bảng điện tử", "Kính gửi:", "T/M", "(Ký, ghi rõ họ tên)"} {
		if !strings.Contains(text, want) {
			u.t.Errorf("the print view lacks %q", want)
		}
	}
	if err := u.b.Call("Emulation.setEmulatedMedia", map[string]any{"media": "print"}, nil); err != nil {
		u.t.Fatal(err)
	}
	defer u.b.Call("Emulation.setEmulatedMedia", map[string]any{"media": ""}, nil)
	for _, sel := range []string{"header.top", ".no-print"} {
		if u.visible(sel) {
			u.t.Errorf("%s shows when printed", sel)
		}
	}
	// The picture is taken at the width an A4 page leaves inside its
	// margins (180 mm at 96 px an inch), to look at what paper shows.
	if err := u.b.SetViewport(browsertest.Viewport{Width: a4Inside, Height: 962}); err != nil {
		u.t.Fatal(err)
	}
	defer u.b.SetViewport(browsertest.Viewport{Width: width, Height: 768})
	saveShot(u.t, u.b, shots, name, a4Inside)
	pdf, err := u.b.PrintToPDF()
	if err != nil {
		u.t.Fatal(err)
	}
	// Chromium's default paper is US Letter (612 points wide); A4 is 595.
	if !bytes.Contains(pdf, []byte("/MediaBox [0 0 59")) {
		i := bytes.Index(pdf, []byte("/MediaBox"))
		u.t.Errorf("the printed page is not A4: %q", pdf[i:min(i+40, len(pdf))])
	}
	if shots != "" {
		os.WriteFile(filepath.Join(shots, name+".pdf"), pdf, 0o644)
	}
}

// saveShot takes a picture of the whole page, which must be no wider
// than the window, and keeps it in dir if set.
func saveShot(t *testing.T, b *browsertest.Browser, dir, name string, width int) {
	t.Helper()
	data, err := b.ScreenshotPage()
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width > width {
		t.Errorf("%s: the page's content is %d px wide in a %d px window (%v)", name, cfg.Width, width, err)
	}
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// a4Inside is the width in CSS pixels of an A4 page less its 15 mm
// margins (style.css @page).
const a4Inside = 680

func mustVietnam(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
