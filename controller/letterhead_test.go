package controller

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codong/controller/auth"
)

// servePrinted starts a controller with head and a fixed day, and returns
// a page as an approver logged in the browser sees it.
func servePrinted(t *testing.T, head Letterhead) func(path string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	day := time.Date(2026, 11, 28, 9, 0, 0, 0, defaultLocation())
	s, err := New(ctx, Config{
		DataDir: dataDir(t, ""), AdminPassword: "mật khẩu thử nghiệm đủ dài", PasswordIterations: 1000,
		Letterhead: head, Now: func() time.Time { return day },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Announce: func(string) {},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start(ctx)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() { cancel(); srv.Close(); s.Close() })
	h := harnessOn(t, s, srv)
	cookie, _ := h.sessionFor(t, "approver")
	return func(path string) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, body)
		}
		return string(body)
	}
}

// splitPreview cuts a printed page into the preview of both header
// formats (on screen only) and the rest, which is what goes on paper.
func splitPreview(t *testing.T, page string) (preview, printed string) {
	t.Helper()
	start := strings.Index(page, `<section class="no-print doc-forms">`)
	if start < 0 {
		t.Fatal("the page has no preview of the two header formats")
	}
	end := start + strings.Index(page[start:], "</section>") + len("</section>")
	return page[start:end], page[:start] + page[end:]
}

// TestPrintedHeaderFollowsIssuerKind renders the Tờ trình and the report
// upward on a real server for each kind of issuer: a Party body's
// documents carry "ĐẢNG CỘNG SẢN VIỆT NAM" and the Party's numbering, a
// People's Committee's the state's name and motto and the state's
// numbering; both name the configured bodies; the screen shows both
// formats and marks the one printed.
func TestPrintedHeaderFollowsIssuerKind(t *testing.T) {
	const party, state = "ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	tests := []struct {
		name       string
		head       Letterhead
		want       []string // in the printed header, in this order
		notPrinted string
		chosen     string // the preview's caption marked "được in"
	}{
		{"party body", Letterhead{Kind: "dang", Org: "Đảng bộ xã Liên Minh", Issuer: "Chi bộ thôn Đông", Place: "Liên Minh"},
			[]string{`data-issuer-kind="dang"`, "<p>ĐẢNG BỘ XÃ LIÊN MINH</p>", "<strong>CHI BỘ THÔN ĐÔNG</strong>", "<p>*</p>", "Số ……-%s/……",
				party, "Liên Minh, ngày 28 tháng 11 năm 2026"},
			state, "Cơ quan Đảng"},
		{"people's committee", Letterhead{Kind: "ubnd", Org: "UBND xã Liên Minh", Issuer: "Phòng Văn hoá - Xã hội", Place: "Liên Minh"},
			[]string{`data-issuer-kind="ubnd"`, "<p>UBND XÃ LIÊN MINH</p>", `<strong class="underline">PHÒNG VĂN HOÁ - XÃ HỘI</strong>`, "Số: ……/%s-……",
				state, `<strong class="underline">Độc lập - Tự do - Hạnh phúc</strong>`, "Liên Minh, ngày 28 tháng 11 năm 2026"},
			party, "Uỷ ban nhân dân"},
		// What no flag sets comes from the settings the first run made
		// (the issuer from the party body, the place).
		{"kind unset: a Party body", Letterhead{Org: "Đảng bộ xã Liên Minh"},
			[]string{`data-issuer-kind="dang"`, "<p>ĐẢNG BỘ XÃ LIÊN MINH</p>", "<strong>ĐẢNG UỶ XÃ LIÊN MINH</strong>", party, "Liên Minh, ngày 28 tháng 11 năm 2026"},
			state, "Cơ quan Đảng"},
		{"kind in capitals", Letterhead{Kind: " UBND ", Org: "UBND xã Liên Minh"},
			[]string{`data-issuer-kind="ubnd"`, "<p>UBND XÃ LIÊN MINH</p>", state},
			party, "Uỷ ban nhân dân"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			get := servePrinted(t, tc.head)
			for _, doc := range []struct{ path, code string }{{"/approvals/print", "TTr"}, {"/report/print", "BC"}} {
				preview, printed := splitPreview(t, get(doc.path))
				if n := strings.Count(printed, `<header class="doc-head"`); n != 1 {
					t.Fatalf("%s: %d document headers on paper, want 1", doc.path, n)
				}
				rest := printed
				for _, w := range tc.want {
					w = strings.Replace(w, "%s", doc.code, 1)
					i := strings.Index(rest, w)
					if i < 0 {
						t.Fatalf("%s: the printed header lacks %q (or not in order) in\n%s", doc.path, w, printed)
					}
					rest = rest[i+len(w):]
				}
				if strings.Contains(printed, tc.notPrinted) {
					t.Errorf("%s: the printed page carries %q, the other kind's header", doc.path, tc.notPrinted)
				}
				for _, form := range []string{`data-issuer-kind="dang"`, `data-issuer-kind="ubnd"`, party, state, "Hướng dẫn 36-HD/VPTW", "Nghị định 30/2020/NĐ-CP"} {
					if !strings.Contains(preview, form) {
						t.Errorf("%s: the preview lacks %q: both formats are shown", doc.path, form)
					}
				}
				marked := map[string]string{"Cơ quan Đảng": "Hướng dẫn 36-HD/VPTW", "Uỷ ban nhân dân": "Nghị định 30/2020/NĐ-CP"}
				for caption, rule := range marked {
					line := "<strong>" + caption + "</strong> (" + rule + ") — "
					want := line + "<strong>được in</strong>"
					if caption != tc.chosen {
						want = line + "không dùng"
					}
					if !strings.Contains(preview, want) {
						t.Errorf("%s: the preview lacks %q:\n%s", doc.path, want, preview)
					}
				}
			}
		})
	}
}

// TestLetterheadRefusesWhatItCannotPrint: a controller whose letterhead
// names a kind the code does not know, or a name that cannot stand on
// one line of the header, does not start, and says which setting.
func TestLetterheadRefusesWhatItCannotPrint(t *testing.T) {
	tests := []struct {
		name string
		head Letterhead
		want string
	}{
		{"unknown kind", Letterhead{Kind: "dang-uy"}, "--issuer-kind “dang-uy” không hiểu được; loại cơ quan ban hành phải là một trong: dang: cơ quan Đảng"},
		{"state as a word", Letterhead{Kind: "nhà nước"}, "ubnd: Uỷ ban nhân dân"},
		{"line break", Letterhead{Org: "Đảng bộ xã\nLiên Minh"}, "--org có ký tự điều khiển"},
		{"too long", Letterhead{Issuer: strings.Repeat("Ban ", 31)}, "--issuer dài 124 ký tự; tối đa 120 ký tự"},
		{"recipient not UTF-8", Letterhead{Recipient: "Ban \xff"}, "--report-to có ký tự điều khiển"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "codong-data")
			cfg := Config{DataDir: dir, Addr: "127.0.0.1:0", AdminPassword: "mật khẩu thử nghiệm đủ dài", PasswordIterations: 1000,
				Letterhead: tc.head, Logger: slog.New(slog.DiscardHandler), Announce: func(string) {}}
			if _, err := New(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New: error %v, want one saying %q", err, tc.want)
			}
			// codong serve refuses it before it makes or locks the folder.
			if err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run: error %v, want one saying %q", err, tc.want)
			}
			if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the data folder was made for a refused setting: %v", err)
			}
		})
	}
}
