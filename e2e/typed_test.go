package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"codong/controller"
	"codong/internal/browsertest"
)

// TestNothingTypedIsLostOrDoubled drives the console in a real headless
// Chromium on an office screen (1366×768) and a phone (360×740), the
// way issue 28 found typing lost or doubled:
//   - Back after saving a new slogan brings the form back; saving it
//     again creates no second copy, and the page says why;
//   - reloading the page that shows a new API token shows it no more
//     and creates no second token;
//   - a form sent after the session ran out keeps its text through the
//     login and back, says it was restored, and forgets it once saved
//     (the groups page too, which saves onto itself);
//   - two tabs on one approved slogan: the second save clashes, and the
//     clash page says that version 1 is approved and on the boards.
//
// With CODONG_SCREENSHOTS=DIR the pictures are kept.
func TestNothingTypedIsLostOrDoubled(t *testing.T) {
	t.Parallel()
	for _, vp := range screenSizes {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			// The controller's sessions run out when the test says
			// (wall_test.go's clock), not after twelve hours.
			clock := &shiftedClock{}
			h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) { c.Now = clock.Now })
			u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp.view})}
			u.b.Navigate(h.srv.URL + "/login")
			u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")

			t.Run("back after saving", func(t *testing.T) { u.t = t; u.backAfterSave(vp.name, vp.view.Width) })
			t.Run("reloading the new token's page", func(t *testing.T) { u.t = t; u.reloadTokenPage(vp.name, vp.view.Width) })
			t.Run("the session runs out while typing", func(t *testing.T) {
				u.t = t
				u.expiryKeepsText(vp.name, vp.view.Width, func() { clock.Add(13 * time.Hour) })
			})
			t.Run("the session runs out on a page that saves onto itself", func(t *testing.T) {
				u.t = t
				u.expiryKeepsGroupName(func() { clock.Add(13 * time.Hour) })
			})
			t.Run("two tabs on one slogan", func(t *testing.T) { u.t = t; u.twoTabs(vp.name, vp.view) })
			if thrown := u.b.Uncaught(); len(thrown) > 0 {
				t.Errorf("the pages threw script errors:\n%s", strings.Join(thrown, "\n"))
			}
		})
	}
}

// submit sends the form as pressing its button does: the submit event
// fires (the page's scripts see it), then the next page loads.
func (u *ui) submit(what, selector string, fields map[string]string) {
	u.t.Helper()
	u.b.LoadAfter(what, func() error { return u.fillAnd(selector, fields, "f.requestSubmit()") })
}

// slogansWith counts the slogans whose text is text.
func (u *ui) slogansWith(text string) int {
	u.t.Helper()
	var all []struct {
		Text string `json:"text"`
	}
	u.h.api("GET", "/api/v1/slogans", nil, &all)
	n := 0
	for _, s := range all {
		if s.Text == text {
			n++
		}
	}
	return n
}

func (u *ui) backAfterSave(view string, width int) {
	u.t.Helper()
	text := "Toàn dân chung sức xây dựng nông thôn mới " + view
	u.b.Navigate(u.h.srv.URL + "/slogans/new")
	u.submit("save a new slogan", "#slogan-form", map[string]string{"text": text})
	if p := u.path(); p != "/slogans" || !strings.HasPrefix(u.text("p.flash"), "Đã lưu và gửi duyệt") {
		u.t.Fatalf("save: at %s, flash %q (page says %.300q)", p, u.text("p.flash"), u.text("main"))
	}
	u.b.LoadAfter("go back", func() error { return u.b.Eval("history.back()", nil) })
	if p := u.path(); p != "/slogans/new" {
		u.t.Fatalf("Back: at %s, want the form", p)
	}
	if got := u.value("#slogan-text"); got != text {
		u.t.Fatalf("Back: the form holds %q, want the text saved (the browser keeps it)", got)
	}
	want := fmt.Sprintf("%d/400 ký tự", len([]rune(text)))
	if got := u.text("#slogan-count"); got != want {
		u.t.Errorf("Back: the counter says %q, want %q", got, want)
	}
	u.keepShot(view, "typed-back", width)
	u.submit("save the form again", "#slogan-form", map[string]string{})
	if got := u.text("p.flash"); !strings.Contains(got, "đã được gửi và lưu từ trước") {
		u.t.Errorf("saving again: flash %q, want it to say the form was saved before", got)
	}
	if n := u.slogansWith(text); n != 1 {
		u.t.Fatalf("after Back and saving again there are %d slogans %q, want 1", n, text)
	}
	u.keepShot(view, "typed-back-saved-again", width)
}

func (u *ui) reloadTokenPage(view string, width int) {
	u.t.Helper()
	name := "Kịch bản trực ban " + view
	u.b.Navigate(u.h.srv.URL + "/users")
	u.b.LoadAfter("create a token", func() error {
		return u.fillAnd(`form[action="/tokens"]`, map[string]string{"name": name},
			`f.querySelector('input[name="roles"][value="operator"]').checked = true; f.requestSubmit()`)
	})
	token := u.text("pre.token")
	if !strings.HasPrefix(u.path(), "/tokens/") || !strings.HasPrefix(token, "cda_") {
		u.t.Fatalf("create a token: at %s, token %q (page says %.300q)", u.path(), token, u.text("main"))
	}
	u.keepShot(view, "typed-token", width)
	u.b.LoadAfter("reload the token's page", func() error { return u.b.Eval("location.reload()", nil) })
	if got := u.text("main"); strings.Contains(got, "cda_") || !strings.Contains(got, "đã hiện một lần") {
		u.t.Fatalf("reloading the token's page shows %.400q", got)
	}
	var tokens []struct {
		Name string `json:"name"`
	}
	u.h.api("GET", "/api/v1/tokens", nil, &tokens)
	n := 0
	for _, tok := range tokens {
		if tok.Name == name {
			n++
		}
	}
	if n != 1 {
		u.t.Fatalf("after reloading the token's page there are %d tokens %q, want 1", n, name)
	}
	u.keepShot(view, "typed-token-reloaded", width)
}

func (u *ui) expiryKeepsText(view string, width int, expire func()) {
	u.t.Helper()
	text := "Phát huy truyền thống quê hương anh hùng " + view
	u.b.Navigate(u.h.srv.URL + "/slogans/new")
	u.typeSlogan(text)
	expire()
	u.submit("save after the session ran out", "#slogan-form", map[string]string{})
	if p := u.path(); p != "/login" || !strings.Contains(u.text("main"), "Phiên đăng nhập đã hết hạn") {
		u.t.Fatalf("saving with a session run out: at %s (page says %.300q)", p, u.text("main"))
	}
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	if p := u.path(); p != "/slogans/new" {
		u.t.Fatalf("after logging in: at %s, want back at the form", p)
	}
	if got := u.value("#slogan-text"); got != text {
		u.t.Fatalf("after logging in the form holds %q, want %q", got, text)
	}
	if got := u.text("p.restored"); !strings.Contains(got, "Đã khôi phục nội dung bạn gõ") {
		u.t.Errorf("the page does not say the text was restored: %q", got)
	}
	if got, want := u.text("#slogan-count"), fmt.Sprintf("%d/400 ký tự", len([]rune(text))); got != want {
		u.t.Errorf("restored: the counter says %q, want %q", got, want)
	}
	u.keepShot(view, "typed-restored", width)
	u.submit("save the restored text", "#slogan-form", map[string]string{})
	if n := u.slogansWith(text); n != 1 || u.path() != "/slogans" {
		u.t.Fatalf("saving the restored text: at %s, %d slogans %q, want 1", u.path(), n, text)
	}
	u.b.Navigate(u.h.srv.URL + "/slogans/new")
	if got := u.value("#slogan-text"); got != "" || u.count("p.restored") != 0 {
		u.t.Fatalf("once saved, the form still brings the text back: %q", got)
	}
}

// expiryKeepsGroupName: the groups page saves onto itself (the new group
// appears on the same page, with a flash), so the kept copy must go on
// that flash, not come back into the emptied form.
func (u *ui) expiryKeepsGroupName(expire func()) {
	u.t.Helper()
	const name = "Thôn Đông và khu chợ mới"
	form := `form[action="/groups"]`
	u.b.Navigate(u.h.srv.URL + "/groups")
	expire()
	u.submit("create a group after the session ran out", form, map[string]string{"name": name})
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	if p, got := u.path(), u.value(form+` input[name="name"]`); p != "/groups" || got != name {
		u.t.Fatalf("after logging in: at %s, the group's name holds %q, want %q", p, got, name)
	}
	u.submit("create the group", form, map[string]string{})
	if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã tạo nhóm") {
		u.t.Fatalf("create the group: flash %q (page says %.300q)", got, u.text("main"))
	}
	u.b.Navigate(u.h.srv.URL + "/groups")
	if got := u.value(form + ` input[name="name"]`); got != "" || u.count("p.restored") != 0 {
		u.t.Fatalf("once the group is made, its name comes back: %q", got)
	}
}

func (u *ui) twoTabs(view string, vp browsertest.Viewport) {
	u.t.Helper()
	var made struct {
		ID int64 `json:"id"`
	}
	u.h.api("POST", "/api/v1/slogans", map[string]any{"text": "Bản một đã duyệt " + view}, &made)
	u.h.approveAll()
	form := fmt.Sprintf("%s/slogans/%d", u.h.srv.URL, made.ID)
	other := &ui{t: u.t, h: u.h, b: browsertest.Start(u.t, browsertest.Options{Viewport: vp})}
	other.b.Navigate(u.h.srv.URL + "/login")
	other.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	other.b.Navigate(form)
	u.b.Navigate(form)
	other.submit("save in the first tab", "#slogan-form", map[string]string{"text": "Bản hai của tab thứ nhất " + view})
	mine := "Bản của tab thứ hai " + view
	u.submit("save in the second tab", "#slogan-form", map[string]string{"text": mine})
	page := u.text("main")
	if !strings.Contains(page, "Bản hai của tab thứ nhất") || u.value("#slogan-text") != mine {
		u.t.Fatalf("the clash page does not name the other save or lost the text typed: %.600q", page)
	}
	if strings.Contains(page, "Chưa có bản nào được duyệt") || !strings.Contains(page, "Các bảng đang hiện bản đã duyệt (phiên bản 1)") {
		u.t.Fatalf("the clash page misreports what the boards show: %.600q", page)
	}
	u.keepShot(view, "typed-two-tabs", vp.Width)
}
