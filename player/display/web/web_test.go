package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"codong/player/display"
)

// encodePNG makes a w×h picture whose pixel (x, y) is at(x, y).
func encodePNG(t testing.TB, w, h int, at func(x, y int) color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, at(x, y))
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gray(v uint8) func(x, y int) color.RGBA {
	return func(x, y int) color.RGBA { return color.RGBA{v, v, v, 0xFF} }
}

func newDisplay(t *testing.T, opts Options) *Display {
	t.Helper()
	d, err := New("", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestNewAddress(t *testing.T) {
	tests := []struct{ addr, wantErr string }{
		{"", ""},
		{"127.0.0.1:0", ""},
		{"localhost:0", ""},
		{"0.0.0.0:0", "chỉ mở trên chính máy này"},
		{":0", "chỉ mở trên chính máy này"},
		{"[::]:0", "chỉ mở trên chính máy này"},
		{"192.168.1.10:8090", "chỉ mở trên chính máy này"},
		{"example.com:80", "chỉ mở trên chính máy này"},
		{"127.0.0.1", "không hợp lệ"},
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			d, err := New(tc.addr, Options{})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("New(%q): %v, want an error containing %q", tc.addr, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if strings.HasSuffix(d.Addr(), ":0") || !strings.HasPrefix(d.Addr(), "127.0.0.1:") {
				t.Errorf("Addr() = %q, want 127.0.0.1 with the real port", d.Addr())
			}
		})
	}
}

func TestShowThenGetFrame(t *testing.T) {
	d := newDisplay(t, Options{})
	first := encodePNG(t, 8, 4, gray(0x40))
	if err := d.Show(display.Frame{PNG: first, Width: 8, Height: 4, Brightness: 1}); err != nil {
		t.Fatal(err)
	}
	url := func(pic []byte) string {
		sum := sha256.Sum256(pic)
		return "http://" + d.Addr() + "/frame/" + hex.EncodeToString(sum[:]) + ".png"
	}
	resp, body := get(t, url(first))
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, first) {
		t.Fatalf("GET frame: %s, %d bytes; want the %d bytes shown", resp.Status, len(body), len(first))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "image/png" {
		t.Errorf("Content-Type %q", ct)
	}

	// A broken picture is refused and the old one stays.
	if err := d.Show(display.Frame{PNG: []byte("GIF89a"), Width: 8, Height: 4, Brightness: 1}); err == nil {
		t.Error("a picture that is not a PNG was accepted")
	}
	if resp, _ := get(t, url(first)); resp.StatusCode != http.StatusOK {
		t.Errorf("after a refused frame, the shown one answers %s", resp.Status)
	}

	// Only the newest picture is served.
	second := encodePNG(t, 8, 4, gray(0x80))
	if err := d.Show(display.Frame{PNG: second, Width: 8, Height: 4, Brightness: 1}); err != nil {
		t.Fatal(err)
	}
	if resp, body := get(t, url(second)); resp.StatusCode != http.StatusOK || !bytes.Equal(body, second) {
		t.Errorf("GET second frame: %s", resp.Status)
	}
	for _, path := range []string{url(first), "http://" + d.Addr() + "/frame/x.gif", "http://" + d.Addr() + "/frame/.png"} {
		if resp, _ := get(t, path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %s, want 404", path, resp.Status)
		}
	}
}

func TestPage(t *testing.T) {
	d := newDisplay(t, Options{})
	base := "http://" + d.Addr()
	resp, body := get(t, base+"/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") || bytes.Contains(body, []byte("<script>")) || bytes.Contains(body, []byte("style=")) {
		t.Error("the page has inline script or style")
	}
	for path, ctype := range map[string]string{"/player.js": "javascript", "/player.css": "text/css"} {
		resp, _ := get(t, base+path)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("GET %s: %s %s", path, resp.Status, resp.Header.Get("Content-Type"))
		}
	}
	if resp, _ := get(t, base+"/nothing"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nothing: %s", resp.Status)
	}

	// Another host name pointed at 127.0.0.1 gets nothing.
	req, _ := http.NewRequest("GET", base+"/", nil)
	req.Host = "evil.example:80"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("Host evil.example: %s, want 403", resp.Status)
	}
}

func TestShowAfterClose(t *testing.T) {
	d := newDisplay(t, Options{})
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Show(display.Frame{Off: true}); err == nil || err.Error() != "trang hiển thị đã đóng" {
		t.Errorf("Show after Close: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
