package e2e

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codong/internal/browsertest"
)

// TestApprovalPagesFitAPhone opens every page of the approval workflow
// at 360×740, as the operator's phone in the congress hall: none may
// scroll sideways. With CODONG_SCREENSHOTS=DIR the pictures are kept.
func TestApprovalPagesFitAPhone(t *testing.T) {
	t.Parallel()
	h := startController(t)
	h.draftSlogan(1, "Đảng Cộng sản Việt Nam quang vinh muôn năm!")
	h.api("POST", "/api/v1/playlists/congress-success/items", map[string]any{"slogan_id": 2, "seconds": 15}, nil)
	u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: browsertest.Phone})}
	u.b.Navigate(h.srv.URL + "/login")
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	var waiting []struct {
		ID int64 `json:"id"`
	}
	h.api("GET", "/api/v1/versions?state=pending", nil, &waiting)
	if len(waiting) != 2 {
		t.Fatalf("%d versions wait, want 2", len(waiting))
	}
	pages := map[string]string{
		"approvals": "/approvals", "submission-sheet": "/approvals/print", "version": "/versions/" + itoa(waiting[0].ID),
		"users": "/users", "audit": "/audit", "slogans": "/slogans", "slogan-form": "/slogans/1",
	}
	for name, path := range pages {
		t.Run(name, func(t *testing.T) {
			u.t = t
			u.b.Navigate(h.srv.URL + path)
			u.fitsPhone(name)
		})
	}
}

// fitsPhone checks the page open at 360 px scrolls only up and down, and
// keeps its picture in CODONG_SCREENSHOTS as phone-NAME.png.
func (u *ui) fitsPhone(name string) {
	t := u.t
	t.Helper()
	path := u.path()
	var w []int
	u.eval("measure the page", "[document.documentElement.scrollWidth, innerWidth]", &w)
	if len(w) != 2 || w[0] > w[1] {
		t.Errorf("%s is %v px wide in a %v px phone: it scrolls sideways", path, w[0], w[1])
	}
	// A running strip reaches past its board's window on purpose: the
	// window clips it, and is itself checked.
	var cut []string
	u.eval("find cut pictures", `[...document.querySelectorAll("main img, main table, main pre, main input, main textarea, main .board-view")].filter(e => !e.matches(".board-view img") && e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + " " + (e.alt || e.className || e.name))`, &cut)
	if len(cut) > 0 {
		t.Errorf("%s: these reach past the screen's edge: %s", path, strings.Join(cut, "; "))
	}
	data, err := u.b.ScreenshotPage()
	if err != nil {
		t.Fatal(err)
	}
	// The whole page's picture is as wide as its content: wider than
	// the phone means something sticks out, even where the page
	// hides the scroll bar.
	if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width > browsertest.Phone.Width {
		t.Errorf("%s: the page's content is %d px wide on a %d px phone (%v)", path, cfg.Width, browsertest.Phone.Width, err)
	}
	if dir := os.Getenv("CODONG_SCREENSHOTS"); dir != "" {
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "phone-"+name+".png"), data, 0o644)
	}
}
