package e2e

import (
	"strings"
	"testing"

	"codong/internal/browsertest"
)

// TestFirstRunToOwnCongressOnABoard is a new installation's first day,
// on a phone and on a desk: the admin answers who the commune is, the
// seeded slogans wait as drafts (a real board paired meanwhile shows
// none of them), the approver sees how many wait and approves them all
// at once, and the operator's switch asks with the very pictures it
// puts up, then the board shows this commune's own congress.
func TestFirstRunToOwnCongressOnABoard(t *testing.T) {
	t.Parallel()
	const own = "Chào mừng thành công Đại hội đại biểu Đảng bộ phường Hồng Hà lần thứ XXI, nhiệm kỳ 2025 - 2030!"
	for _, vp := range screenSizes {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			h := startFresh(t)
			u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp.view})}
			shot := func(name string) { u.keepShot(vp.name, "first-run-"+name, vp.view.Width) }

			// A board paired before anything is approved shows nothing
			// seeded: its manifest carries no picture of any playlist.
			var b boardCreated
			h.api("POST", "/api/v1/boards", map[string]string{"name": "Bảng LED chợ Hồng Hà", "size": "384x128"}, &b)
			frame := h.startPlayer(b.Token)

			u.b.Navigate(h.srv.URL + "/login")
			u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
			if !u.visible("#setup-needed") {
				t.Fatalf("a new installation's dashboard does not ask who we are: %q", u.text("main"))
			}
			shot("dashboard")
			u.b.LoadAfter("open the first run", func() error {
				return u.b.Eval(`document.querySelector('#setup-needed a[href="/setup"]').click()`, nil)
			})
			if p := u.path(); p != "/setup" {
				t.Fatalf("the first run's button led to %s", p)
			}
			shot("setup")
			u.b.LoadAfter("answer who we are", func() error {
				return u.fillAnd("#setup-form", map[string]string{"party_body": "Đảng bộ phường Hồng Hà", "place": "Hồng Hà",
					"congress": "21", "term": "2025-2030", "committee": "UBND phường Hồng Hà"}, "f.submit()")
			})
			if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã lưu thông tin đơn vị") {
				t.Fatalf("after the first run: flash %q, page %q", got, u.text("main"))
			}
			if got := u.value(`input[name="congress"]`); got != "XXI" {
				t.Errorf("the congress is stored as %q, want XXI", got)
			}
			shot("settings")

			var congress playlist
			h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
			if len(congress.Items) != 1 || congress.Items[0].Text != own {
				t.Fatalf("congress-success after the first run holds %+v, want only %q", congress.Items, own)
			}
			var preview struct {
				Sizes []struct {
					Size     string
					Pictures []struct{ Asset, Title string }
				}
			}
			h.api("GET", "/api/v1/override/preview?playlist=congress-success", nil, &preview)
			if len(preview.Sizes) != 1 || len(preview.Sizes[0].Pictures) != 0 {
				t.Fatalf("before any approval the board's manifest carries %+v, want no pictures", preview.Sizes)
			}

			// The approver: the menu and the dashboard say what waits.
			u.addCommitteeMember("pho-bi-thu", "mật khẩu của phó bí thư")
			u.firstLogin("pho-bi-thu", "mật khẩu của phó bí thư", "phó bí thư tự chọn mật khẩu")
			u.b.Navigate(h.srv.URL + "/")
			count := u.text("#waiting strong")
			if count == "" || count == "0" || !strings.Contains(u.text("nav"), "Chờ duyệt "+count) {
				t.Fatalf("the approver is not told what waits: dashboard %q, menu %q", u.text("#waiting"), u.text("nav"))
			}
			u.b.Navigate(h.srv.URL + "/approvals")
			if !strings.Contains(u.text("main"), own) {
				t.Fatalf("Chờ duyệt lacks the commune's own slogan: %q", u.text("main"))
			}
			var summaries string
			u.eval("read what each change does", `[...document.querySelectorAll(".change .summary")].map(e => e.textContent).join(" | ")`, &summaries)
			if got := summaries; !strings.Contains(got, "Thêm 1 mục: “"+own+"”") || !strings.Contains(got, "và 6 mục khác") {
				t.Errorf("the congress-success playlist's change does not say what it adds: %q", got)
			}
			u.eval("tick all", `(() => { const a = document.getElementById("tick-all"); a.click(); return a.checked; })()`, nil)
			var ticked, all int
			u.eval("count ticked", `document.querySelectorAll('input[name="id"]:checked').length`, &ticked)
			u.eval("count all", `document.querySelectorAll('input[name="id"]').length`, &all)
			if ticked == 0 || ticked != all {
				t.Fatalf("“chọn tất cả” ticked %d of %d", ticked, all)
			}
			shot("approvals")
			u.click("approve", "Duyệt các bản đã chọn")
			if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã duyệt") {
				t.Fatalf("approve all: flash %q (page %q)", got, u.text("main"))
			}
			if u.visible("#waiting") || strings.Contains(u.text("nav .count"), "1") {
				t.Errorf("after approving everything the count stays: %q", u.text("nav"))
			}

			// The operator's switch shows what goes up before it acts.
			u.click("log out", "Đăng xuất")
			u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
			if q := u.askSwitch("Chuyển bảng"); !strings.Contains(q, "Mừng Đại hội thành công") {
				t.Fatalf("the switch asks %q", q)
			}
			var pics []string
			u.b.Wait("the switch's pictures load", `(() => { const imgs = [...document.querySelectorAll("#confirm-pictures img")];
				return imgs.every(i => i.complete && i.naturalWidth > 0) ? imgs.map(i => i.alt) : []; })()`, &pics, func() bool { return len(pics) > 0 })
			if len(pics) != 1 || pics[0] != own || !strings.Contains(u.text("#confirm-pictures"), "384×128 (1 bảng)") {
				t.Fatalf("the switch's confirmation shows %q (%q), want the commune's own slogan on the one 384×128 board", pics, u.text("#confirm-pictures"))
			}
			shot("switch-confirm")
			u.click("confirm the switch", "Chuyển ngay")
			waitFrame(t, frame, h.expectedAsset(own, "384x128"), "the board after the switch")
			if thrown := u.b.Uncaught(); len(thrown) > 0 {
				t.Errorf("the pages threw script errors:\n%s", strings.Join(thrown, "\n"))
			}
		})
	}
}
