package browsertest

import (
	"bytes"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// page is a long page that logs, finishes drawing a moment after it
// loads, and throws once.
const page = `<!doctype html>
<html><head><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin:0">
<div id="tall" style="height:3000px;background:#da251d"></div>
<script>
console.warn("xin chào");
setTimeout(() => { document.body.dataset.ready = "yes"; }, 200);
setTimeout(() => { throw new Error("lỗi thử"); }, 0);
</script>
</body></html>`

func TestBrowser(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()

	for _, tc := range []struct {
		name string
		opts Options
		w, h int // the window, in CSS pixels
	}{
		{"desktop", Options{}, 1280, 1000},
		{"phone", Options{Viewport: Phone}, 360, 740},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Start(t, tc.opts)
			b.Navigate(srv.URL)
			var ready string
			b.Wait("the page is drawn", `document.body.dataset.ready ?? ""`, &ready, func() bool { return ready == "yes" })

			var inner [2]int
			if err := b.Eval("[innerWidth, innerHeight]", &inner); err != nil {
				t.Fatal(err)
			}
			if inner != [2]int{tc.w, tc.h} {
				t.Errorf("window is %dx%d CSS pixels, want %dx%d", inner[0], inner[1], tc.w, tc.h)
			}
			checkPNG(t, "screenshot", b.Screenshot, tc.w, tc.h)
			var contentW int // the window less a desktop scroll bar
			if err := b.Eval("document.documentElement.clientWidth", &contentW); err != nil {
				t.Fatal(err)
			}
			checkPNG(t, "page screenshot", b.ScreenshotPage, contentW, 3000)

			if thrown := b.Uncaught(); len(thrown) != 1 || !strings.Contains(thrown[0], "lỗi thử") {
				t.Errorf("uncaught exceptions %q, want the one the page threw", thrown)
			}
			if err := b.Eval("Promise.reject(new Error('từ chối'))", nil); err == nil || !strings.Contains(err.Error(), "từ chối") {
				t.Errorf("a rejected promise gave %v, want its error", err)
			}
		})
	}
}

func checkPNG(t *testing.T, what string, shoot func() ([]byte, error), w, h int) {
	t.Helper()
	data, err := shoot()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if cfg.Width != w || cfg.Height != h {
		t.Errorf("%s is %dx%d, want %dx%d", what, cfg.Width, cfg.Height, w, h)
	}
}
