package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codong/controller"
	"codong/controller/staff"
	"codong/internal/browsertest"
)

// TestBrowserUI drives the web UI in a real headless Chromium the way the
// commune's propaganda officer would: log in, write a slogan, add a board
// and watch it come online, switch every board to the congress-success
// playlist and back, then read the audit log. With CODONG_SCREENSHOTS=DIR
// it leaves pictures of the main pages in DIR for a person to look at.
func TestBrowserUI(t *testing.T) {
	t.Parallel()
	h := startController(t)
	u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{}), shots: os.Getenv("CODONG_SCREENSHOTS")}

	u.logIn()
	u.convertLegacyText()
	slogan := u.writeSlogan()
	u.draftCongressList(slogan)
	const board = "Bảng LED chợ Liên Minh"
	token := u.addBoard(board)
	frame := u.watchBoardComeOnline(board, token)
	u.addApprover()
	u.approveAsSecondPerson(slogan)
	u.overrideAndBack(board, frame)
	u.checkAudit(slogan, board)

	if thrown := u.b.Uncaught(); len(thrown) > 0 {
		t.Errorf("the pages threw script errors:\n%s", strings.Join(thrown, "\n"))
	}
}

// screenSizes are the two screens a page is looked at on: an office desk
// and the officer's phone in the congress hall.
var screenSizes = []struct {
	name string
	view browsertest.Viewport
}{{"desktop", browsertest.Viewport{Width: 1366, Height: 768}}, {"phone", browsertest.Phone}}

type ui struct {
	t     *testing.T
	h     *harness
	b     *browsertest.Browser
	shots string // where screenshots go; empty: take them, keep none
}

func (u *ui) logIn() {
	u.t.Helper()
	u.b.Navigate(u.h.srv.URL + "/")
	if p := u.path(); p != "/login" {
		u.t.Fatalf("log in: visiting / without a session ended at %s, want /login", p)
	}
	u.shot("login")

	u.submitLogin("admin", "mật khẩu sai")
	if got, want := u.text("p.error"), "Sai tên đăng nhập hoặc mật khẩu."; got != want {
		u.t.Fatalf("log in with a wrong password: error %q, want %q", got, want)
	}
	if got := u.value(`input[name="username"]`); got != "admin" {
		u.t.Fatalf("log in with a wrong password: the username field holds %q, want it kept as \"admin\"", got)
	}
	u.shot("login-error")

	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	if p := u.path(); p != "/" {
		u.t.Fatalf("log in: ended at %s, want the dashboard / (page says %q)", p, u.text("main"))
	}
	if got := u.text(".logout span"); got != "admin" {
		u.t.Fatalf("log in: the header names %q as logged in, want admin", got)
	}
}

func (u *ui) submitLogin(username, password string) {
	u.t.Helper()
	u.b.LoadAfter("submit the login form", func() error {
		return u.fillAnd(`form[action="/login"]`, map[string]string{"username": username, "password": password}, "f.submit()")
	})
}

// writeSlogan types into the slogan form, watches the live previews, and
// saves a new slogan, which it returns.
func (u *ui) writeSlogan() string {
	u.t.Helper()
	u.b.Navigate(u.h.srv.URL + "/slogans/new")

	first := "Toàn dân đoàn kết xây dựng nông thôn mới"
	u.typeSlogan(first)
	var ready bool
	u.b.Wait("both previews of the typed slogan load", previewsLoaded, &ready, func() bool { return ready })
	var got map[string]struct {
		W, H int
		Sum  string
	}
	u.eval("read the previews", previewSums, &got)
	for _, size := range []struct {
		name string
		w, h int
	}{{"1920x1080", 1920, 1080}, {"384x128", 384, 128}} {
		p := got[size.name]
		if p.W != size.w || p.H != size.h {
			u.t.Fatalf("preview %s is %dx%d pixels", size.name, p.W, p.H)
		}
		if want := u.pixelSum(first, size.name); p.Sum != want {
			u.t.Fatalf("preview %s shows pixels %.12s…, want the slogan as boards get it, %.12s…", size.name, p.Sum, want)
		}
	}
	if u.visible("#preview-error") {
		u.t.Fatalf("slogan form: error shown for a good slogan: %q", u.text("#preview-error"))
	}
	u.shot("slogan-form")

	// A character no font can draw must be named, in Vietnamese, as it is typed.
	bad := "Chúc mừng năm mới 🎉"
	u.typeSlogan(bad)
	var shown bool
	u.b.Wait("the preview error for an emoji", `(() => { const e = document.getElementById("preview-error");
		return !e.hidden && getComputedStyle(e).display !== "none" && e.textContent.includes("🎉"); })()`, &shown, func() bool { return shown })
	if msg := u.text("#preview-error"); !strings.Contains(msg, "ký tự") {
		u.t.Fatalf("preview error for an emoji: %q does not say which character (ký tự) is wrong", msg)
	}
	u.shot("slogan-error")

	// Saving it anyway is refused with the form shown again, text kept.
	u.click("save a slogan with an emoji", "Lưu và gửi duyệt")
	if msg := u.text("section.card > p.error"); !strings.Contains(msg, "🎉") {
		u.t.Fatalf("saving a slogan with an emoji: error %q, want one naming 🎉", msg)
	}
	if got := u.value("#slogan-text"); got != bad {
		u.t.Fatalf("saving a slogan with an emoji: the form lost the text, holds %q", got)
	}
	u.shot("slogan-refused")

	saved := "Xã Liên Minh chung sức, đồng lòng xây dựng nông thôn mới nâng cao"
	u.typeSlogan(saved)
	u.click("save a good slogan", "Lưu và gửi duyệt")
	if p := u.path(); p != "/slogans" {
		u.t.Fatalf("saving a slogan: ended at %s, want /slogans (page says %q)", p, u.text("main"))
	}
	if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã lưu và gửi duyệt.") {
		u.t.Fatalf("saving a slogan: flash %q, want it to say the slogan waits for approval", got)
	}
	var n int
	u.eval("count the saved slogan", fmt.Sprintf(`[...document.querySelectorAll("td.slogan-text")].filter(td => td.textContent === %s).length`, js(saved)), &n)
	if n != 1 {
		u.t.Fatalf("saving a slogan: /slogans lists it %d times, want once", n)
	}
	return saved
}

// draftCongressList makes the new slogan the congress-success playlist's
// only item, in the console: a draft of the playlist.
func (u *ui) draftCongressList(slogan string) {
	u.t.Helper()
	var congress playlist
	u.h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	u.b.Navigate(u.h.srv.URL + "/playlists")
	u.b.LoadAfter("add the slogan to the congress-success playlist", func() error {
		return u.fillAnd(`form[action="/playlists/congress-success/items"]`, map[string]string{},
			fmt.Sprintf(`const sel = f.elements.namedItem("slogan_id");
			sel.value = [...sel.options].find(o => o.textContent === %s).value;
			f.querySelector("button[type=submit], button").click()`, js(slogan)))
	})
	u.b.LoadAfter("remove the old item", func() error {
		return u.fillAnd(fmt.Sprintf(`form.item-remove[action="/playlists/congress-success/items/%d"]`, congress.Items[0].ID), map[string]string{},
			`f.querySelector("button").click()`)
	})
	var now playlist
	u.h.api("GET", "/api/v1/playlists/congress-success", nil, &now)
	if len(now.Items) != 1 || now.Items[0].Text != slogan {
		u.t.Fatalf("congress-success draft holds %+v, want only %q", now.Items, slogan)
	}
}

// addApprover adds a member of the standing committee the way `codong
// user add` does, on the server: an account the admin made on the users
// page would approve none of the admin's drafts (it is in the admin's
// hands). The users page lists them.
func (u *ui) addApprover() {
	u.t.Helper()
	u.addCommitteeMember("pho-bi-thu", "mật khẩu của phó bí thư")
	u.b.Navigate(u.h.srv.URL + "/users")
	if page := u.text("main"); !strings.Contains(page, "pho-bi-thu") {
		u.t.Fatalf("the users page does not list the approver: %q", page)
	}
	u.shot("users")
}

// addCommitteeMember makes an approver's account as `codong user add`
// does, beside the running controller.
func (u *ui) addCommitteeMember(name, password string) {
	u.t.Helper()
	st, err := controller.OpenStore(context.Background(), u.h.data, "")
	if err != nil {
		u.t.Fatal(err)
	}
	_, err = staff.AddUser(context.Background(), st, cliActor, name, password, "approver")
	st.Close()
	if err != nil {
		u.t.Fatal(err)
	}
}

// firstLogin logs out whoever is in, logs in with a password someone
// else set, and, as the page it lands on asks, chooses the person's own.
func (u *ui) firstLogin(name, given, own string) {
	u.t.Helper()
	u.click("log out", "Đăng xuất")
	u.submitLogin(name, given)
	if p := u.path(); p != "/password" {
		u.t.Fatalf("first login with a password set by another: ended at %s, want /password (page says %q)", p, u.text("main"))
	}
	u.b.LoadAfter("choose a password of one's own", func() error {
		return u.fillAnd(`form[action="/password"]`, map[string]string{"current": given, "password": own, "again": own}, "f.submit()")
	})
	if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã đổi mật khẩu") {
		u.t.Fatalf("change password: flash %q (page says %q)", got, u.text("main"))
	}
}

// approveAsSecondPerson logs in as the approver, looks at the waiting
// changes with their previews, and approves them all.
func (u *ui) approveAsSecondPerson(slogan string) {
	u.t.Helper()
	// A password someone else set serves one login: the first page is
	// the one that changes it.
	u.firstLogin("pho-bi-thu", "mật khẩu của phó bí thư", "phó bí thư tự chọn mật khẩu")
	u.b.Navigate(u.h.srv.URL + "/approvals")
	var n int
	u.eval("count the waiting changes", `document.querySelectorAll("article.change").length`, &n)
	if n != 2 {
		u.t.Fatalf("Chờ duyệt lists %d changes, want 2 (the slogan and the playlist); page says %q", n, u.text("main"))
	}
	if page := u.text("main"); !strings.Contains(page, slogan) || !strings.Contains(page, "Bản đang hiện") {
		u.t.Fatalf("Chờ duyệt does not show the new slogan beside what boards show: %q", page)
	}
	var loaded bool
	u.b.Wait("the previews at the board's size", `(() => { const imgs = [...document.querySelectorAll("article.change img.preview")];
		return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth + "x" + i.naturalHeight === i.alt.split(" ").pop()); })()`,
		&loaded, func() bool { return loaded })
	u.shot("approvals")
	u.b.Navigate(u.h.srv.URL + "/approvals/print")
	if page := u.text("main"); !strings.Contains(page, "TỜ TRÌNH") || !strings.Contains(page, slogan) {
		u.t.Fatalf("the submission sheet: %q", page)
	}
	u.shot("submission-sheet")
	u.b.Navigate(u.h.srv.URL + "/approvals")
	u.eval("tick every change", `[...document.querySelectorAll("input[name=id]")].forEach(c => c.checked = true)`, nil)
	u.click("approve", "Duyệt các bản đã chọn")
	if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã duyệt") {
		u.t.Fatalf("approve: flash %q (page says %q)", got, u.text("main"))
	}
	u.click("log out", "Đăng xuất")
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
}

// previewsLoaded is true when every preview shows a fresh rendering of
// the size it names.
const previewsLoaded = `(() => {
	const imgs = [...document.querySelectorAll("img.preview")];
	return imgs.length === 2 && imgs.every(i => i.src.startsWith("blob:") && i.complete &&
		i.naturalWidth + "x" + i.naturalHeight === i.dataset.size);
})()`

// previewSums hashes the pixels the previews show. The page's CSP rightly
// forbids fetching the blob: URLs back, so the pictures are read through a
// canvas, which gives the same RGBA bytes for these opaque PNGs.
const previewSums = `(async () => {
	const out = {};
	for (const i of document.querySelectorAll("img.preview")) {
		const c = document.createElement("canvas");
		c.width = i.naturalWidth;
		c.height = i.naturalHeight;
		const g = c.getContext("2d");
		g.drawImage(i, 0, 0);
		const sum = new Uint8Array(await crypto.subtle.digest("SHA-256", g.getImageData(0, 0, c.width, c.height).data));
		out[i.dataset.size] = { W: i.naturalWidth, H: i.naturalHeight,
			Sum: [...sum].map(b => b.toString(16).padStart(2, "0")).join("") };
	}
	return out;
})()`

// pixelSum is the SHA-256 of the RGBA pixels of the slogan as the API
// renders it, to compare with previewSums.
func (u *ui) pixelSum(text, size string) string {
	u.t.Helper()
	var data []byte
	u.h.api("GET", "/api/v1/render?"+url.Values{"text": {text}, "size": {size}, "style": {"classic"}}.Encode(), nil, &data)
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		u.t.Fatalf("render %q at %s: %v", text, size, err)
	}
	rgba := image.NewNRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Rect, img, img.Bounds().Min, draw.Src)
	sum := sha256.Sum256(rgba.Pix)
	return hex.EncodeToString(sum[:])
}

// convertLegacyText pastes a slogan typed long ago in TCVN3 (ABC): the
// form shows its Unicode conversion for the person to confirm, and one
// click puts the converted text in the box.
func (u *ui) convertLegacyText() {
	u.t.Helper()
	u.b.Navigate(u.h.srv.URL + "/slogans/new")
	u.typeSlogan("§¶ng Céng s¶n ViÖt Nam quang vinh")
	const want = "Đảng Cộng sản Việt Nam quang vinh"
	var shown string
	u.b.Wait("the legacy-encoding notice", `(() => { const n = document.getElementById("legacy-notice");
		return n.hidden ? "" : document.getElementById("legacy-converted").textContent; })()`, &shown, func() bool { return shown == want })
	u.shot("slogan-legacy")
	var ok bool
	u.eval("use the conversion", `(() => { document.getElementById("legacy-use").click(); return true; })()`, &ok)
	var text string
	u.b.Wait("the converted text in the box", `document.getElementById("slogan-text").value`, &text, func() bool { return text == want })
	if u.visible("#legacy-notice") {
		u.t.Fatal("the legacy notice stays after the conversion was used")
	}
}

// typeSlogan puts text in the slogan box as typing would: app.js listens
// for input events.
func (u *ui) typeSlogan(text string) {
	u.t.Helper()
	var ok bool
	u.eval("type a slogan", fmt.Sprintf(`(() => { const t = document.getElementById("slogan-text");
		t.value = %s; t.dispatchEvent(new Event("input", { bubbles: true })); return true; })()`, js(text)), &ok)
}

func (u *ui) addBoard(name string) (token string) {
	u.t.Helper()
	u.b.Navigate(u.h.srv.URL + "/boards")
	u.b.LoadAfter("add a board", func() error {
		return u.fillAnd(`form[action="/boards"]`, map[string]string{"name": name, "size": "384x128"},
			`[...f.querySelectorAll("button")].find(b => b.textContent.trim() === "Thêm bảng").click()`)
	})
	if got, want := u.text("h1"), "Đã thêm bảng “"+name+"”"; got != want {
		u.t.Fatalf("add a board: heading %q, want %q (page says %q)", got, want, u.text("main"))
	}
	token = u.text("pre.token")
	if token == "" || strings.ContainsAny(token, " \n") {
		u.t.Fatalf("add a board: token %q", token)
	}
	u.shot("board-token")
	return token
}

// watchBoardComeOnline starts the player for a board while the dashboard
// is open, and waits for the dashboard's own refresh to show it online.
func (u *ui) watchBoardComeOnline(name, token string) (frame string) {
	u.t.Helper()
	u.b.Navigate(u.h.srv.URL + "/")
	if r := u.boardRow(name); r == nil || !strings.Contains(r.Online, "chưa kết nối lần nào") {
		u.t.Fatalf("dashboard before the player runs: row for %q is %+v, want it offline", name, r)
	}
	u.eval("mark the page", "window.notReloaded = true", nil)
	frame = u.h.startPlayer(token)
	var r *boardRow
	u.b.Wait("dashboard refresh shows the board online", boardRowJS(name), &r, func() bool {
		return r != nil && r.Online == "trực tuyến" && r.Sync == "đã nhận bản mới nhất" && r.Playing != "—"
	})
	var same bool
	if u.eval("check the page stayed", "window.notReloaded === true", &same); !same {
		u.t.Fatalf("dashboard: the board showed online only after a reload; app.js should update the row in place")
	}

	u.b.Navigate(u.h.srv.URL + "/boards")
	if !strings.Contains(u.text("tbody tr"), "trực tuyến") {
		u.t.Fatalf("boards page: first row %q, want the board online", u.text("tbody tr"))
	}
	u.shot("boards")
	return frame
}

// overrideAndBack presses the congress-success button on the dashboard,
// checks the page and the board, and returns to the schedule.
func (u *ui) overrideAndBack(name, frame string) {
	u.t.Helper()
	var def, congress playlist
	u.h.api("GET", "/api/v1/playlists/default", nil, &def)
	u.h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	if len(def.Items) == 0 || len(congress.Items) == 0 {
		u.t.Fatalf("seeded playlists are empty: default %d, congress-success %d", len(def.Items), len(congress.Items))
	}

	u.b.Navigate(u.h.srv.URL + "/")
	if q := u.askSwitch("Chuyển bảng"); !strings.Contains(q, "sang “Mừng Đại hội thành công” đến khi bấm trở về lịch") {
		u.t.Fatalf("the switch asks %q", q)
	}
	u.click("confirm the switch", "Chuyển ngay")
	if got := u.text(".override .state"); !strings.HasPrefix(got, "Đang phát “Mừng Đại hội thành công” trên mọi bảng") {
		u.t.Fatalf("dashboard during the override says %q", got)
	}
	if got := u.text("p.flash"); got != "Đã gửi lệnh chuyển tới các bảng; bên dưới hiện bảng nào đã chuyển." {
		u.t.Fatalf("dashboard during the override: flash %q", got)
	}
	waitFrame(u.t, frame, u.h.expectedAsset(congress.Items[0].Text, "384x128"), "board after the congress-success button")
	var r *boardRow
	u.b.Wait("dashboard shows the board playing the congress-success slogan", boardRowJS(name), &r, func() bool {
		return r != nil && r.Playing == congress.Items[0].Text
	})
	u.shot("dashboard-override")

	u.askSwitch("Trở về lịch phát thường ngày")
	u.click("confirm the return", "Trở về lịch")
	if got := u.text(".override .state"); got != "Các bảng đang phát theo lịch thường ngày." {
		u.t.Fatalf("dashboard after the override says %q", got)
	}
	if got := u.text("p.flash"); got != "Đã gửi lệnh trở về lịch phát thường ngày; bên dưới hiện bảng nào đã trở về." {
		u.t.Fatalf("dashboard after the override: flash %q", got)
	}
	waitFrame(u.t, frame, u.h.expectedAsset(def.Items[0].Text, "384x128"), "board back on the schedule")
}

// checkAudit reads the audit page: newest first, what was done through
// the browser is there under the admin's name. Entries are found by their
// details, not by how the page words the actions.
func (u *ui) checkAudit(slogan, board string) {
	u.t.Helper()
	u.b.Navigate(u.h.srv.URL + "/audit")
	var rows [][]string
	u.eval("read the audit log", `[...document.querySelectorAll("tbody tr")].map(r => [...r.cells].map(c => c.textContent.trim()))`, &rows)
	var mine [][]string // by admin, newest first
	for _, r := range rows {
		if len(r) == 6 && r[1] == "admin" {
			mine = append(mine, r)
		}
	}
	find := func(what string, match func(detail string) bool) int {
		for i, r := range mine {
			if match(r[3]) {
				return i
			}
		}
		u.t.Fatalf("audit: no entry by admin for %s among %q", what, mine)
		return -1
	}
	created := find("the new slogan", func(d string) bool { return strings.Contains(d, slogan) })
	added := find("the new board", func(d string) bool { return strings.Contains(d, board) })
	override := find("the override", func(d string) bool {
		return strings.Contains(d, "congress-success") || strings.Contains(d, "Mừng Đại hội thành công")
	})
	// The return to the schedule is the newest entry, just before the override.
	if !(override == 1 && added > override && created > added) {
		u.t.Fatalf("audit: entries by admin out of order (slogan at %d, board at %d, override at %d, want 1): %q",
			created, added, override, mine)
	}
	u.shot("audit")
}

type boardRow struct {
	Online, Playing, Sync, State string
	Thumbnail                    int // the thumbnail's width; 0: none shown
}

// boardRowJS is an expression for the dashboard row of the named board,
// or null if it has none.
func boardRowJS(name string) string {
	return fmt.Sprintf(`(() => {
		const tile = [...document.querySelectorAll("#wall .tile")].find(e => e.querySelector(".name").textContent.trim() === %s);
		if (!tile) return null;
		const t = c => tile.querySelector(c)?.textContent.replace(/\s+/g, " ").trim() ?? "";
		return { Online: t(".state-text"), Playing: t(".playing"), Sync: t(".sync"), State: tile.classList[1], Thumbnail: tile.querySelector(".thumb img")?.naturalWidth ?? 0 };
	})()`, js(name))
}

func (u *ui) boardRow(name string) *boardRow {
	u.t.Helper()
	var r *boardRow
	u.eval("read the board row", boardRowJS(name), &r)
	return r
}

// askSwitch presses a button of the switch and returns what its
// confirmation dialog asks; nothing is sent yet.
func (u *ui) askSwitch(label string) string {
	u.t.Helper()
	var found bool
	u.eval("press "+label, fmt.Sprintf(`(() => { const b = [...document.querySelectorAll("button")].find(b => b.textContent.trim() === %s);
		b?.click(); return !!b; })()`, js(label)), &found)
	if !found {
		u.t.Fatalf("no button %q on %s", label, u.path())
	}
	var open bool
	u.b.Wait("the confirmation dialog opens", `document.getElementById("confirm-dialog").open`, &open, func() bool { return open })
	return u.text("#confirm-text")
}

// Page helpers: each reads or does one thing a person would, and fails
// the test with what it was trying to do.

func (u *ui) eval(what, expr string, out any) {
	u.t.Helper()
	if err := u.b.Eval(expr, out); err != nil {
		u.t.Fatalf("%s: %v", what, err)
	}
}

func (u *ui) path() string {
	u.t.Helper()
	var p string
	u.eval("read the address", "location.pathname", &p)
	return p
}

// text is the whitespace-collapsed text of the first element matching
// selector, "" if none does.
func (u *ui) text(selector string) string {
	u.t.Helper()
	var s string
	u.eval("read "+selector, fmt.Sprintf(`(document.querySelector(%s)?.textContent ?? "").replace(/\s+/g, " ").trim()`, js(selector)), &s)
	return s
}

func (u *ui) value(selector string) string {
	u.t.Helper()
	var s string
	u.eval("read "+selector, fmt.Sprintf(`document.querySelector(%s)?.value ?? ""`, js(selector)), &s)
	return s
}

func (u *ui) visible(selector string) bool {
	u.t.Helper()
	var v bool
	u.eval("look at "+selector, fmt.Sprintf(`document.querySelector(%s)?.checkVisibility() ?? false`, js(selector)), &v)
	return v
}

// click presses the button labelled label and waits for the next page.
func (u *ui) click(what, label string) {
	u.t.Helper()
	u.b.LoadAfter(what, func() error {
		var found bool
		err := u.b.Eval(fmt.Sprintf(`(() => { const b = [...document.querySelectorAll("button")].find(b => b.textContent.trim() === %s);
			b?.click(); return !!b; })()`, js(label)), &found)
		if err == nil && !found {
			err = fmt.Errorf("no button %q on %s", label, u.path())
		}
		return err
	})
}

// fillAnd fills the fields of the form matching selector, then runs then
// with the form as f: a submit or a click.
func (u *ui) fillAnd(selector string, fields map[string]string, then string) error {
	var problem string
	err := u.b.Eval(fmt.Sprintf(`((f, fields) => {
		if (!f) return "no form " + %s;
		for (const [name, v] of Object.entries(fields)) {
			const el = f.elements.namedItem(name);
			if (!el) return "no field " + name;
			el.value = v;
			el.dispatchEvent(new Event("input", { bubbles: true }));
		}
		%s;
		return "";
	})(document.querySelector(%s), %s)`, js(selector), then, js(selector), js(fields)), &problem)
	if err == nil && problem != "" {
		err = fmt.Errorf("%s on %s", problem, u.path())
	}
	return err
}

// shot always takes a screenshot, so the code path is tested, and keeps
// it in CODONG_SCREENSHOTS if that is set.
func (u *ui) shot(name string) {
	u.t.Helper()
	data, err := u.b.ScreenshotPage()
	if err != nil {
		u.t.Fatalf("screenshot %s: %v", name, err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width < 1000 {
		u.t.Fatalf("screenshot %s: not a page-wide PNG (%dx%d, %v)", name, cfg.Width, cfg.Height, err)
	}
	if u.shots == "" {
		return
	}
	if err := os.MkdirAll(u.shots, 0o755); err != nil {
		u.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(u.shots, name+".png"), data, 0o644); err != nil {
		u.t.Fatal(err)
	}
}

// js writes v as a JavaScript literal.
func js(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(data)
}
