package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"codong/internal/browsertest"
	"codong/playlists"
)

// TestPlaylistsInTheBrowser is an officer building a playlist on a
// desktop and on a phone: creating it by name (the slug made for them),
// moving the last item to the top from the keyboard in one request,
// dragging an item (a mouse on the desktop, a finger on the phone),
// cancelling then confirming a removal, a deletion refused with its
// reason, and the warning before leaving typed text behind. Every page
// fits a 360 px phone without sideways scrolling.
func TestPlaylistsInTheBrowser(t *testing.T) {
	t.Parallel()
	for _, vp := range screenSizes {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			u := loggedIn(t, vp.view, "1920x1080", "384x128")
			h := u.h
			texts := []string{"Một lòng theo Đảng", "Mừng Xuân Bính Ngọ", "Toàn dân đoàn kết", "Đại hội thành công"}
			var ids []int64
			for _, text := range texts {
				var sl struct {
					ID int64 `json:"id"`
				}
				h.api("POST", "/api/v1/slogans", map[string]string{"text": text, "style": "classic"}, &sl)
				ids = append(ids, sl.ID)
			}

			u.b.Navigate(h.srv.URL + "/playlists")
			var hint string
			u.b.LoadAfter("create a playlist by its name", func() error {
				return u.fillAnd("#playlist-create", map[string]string{"name": "Mừng Xuân Bính Ngọ"}, `f.querySelector("button[type=submit]").click()`)
			})
			const slug = "mung-xuan-binh-ngo"
			if got := u.text("#pl-" + slug + " small.slug"); got != slug {
				t.Fatalf("the new playlist's slug shows %q, want %q; page says %q", got, slug, u.text("main"))
			}
			if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã tạo danh sách phát.") {
				t.Fatalf("flash after creating: %q", got)
			}
			u.eval("the slug shown while typing", `(() => { const n = document.getElementById("playlist-name");
				n.value = "Đêm hội Trăng rằm"; n.dispatchEvent(new Event("input")); return document.getElementById("playlist-slug").placeholder; })()`, &hint)
			if hint != "dem-hoi-trang-ram" {
				t.Fatalf("the slug shown while typing the name: %q", hint)
			}
			for _, id := range ids {
				h.api("POST", "/api/v1/playlists/"+slug+"/items", map[string]any{"slogan_id": id, "seconds": 10}, nil)
			}
			u.b.AcceptDialogs(true)
			u.b.Navigate(h.srv.URL + "/playlists")
			var thumbs bool
			u.b.Wait("every item's thumbnail at the smallest board's size", `(() => { document.getElementById("pl-`+slug+`").scrollIntoView(); // thumbnails load as they come into view
				const imgs = [...document.querySelectorAll("#pl-`+slug+` img.thumb")];
				return imgs.length === 4 && imgs.every(i => i.complete && i.naturalWidth === 384 && i.naturalHeight === 128); })()`, &thumbs, func() bool { return thumbs })

			// Keyboard: the last item to the top is one request, one
			// version, and the focus stays on the item's buttons.
			before := u.playlistState(slug)
			last := before.Items[3].ID
			u.b.LoadAfter("press Lên đầu with the keyboard", func() error {
				if err := u.b.Eval(fmt.Sprintf(`document.querySelector("#item-%d button[value=top]").focus()`, last), nil); err != nil {
					return err
				}
				return u.pressEnter()
			})
			after := u.playlistState(slug)
			if got := after.texts(); got != "Đại hội thành công|Một lòng theo Đảng|Mừng Xuân Bính Ngọ|Toàn dân đoàn kết" {
				t.Fatalf("after Lên đầu: %s", got)
			}
			if after.Version != before.Version+1 {
				t.Fatalf("moving to the top drafted versions %d → %d, want one", before.Version, after.Version)
			}
			var focus string
			u.b.Wait("the focus back on the moved item's next move button (Lên đầu is off at the top)",
				`(() => { const a = document.activeElement, r = a && a.closest("li.item"); return (r ? r.id : a.tagName) + " " + (a.tagName === "BUTTON" ? a.value : ""); })()`,
				&focus, func() bool { return focus == fmt.Sprintf("item-%d down", last) })
			if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã chuyển mục sang chỗ mới; bản này chờ duyệt.") {
				t.Fatalf("flash after a move: %q", got)
			}
			u.pageShot(vp.name + "-playlists")

			// Drag the third item above the first.
			third := after.Items[2].ID
			u.b.LoadAfter("drag the third item to the top", func() error { return u.drag(third, after.Items[0].ID, vp.view.Mobile) })
			dragged := u.playlistState(slug)
			if got := dragged.texts(); got != "Mừng Xuân Bính Ngọ|Đại hội thành công|Một lòng theo Đảng|Toàn dân đoàn kết" {
				t.Fatalf("after dragging: %s", got)
			}
			if dragged.Version != after.Version+1 {
				t.Fatalf("one drag drafted versions %d → %d, want one", after.Version, dragged.Version)
			}

			// A removal asks first; cancelled, nothing changes.
			victim := dragged.Items[3]
			u.b.AcceptDialogs(false)
			u.eval("press Bỏ and cancel", fmt.Sprintf(`document.querySelector("#item-%d form.item-remove button").click()`, victim.ID), nil)
			ds := u.b.Dialogs()
			if len(ds) == 0 || ds[len(ds)-1].Type != "confirm" || !strings.Contains(ds[len(ds)-1].Message, "Bỏ “Toàn dân đoàn kết” khỏi danh sách “Mừng Xuân Bính Ngọ”?") {
				t.Fatalf("removing did not ask first: dialogs %+v", ds)
			}
			if now := u.playlistState(slug); now.Version != dragged.Version || len(now.Items) != 4 {
				t.Fatalf("a cancelled removal changed the playlist: %+v", now)
			}
			u.b.AcceptDialogs(true)
			u.b.LoadAfter("press Bỏ and confirm", func() error {
				return u.b.Eval(fmt.Sprintf(`document.querySelector("#item-%d form.item-remove button").click()`, victim.ID), nil)
			})
			if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã bỏ mục khỏi danh sách; bản này chờ duyệt.") {
				t.Fatalf("flash after removing: %q", got)
			}
			if now := u.playlistState(slug); len(now.Items) != 3 || strings.Contains(now.texts(), victim.Text) {
				t.Fatalf("after a confirmed removal: %s", now.texts())
			}
			if vp.view.Mobile {
				u.fitsPhone("playlists-after")
			} else {
				u.pageShot(vp.name + "-playlists-after")
			}

			// Deleting a playlist the schedule plays is refused, saying why.
			h.api("POST", "/api/v1/schedule", map[string]any{"playlist": slug, "start": "07:00", "end": "08:00", "days": []int{1, 2, 3, 4, 5}}, nil)
			u.b.Navigate(h.srv.URL + "/playlists")
			u.b.LoadAfter("delete a playlist the schedule plays", func() error {
				return u.b.Eval(fmt.Sprintf(`document.querySelector('form[action="/playlists/%s/delete"] button').click()`, slug), nil)
			})
			if got := u.text("p.error"); !strings.HasPrefix(got, "Không xoá được: bản lịch phát đang soạn hoặc chờ duyệt có khung giờ phát danh sách này.") {
				t.Fatalf("deleting a scheduled playlist: %q", got)
			}
			u.pageShot(vp.name + "-playlist-delete-refused")

			// Typed text is not lost by leaving: the browser asks, and
			// staying keeps it; leaving anyway leaves.
			u.b.Navigate(h.srv.URL + "/playlists")
			u.leaveWithText("#playlist-name", "Chào mừng ngày Quốc khánh", "/playlists")
		})
	}
}

// loggedIn starts a controller with a board of each size and a browser
// in vp logged in as its admin.
func loggedIn(t *testing.T, vp browsertest.Viewport, sizes ...string) *ui {
	t.Helper()
	h := startController(t)
	u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp}), shots: os.Getenv("CODONG_SCREENSHOTS")}
	for i, size := range sizes {
		h.addBoard(fmt.Sprintf("Bảng %d", i+1), size)
	}
	u.b.Navigate(h.srv.URL + "/login")
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	return u
}

// playlistView is a playlist as the API gives it, with its version.
type playlistView struct {
	Version int `json:"version"`
	Items   []struct {
		ID   int64  `json:"id"`
		Text string `json:"text"`
	} `json:"items"`
}

func (p playlistView) texts() string {
	var out []string
	for _, it := range p.Items {
		out = append(out, it.Text)
	}
	return strings.Join(out, "|")
}

func (u *ui) playlistState(slug string) playlistView {
	u.t.Helper()
	var p playlistView
	u.h.api("GET", "/api/v1/playlists/"+slug, nil, &p)
	return p
}

// pressEnter presses and releases Enter on what has the focus, as a
// keyboard does.
func (u *ui) pressEnter() error {
	for _, typ := range []string{"keyDown", "keyUp"} {
		ev := map[string]any{"type": typ, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13}
		if typ == "keyDown" {
			ev["text"] = "\r"
		}
		if err := u.b.Call("Input.dispatchKeyEvent", ev, nil); err != nil {
			return err
		}
	}
	return nil
}

// drag takes an item by its handle and lets it go over the top half of
// another, with the mouse or a finger, in small steps as a hand moves.
func (u *ui) drag(item, onto int64, touch bool) error {
	var at struct{ X, Y, ToX, ToY float64 }
	err := u.b.Eval(fmt.Sprintf(`(() => { const h = document.querySelector("#item-%d .handle"); h.scrollIntoView({ block: "center" });
		const a = h.getBoundingClientRect(), b = document.getElementById("item-%d").getBoundingClientRect();
		return { X: a.x + a.width / 2, Y: a.y + a.height / 2, ToX: a.x + a.width / 2, ToY: b.y + 3 }; })()`, item, onto), &at)
	if err != nil {
		return err
	}
	const steps = 8
	for i := 0; i <= steps+1; i++ {
		x, y := at.X+(at.ToX-at.X)*float64(min(i, steps))/steps, at.Y+(at.ToY-at.Y)*float64(min(i, steps))/steps
		var method string
		var ev map[string]any
		switch {
		case touch:
			typ := map[bool]string{true: "touchStart", false: "touchMove"}[i == 0]
			points := []map[string]any{{"x": x, "y": y}}
			if i == steps+1 {
				typ, points = "touchEnd", []map[string]any{}
			}
			method, ev = "Input.dispatchTouchEvent", map[string]any{"type": typ, "touchPoints": points}
		default:
			typ := map[bool]string{true: "mousePressed", false: "mouseMoved"}[i == 0]
			if i == steps+1 {
				typ = "mouseReleased"
			}
			ev = map[string]any{"type": typ, "x": x, "y": y, "button": "left", "buttons": 1, "clickCount": 1}
			method = "Input.dispatchMouseEvent"
		}
		if err := u.b.Call(method, ev, nil); err != nil {
			return err
		}
	}
	return nil
}

// waitDialog waits for a dialog of type typ after the first n and
// fails the test if none comes.
func (u *ui) waitDialog(n int, typ string) {
	u.t.Helper()
	var ok bool
	u.b.Wait("a "+typ+" dialog", "true", &ok, func() bool {
		ds := u.b.Dialogs()
		return len(ds) > n && ds[len(ds)-1].Type == typ
	})
}

// leaveWithText types text into the field, follows a link away and
// stays when the browser asks; then follows it again and leaves.
func (u *ui) leaveWithText(field, text, page string) {
	u.t.Helper()
	leave := fmt.Sprintf(`(() => { const f = document.querySelector(%s);
		f.value = %s; f.dispatchEvent(new Event("input", { bubbles: true }));
		document.querySelector('a[href="/slogans"]').click(); return true; })()`, js(field), js(text))
	n := len(u.b.Dialogs())
	u.b.AcceptDialogs(false)
	u.eval("type, then follow a link away", leave, nil)
	u.waitDialog(n, "beforeunload")
	if p := u.path(); p != page || u.value(field) != text {
		u.t.Fatalf("after choosing to stay: at %s, the field holds %q", p, u.value(field))
	}
	u.b.AcceptDialogs(true)
	u.b.LoadAfter("leave anyway", func() error { return u.b.Eval(leave, nil) })
	if p := u.path(); p != "/slogans" {
		u.t.Fatalf("after choosing to leave: at %s", p)
	}
}

// pagedPreviewSlogan is so long that its strip would take over a minute
// to cross a 192×64 board at that board's default 60 px a second, and
// can be paged there within the rules (16-row capitals, no page or line
// ending on a leaning word, no syllable alone).
const pagedPreviewSlogan = "Nhiệt liệt chào mừng thành công cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031!"

// TestSloganFormInTheBrowser: the slogan form previews at every board
// size in use, a text too long for a low board running through a window
// of its shape as a strip, and one whose strip would take over a minute
// turning pages; a pasted text over the limit is kept whole,
// counted and refused (by the page, and by the server when the page is
// bypassed) with both numbers; leaving typed text asks first.
func TestSloganFormInTheBrowser(t *testing.T) {
	t.Parallel()
	for _, vp := range screenSizes {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			u := loggedIn(t, vp.view, "1920x1080", "384x128", "192x64")
			h := u.h
			u.b.Navigate(h.srv.URL + "/slogans/new")
			u.typeSlogan("Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ xã Liên Minh lần thứ III, nhiệm kỳ 2025 - 2030, thành công tốt đẹp!")
			var sizes []string
			u.b.Wait("a preview at each board's size", `(() => [...document.querySelectorAll("img.preview")]
				.filter(i => i.src.startsWith("blob:") && i.complete && i.naturalHeight === +i.dataset.size.split("x")[1]).map(i => i.dataset.size))()`,
				&sizes, func() bool { return len(sizes) == 3 })
			var strip struct {
				Size, Animation, Duration string
				Width                     int
				Moved                     bool
				Caption                   bool
			}
			u.eval("look at the running strip", `(async () => {
				const v = document.querySelector('.board-view.scrolling[data-size="192x64"]'); if (!v) return {};
				const i = v.querySelector("img"), cs = getComputedStyle(i), x = i.getBoundingClientRect().left;
				await new Promise(r => setTimeout(r, 300));
				return { Size: v.dataset.size, Animation: cs.animationName, Duration: cs.animationDuration, Width: i.naturalWidth,
					Moved: i.getBoundingClientRect().left !== x, Caption: !v.closest("figure").querySelector(".scroll-caption").hidden };
			})()`, &strip)
			if strip.Size != "192x64" || strip.Animation != "strip" || !strip.Moved || !strip.Caption {
				t.Fatalf("the low board's preview does not run as a strip: %+v", strip)
			}
			if want := fmt.Sprintf("%gs", float64(int((float64(strip.Width+192)/60)*10+0.5))/10); strip.Duration != want {
				t.Fatalf("the strip crosses in %s, want %s (the players' 60 px a second)", strip.Duration, want)
			}
			u.pageShot(vp.name + "-slogan-previews")
			if vp.view.Mobile {
				u.fitsPhone("slogan-previews")
			}

			// A strip that would take over a minute at the low board's
			// speed comes as pages, shown one after the other.
			u.typeSlogan(pagedPreviewSlogan)
			var pages struct {
				Size, Animation, Duration string
				Height, Pages             int
				Caption, StripCaption     bool
			}
			u.b.Wait("the low board's preview in pages", `(async () => {
				const v = document.querySelector('.board-view.paging[data-size="192x64"]'); if (!v) return {};
				const i = v.querySelector("img"); if (!i.src.startsWith("blob:") || !i.complete) return {};
				const cs = getComputedStyle(i), f = v.closest("figure");
				return { Size: v.dataset.size, Animation: cs.animationName, Duration: cs.animationDuration, Height: i.naturalHeight,
					Pages: +v.style.getPropertyValue("--pages"), Caption: !f.querySelector(".pages-caption").hidden,
					StripCaption: !f.querySelector(".scroll-caption").hidden };
			})()`, &pages, func() bool { return pages.Size != "" })
			if pages.Size != "192x64" || pages.Animation != "pages" || pages.Pages < 2 || pages.Height != 64*pages.Pages ||
				!pages.Caption || pages.StripCaption || pages.Duration != fmt.Sprintf("%ds", pages.Pages*playlists.PageSeconds) {
				t.Fatalf("the low board's preview does not turn pages: %+v", pages)
			}
			u.pageShot(vp.name + "-slogan-pages")
			if vp.view.Mobile {
				u.fitsPhone("slogan-pages")
			}

			// 2,000 characters pasted: all kept, counted, refused.
			long := []rune(strings.Repeat("Đoàn kết, đoàn kết, đại đoàn kết. ", 60))[:2000]
			u.typeSlogan(string(long))
			const refusal = "Khẩu hiệu dài 2.000 ký tự, tối đa 400."
			var form struct {
				Count, Validity, Counter string
			}
			u.eval("read the form", `(() => { const t = document.getElementById("slogan-text");
				return { Count: String([...t.value].length), Validity: t.validationMessage, Counter: document.getElementById("slogan-count").textContent }; })()`, &form)
			if form.Count != "2000" || form.Validity != refusal || !strings.HasPrefix(form.Counter, refusal) {
				t.Fatalf("after pasting 2,000 characters: %+v", form)
			}
			var sent bool
			u.eval("press save", `(() => { document.querySelector("#slogan-form button.primary").click(); return true; })()`, &sent)
			if p := u.path(); p != "/slogans/new" {
				t.Fatalf("a text over the limit left the form for %s", p)
			}
			u.b.LoadAfter("save with the page's check bypassed", func() error {
				return u.b.Eval(`document.getElementById("slogan-form").noValidate = true; document.querySelector("#slogan-form button.primary").click()`, nil)
			})
			u.eval("read the refused form", `(() => ({ Count: String([...document.getElementById("slogan-text").value].length),
				Validity: document.querySelector("p.error").textContent, Counter: document.getElementById("slogan-count").textContent }))()`, &form)
			if form.Count != "2000" || form.Validity != refusal {
				t.Fatalf("the server's answer to 2,000 characters: %+v", form)
			}
			u.pageShot(vp.name + "-slogan-too-long")

			u.b.Navigate(h.srv.URL + "/slogans/new")
			u.leaveWithText("#slogan-text", "Mừng Đảng, mừng Xuân", "/slogans/new")
		})
	}
}
