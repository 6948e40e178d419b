package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"codong/controller"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/internal/browsertest"
	"codong/protocol"
)

// printedSigner signs the printed report in the tests: a name found
// nowhere else on the page.
const printedSigner = "Nguyễn Thị Thanh Hương"

// TestPrintedReportKeepsTheSignatureWithTheTable prints the report to A4
// in Chromium, from the page's own print CSS, for boards that played
// from one item to enough for four pages, so the end of the table falls
// at every height of a page: the signature block is never alone on its
// page (it always shares it with the last rows of the table), it is
// never split, no page is empty, and a page the table continues on
// repeats the table's header. With CODONG_SCREENSHOTS=DIR the PDFs are
// kept, and the pages of each as pictures.
func TestPrintedReportKeepsTheSignatureWithTheTable(t *testing.T) {
	t.Parallel()
	pdftotext := needPoppler(t)
	h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) {
		c.Letterhead = controller.Letterhead{Org: "Đảng bộ tỉnh Hưng Yên", Issuer: "Đảng uỷ xã Liên Minh", Place: "Liên Minh",
			Recipient: "Ban Tuyên giáo và Dân vận Tỉnh uỷ", SignerTitle: "BÍ THƯ", Signer: printedSigner}
	})
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, mustVietnam(t))
	counts := reportRowCounts()
	boards := playedItems(t, h, day, counts)
	shots := os.Getenv("CODONG_SCREENSHOTS")
	u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{})}
	u.b.Navigate(h.srv.URL + "/login")
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	period := "from=" + day.Format(time.DateOnly) + "&to=" + day.Format(time.DateOnly)
	for i, n := range counts {
		t.Run(fmt.Sprintf("%d rows", n), func(t *testing.T) {
			u.t = t
			u.b.Navigate(fmt.Sprintf("%s/report/print?%s&board=%d", h.srv.URL, period, boards[i]))
			var rows int
			u.eval("count the rows", `document.querySelectorAll(".doc-table tbody tr:not(.doc-close)").length`, &rows)
			if rows != n {
				t.Fatalf("the report lists %d rows, want %d", rows, n)
			}
			pages := printPages(t, u.b, pdftotext, shots, fmt.Sprintf("report-print-%02d", n))
			checkSignedPages(t, pages, signedPage{signer: printedSigner, block: []string{"T/M", "BÍ THƯ", "(Ký, ghi rõ họ tên)", "Nơi nhận:"},
				content: reportRow, header: "Thời lượng"})
		})
	}
	// The signature sits in the table's last row group: screen readers
	// must still read the table right, on a desk and on a phone.
	u.t = t
	checkAxeAt(u, fmt.Sprintf("%s/report/print?%s&board=%d", h.srv.URL, period, boards[len(boards)/2]))
}

// checkAxeAt opens path at both screen sizes and runs checkAxe on it.
func checkAxeAt(u *ui, url string) {
	u.t.Helper()
	for _, s := range screenSizes {
		if err := u.b.SetViewport(s.view); err != nil {
			u.t.Fatal(err)
		}
		u.b.Navigate(url)
		u.checkAxe()
	}
}

// TestPrintedSubmissionSheetKeepsTheSignaturesWithTheLastItem prints
// the Tờ trình to A4 with none and then one to fourteen drafts waiting,
// each with its previews, so its list ends at every height of a page:
// the signatures are never alone on a page, never split, and no page is
// empty. With CODONG_SCREENSHOTS=DIR the PDFs and their pages are kept.
func TestPrintedSubmissionSheetKeepsTheSignaturesWithTheLastItem(t *testing.T) {
	t.Parallel()
	pdftotext := needPoppler(t)
	h := startController(t)
	h.addBoard("Bảng LED chợ", "384x128") // a size in use: each item shows its preview
	h.giveEveryRole("admin")              // the sheet is for approvers
	shots := os.Getenv("CODONG_SCREENSHOTS")
	u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{})}
	u.b.Navigate(h.srv.URL + "/login")
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	texts := []string{
		"Đoàn kết, dân chủ, kỷ cương, đổi mới, phát triển",
		"Chào mừng các đại biểu về dự Đại hội đại biểu Đảng bộ xã lần thứ XXI, nhiệm kỳ 2025 - 2030",
		"Toàn dân tham gia bảo vệ an ninh Tổ quốc",
	}
	for n := 0; n <= 14; n++ {
		if n > 0 {
			h.api("POST", "/api/v1/slogans", map[string]string{"text": fmt.Sprintf("%s (%d)", texts[n%len(texts)], n), "style": "classic"}, nil)
		}
		t.Run(fmt.Sprintf("%d items", n), func(t *testing.T) {
			u.t = t
			u.b.Navigate(h.srv.URL + "/approvals/print")
			var items int
			u.eval("count the items", `document.querySelectorAll(".sheet-items li .verdict").length`, &items)
			if items != n {
				t.Fatalf("the sheet lists %d items, want %d", items, n)
			}
			pages := printPages(t, u.b, pdftotext, shots, fmt.Sprintf("submission-sheet-%02d", n))
			checkSignedPages(t, pages, signedPage{signer: "T/M BAN THƯỜNG VỤ", block: []string{"NGƯỜI TRÌNH", "(Ký, ghi rõ họ tên)"},
				content: sheetItem})
		})
	}
	u.t = t
	checkAxeAt(u, h.srv.URL+"/approvals/print")
}

// sheetItem is what every item of the Tờ trình prints, or the line
// saying nothing waits.
var sheetItem = regexp.MustCompile(`Ý kiến:|Không có nội dung nào chờ duyệt`)

// reportRowCounts are the report's lengths printed: one row, then every
// third number of rows up to four pages. A signature block is about
// four rows tall, so some of these end the table where the block no
// longer fits under it, on each page.
func reportRowCounts() []int {
	counts := []int{1}
	for n := 3; n <= 39; n += 3 {
		counts = append(counts, n)
	}
	return counts
}

// reportRow is how a row of the tests' report begins on paper.
var reportRow = regexp.MustCompile(`Khẩu hiệu số \d+`)

// playedItems gives each count a board of its own that played that many
// items on day, saved through the store as the controller saves what
// boards report, and returns the boards' IDs in the order of counts.
func playedItems(t *testing.T, h *harness, day time.Time, counts []int) []int64 {
	t.Helper()
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, h.data, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	// Titles of different lengths make rows of one to three lines, as a
	// campaign's slogans and photos do.
	texts := []string{
		"Mừng Đảng, mừng Xuân",
		"Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
		"Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ xã lần thứ XXI, nhiệm kỳ 2025 - 2030 thành công tốt đẹp",
		"Ảnh: Lễ khánh thành nhà văn hoá thôn Đông",
		"Phát huy truyền thống quê hương anh hùng, chung sức xây dựng xã nhà giàu đẹp, văn minh, nghĩa tình; giữ vững quốc phòng, an ninh",
	}
	var sent []store.SentItem
	for i := 1; i <= most; i++ {
		sent = append(sent, store.SentItem{ItemID: int64(900000 + i), Asset: fmt.Sprintf("%064x", i), Width: 384, Height: 128,
			SloganID: int64(i), Playlist: "default", Title: fmt.Sprintf("Khẩu hiệu số %d: %s", i, texts[i%len(texts)]), At: day})
	}
	tel := store.Telemetry{Sent: sent}
	ids := make([]int64, len(counts))
	for c, n := range counts {
		b, _, err := staff.AddBoard(ctx, st, cliActor, store.Board{Name: fmt.Sprintf("Bảng in thử %d", n), Width: 384, Height: 128})
		if err != nil {
			t.Fatal(err)
		}
		ids[c] = b.ID
		var recs []protocol.Play
		for i := 1; i <= n; i++ {
			recs = append(recs, protocol.Play{ID: int64(i), ItemID: int64(900000 + i), Asset: fmt.Sprintf("%064x", i),
				Start: day.Add(8*time.Hour + time.Duration(i)*time.Minute), Seconds: 10})
		}
		tel.Plays = append(tel.Plays, store.BoardPlays{Board: b.ID, Records: recs})
	}
	if err := st.SaveTelemetry(ctx, tel); err != nil {
		t.Fatal(err)
	}
	return ids
}

// signedPage is what a printed document's last page must hold.
type signedPage struct {
	signer  string         // found only in the signature block
	block   []string       // the rest of the signature block, on the same page
	content *regexp.Regexp // the document's body: a row or an item
	header  string         // the table's header, on every page holding rows
}

// checkSignedPages checks a printed document's pages: none is empty;
// the signer's name is on one page, with the whole signature block and
// some of the document's body; and every page with rows of the table
// starts them under the table's header.
func checkSignedPages(t *testing.T, pages []string, want signedPage) {
	t.Helper()
	signed := 0
	for i, text := range pages {
		if strings.TrimSpace(text) == "" {
			t.Errorf("page %d of %d is empty", i+1, len(pages))
			continue
		}
		if want.header != "" && want.content.MatchString(text) && !strings.Contains(text, want.header) {
			t.Errorf("page %d holds rows of the table without its header %q:\n%s", i+1, want.header, text)
		}
		if !strings.Contains(text, want.signer) {
			continue
		}
		signed++
		for _, s := range want.block {
			if !strings.Contains(text, s) {
				t.Errorf("page %d holds the signer but not %q of the signature block:\n%s", i+1, s, text)
			}
		}
		if !want.content.MatchString(text) {
			t.Errorf("the signature block is alone on page %d of %d, with none of the document above it:\n%s", i+1, len(pages), text)
		}
	}
	if signed != 1 {
		t.Errorf("the signer %q is on %d of %d pages, want one", want.signer, signed, len(pages))
	}
}

// needPoppler finds pdftotext, which reads a printed PDF's pages as
// text. Without it the test is skipped, as the browser tests are without
// Chromium, except in CI, whose script installs it.
func needPoppler(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err == nil {
		return bin
	}
	if os.Getenv("CI") != "" {
		t.Fatal("pdftotext not found in CI: .ci/run installs poppler-utils")
	}
	t.Skip("pdftotext not found; install it (apt-get install -y poppler-utils) to run the print test")
	return ""
}

// printPages prints the page open in the browser to A4 and returns the
// text of each printed page, as pdftotext -layout reads it. With shots
// set the PDF is kept there as NAME.pdf and, if pdftoppm is installed,
// its pages as NAME-K.png.
func printPages(t *testing.T, b *browsertest.Browser, pdftotext, shots, name string) []string {
	t.Helper()
	pdf, err := b.PrintToPDF()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if shots != "" {
		dir = shots
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	n := pdfPageCount(t, pdftotext, file)
	pages := make([]string, n)
	for k := 1; k <= n; k++ {
		out, err := exec.Command(pdftotext, "-layout", "-f", strconv.Itoa(k), "-l", strconv.Itoa(k), file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %d of %s: %v", k, file, err)
		}
		pages[k-1] = string(out)
	}
	if shots != "" {
		if ppm, err := exec.LookPath("pdftoppm"); err == nil {
			if out, err := exec.Command(ppm, "-png", "-r", "60", file, filepath.Join(dir, name)).CombinedOutput(); err != nil {
				t.Errorf("pdftoppm %s: %v: %s", file, err, out)
			}
		}
	}
	return pages
}

// pdfPageCount counts a printed document's pages with pdfinfo, which
// comes with pdftotext.
func pdfPageCount(t *testing.T, pdftotext, file string) int {
	t.Helper()
	out, err := exec.Command(filepath.Join(filepath.Dir(pdftotext), "pdfinfo"), file).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", file, err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo %s says no page count:\n%s", file, out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
