package e2e

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codong/internal/browsertest"
	"codong/internal/phototest"
)

// TestPhotoUploadInBrowser uploads photos through the "Ảnh triển lãm"
// page in a real headless Chromium, on an office screen (1366×768) and
// on the officer's phone (360×740): two photos at once, then a GIF the
// page refuses with its reason, then a photo added to a playlist. No
// page may scroll sideways on the phone. With CODONG_SCREENSHOTS=DIR the
// pictures are kept.
func TestPhotoUploadInBrowser(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string][]byte{
		"IMG_0001.jpg":   phototest.JPEG(phototest.Halves(300, 200), 6),
		"hoi-truong.png": phototest.PNG(phototest.Halves(400, 300)),
		"hoat-hinh.gif":  phototest.GIF(phototest.Halves(40, 30)),
	}
	paths := map[string]string{}
	for name, data := range files {
		paths[name] = filepath.Join(dir, name)
		if err := os.WriteFile(paths[name], data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, vp := range screenSizes {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			h := startController(t)
			u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp.view})}
			u.b.Navigate(h.srv.URL + "/login")
			u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
			u.b.Navigate(h.srv.URL + "/photos")
			if got := u.text("main h1"); got != "Ảnh triển lãm" {
				t.Fatalf("photos page heading %q", got)
			}
			u.keepShot(vp.name, "photos-empty", vp.view.Width)

			u.choose(paths["IMG_0001.jpg"], paths["hoi-truong.png"])
			u.b.LoadAfter("upload two photos", func() error {
				return u.fillAnd("#photo-upload", map[string]string{"caption": "Triển lãm ảnh mừng Đại hội", "fit": "fill"}, "f.submit()")
			})
			if n := u.count("section.photo"); n != 2 {
				t.Fatalf("after uploading two photos the page shows %d (flash %q, error %q)", n, u.text(".flash"), u.text(".error"))
			}
			if got := u.text("section.photo h2"); !strings.Contains(got, "Triển lãm ảnh mừng Đại hội") || !strings.Contains(got, "Chờ duyệt") {
				t.Errorf("photo heading %q", got)
			}
			loaded := false
			// The previews load lazily: bring each into view, as a person
			// scrolling down would.
			u.b.Wait("the previews load", `(() => { const imgs = [...document.querySelectorAll("section.photo img.preview")];
				imgs.filter(i => !i.complete || !i.naturalWidth).forEach(i => i.scrollIntoView());
				return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0); })()`, &loaded, func() bool { return loaded })
			u.keepShot(vp.name, "photos-uploaded", vp.view.Width)

			u.choose(paths["hoat-hinh.gif"])
			u.b.LoadAfter("upload a GIF", func() error { return u.fillAnd("#photo-upload", map[string]string{}, "f.submit()") })
			if got := u.text("#photo-error"); !strings.Contains(got, "hoat-hinh.gif") || !strings.Contains(got, "không phải ảnh JPEG hay PNG") {
				t.Fatalf("a GIF upload says %q", got)
			}
			if n := u.count("section.photo"); n != 2 {
				t.Fatalf("after a refused upload the page shows %d photos, want the 2 kept", n)
			}
			u.keepShot(vp.name, "photos-refused", vp.view.Width)

			// The approver sees what each photo will look like on the boards.
			u.addCommitteeMember("pho-bi-thu", "mật khẩu của phó bí thư")
			u.firstLogin("pho-bi-thu", "mật khẩu của phó bí thư", "phó bí thư tự chọn mật khẩu")
			u.b.Navigate(h.srv.URL + "/approvals")
			if got := u.text("main"); !strings.Contains(got, "Ảnh: Triển lãm ảnh mừng Đại hội") || !strings.Contains(got, "phủ kín bảng, cắt bớt mép") {
				t.Fatalf("the approvals page does not show the photos: %q", got)
			}
			u.b.Wait("the approval previews load", `(() => { const imgs = [...document.querySelectorAll("main img.preview")];
				imgs.filter(i => !i.complete || !i.naturalWidth).forEach(i => i.scrollIntoView());
				return imgs.length >= 2 && imgs.every(i => i.complete && i.naturalWidth > 0); })()`, &loaded, func() bool { return loaded })
			u.keepShot(vp.name, "approvals-photos", vp.view.Width)
			u.click("log out", "Đăng xuất")
			u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")

			u.b.Navigate(h.srv.URL + "/playlists")
			u.b.LoadAfter("add a photo to the playlist", func() error {
				return u.fillAnd(`#pl-congress-success form.add-photo`, map[string]string{"seconds": "15"}, "f.submit()")
			})
			if got := u.text("#pl-congress-success ol.items"); !strings.Contains(got, "Ảnh Triển lãm ảnh mừng Đại hội") {
				t.Fatalf("the playlist does not list the photo: %q", got)
			}
			u.keepShot(vp.name, "playlists-with-photo", vp.view.Width)
			if thrown := u.b.Uncaught(); len(thrown) > 0 {
				t.Errorf("the pages threw script errors:\n%s", strings.Join(thrown, "\n"))
			}
		})
	}
}

// choose puts files in the upload form's file field, as a person picking
// them from the phone's gallery.
func (u *ui) choose(paths ...string) {
	u.t.Helper()
	var doc struct {
		Root struct {
			NodeID int `json:"nodeId"`
		} `json:"root"`
	}
	var input struct {
		NodeID int `json:"nodeId"`
	}
	err := u.b.Call("DOM.getDocument", map[string]any{}, &doc)
	if err == nil {
		err = u.b.Call("DOM.querySelector", map[string]any{"nodeId": doc.Root.NodeID, "selector": `#photo-upload input[type=file]`}, &input)
	}
	if err == nil {
		err = u.b.Call("DOM.setFileInputFiles", map[string]any{"nodeId": input.NodeID, "files": paths}, nil)
	}
	if err != nil {
		u.t.Fatalf("choose %v: %v", paths, err)
	}
}

func (u *ui) count(selector string) int {
	u.t.Helper()
	var n int
	u.eval("count "+selector, `document.querySelectorAll(`+js(selector)+`).length`, &n)
	return n
}

// keepShot checks the page is no wider than the window, and keeps its
// picture in CODONG_SCREENSHOTS if that is set.
func (u *ui) keepShot(view, name string, width int) {
	u.t.Helper()
	var w int
	u.eval("measure the page", "document.documentElement.scrollWidth", &w)
	if w > width {
		u.t.Errorf("%s is %d px wide in a %d px window: it scrolls sideways", name, w, width)
	}
	data, err := u.b.ScreenshotPage()
	if err != nil {
		u.t.Fatal(err)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width > width {
		u.t.Errorf("%s: the page's content is %d px wide in a %d px window (%v)", name, cfg.Width, width, err)
	}
	if dir := os.Getenv("CODONG_SCREENSHOTS"); dir != "" {
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, view+"-"+name+".png"), data, 0o644)
	}
}
