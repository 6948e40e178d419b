package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"codong/internal/browsertest"
)

// TestCountdownFormInBrowser: the officer writes a countdown on a
// 1366×768 office screen: the previews show today's number and the
// message of the day, a text without {N} is refused with the typed
// fields kept, and the saved slogan is listed with its date. The same
// form and list fit a 360 px phone.
func TestCountdownFormInBrowser(t *testing.T) {
	t.Parallel()
	h := startController(t)
	u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: browsertest.Viewport{Width: 1366, Height: 768}}),
		shots: os.Getenv("CODONG_SCREENSHOTS")}
	u.logIn()
	u.b.Navigate(h.srv.URL + "/slogans/new")

	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	date := time.Now().In(hcm).AddDate(0, 0, 12)
	if time.Until(nextMidnight(time.Now(), hcm)) < time.Minute {
		date = date.AddDate(0, 0, 1) // the page and the test would disagree on today
	}
	const after = "Mừng Đại hội thành công!"
	// Wrong first: the number's place is missing.
	u.typeSlogan("Còn mười hai ngày đến Đại hội Đảng bộ xã Liên Minh lần thứ XX")
	var ok bool
	u.eval("fill in the countdown", fmt.Sprintf(`(() => {
		const on = document.getElementById("countdown-on");
		on.click();
		const d = document.getElementById("countdown-date");
		d.value = %s; d.dispatchEvent(new Event("change", { bubbles: true }));
		const a = document.getElementById("countdown-after");
		a.value = %s; a.dispatchEvent(new Event("input", { bubbles: true }));
		return !document.getElementById("countdown-fields").hidden;
	})()`, js(date.Format("2006-01-02")), js(after)), &ok)
	if !ok {
		t.Fatal("ticking Đếm ngược did not show its date and message")
	}
	u.click("save a countdown without {N}", "Lưu và gửi duyệt")
	if msg := u.text("section.card > p.error"); !strings.Contains(msg, "{N}") {
		t.Fatalf("saving a countdown without {N}: error %q, want one naming {N}", msg)
	}
	if u.value("#countdown-date") != date.Format("2006-01-02") || u.value("#countdown-after") != after || !u.visible("#countdown-fields") {
		t.Fatal("the refused form lost the countdown's date or message")
	}
	u.shot("countdown-refused")

	text := "Còn {N} ngày đến Đại hội Đảng bộ xã Liên Minh lần thứ XX"
	u.typeSlogan(text)
	var ready bool
	u.b.Wait("today's and the day's previews load", `(() => {
		const imgs = [...document.querySelectorAll("img.preview, img.preview-after")];
		return imgs.length === 4 && imgs.every(i => !i.hidden && i.src.startsWith("blob:") && i.complete &&
			i.naturalWidth + "x" + i.naturalHeight === i.dataset.size);
	})()`, &ready, func() bool { return ready })
	var got map[string]struct {
		W, H int
		Sum  string
	}
	u.eval("read today's previews", previewSums, &got)
	today := "Còn 12 ngày đến Đại hội Đảng bộ xã Liên Minh lần thứ XX"
	for _, size := range []string{"1920x1080", "384x128"} {
		if want := u.pixelSum(today, size); got[size].Sum != want {
			t.Fatalf("today's preview at %s is not %q as boards get it", size, today)
		}
	}
	u.eval("read the day's previews", strings.ReplaceAll(previewSums, "img.preview", "img.preview-after"), &got)
	for _, size := range []string{"1920x1080", "384x128"} {
		if want := u.pixelSum(after, size); got[size].Sum != want {
			t.Fatalf("the day's preview at %s is not %q", size, after)
		}
	}
	u.shot("countdown-form")

	u.click("save the countdown", "Lưu và gửi duyệt")
	if p := u.path(); p != "/slogans" {
		t.Fatalf("saving a countdown: ended at %s (page says %q)", p, u.text("main"))
	}
	if got, want := u.text(".countdown-date"), "Đếm ngược tới ngày "+date.Format("02/01/2006"); got != want {
		t.Fatalf("the list says %q, want %q", got, want)
	}
	u.shot("countdown-list")
	var saved []struct {
		ID        int64  `json:"id"`
		Text      string `json:"text"`
		Countdown *struct {
			Date, After string
		} `json:"countdown"`
	}
	h.api("GET", "/api/v1/slogans", nil, &saved)
	if s := saved[0]; s.Text != text || s.Countdown == nil || s.Countdown.Date != date.Format("2006-01-02") || s.Countdown.After != after {
		t.Fatalf("stored %+v", saved[0])
	}

	if err := u.b.SetViewport(browsertest.Phone); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"countdown-form": "/slogans/" + itoa(saved[0].ID), "countdown-list": "/slogans"} {
		t.Run(name, func(t *testing.T) {
			u.t = t
			u.b.Navigate(h.srv.URL + path)
			if name == "countdown-form" {
				var ready bool
				u.b.Wait("the previews load on the phone", `[...document.querySelectorAll("img.preview, img.preview-after")].every(i => !i.hidden && i.complete && i.naturalWidth > 0)`, &ready, func() bool { return ready })
			}
			u.fitsPhone(name)
		})
	}
	if thrown := u.b.Uncaught(); len(thrown) > 0 {
		t.Errorf("the pages threw script errors:\n%s", strings.Join(thrown, "\n"))
	}
}
