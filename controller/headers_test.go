package controller

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"codong/assets"
	"codong/controller/auth"
	"codong/controller/respond"
)

// TestPrivateResponsesAreNotStored fetches pages and API answers of every
// kind, the one-time token page among them: each says no-store but the
// content-addressed picture a board downloads; under TLS each carries
// Strict-Transport-Security, over plain HTTP none does.
func TestPrivateResponsesAreNotStored(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		h := newLimitedHarness(t, Config{TLSCert: map[bool]string{true: "cert.pem"}[useTLS]}, useTLS)
		cookie, csrf := h.sessionFor(t, "admin")
		pic, err := h.s.rend.Asset("Mừng Xuân", "", assets.Size{W: 192, H: 64}, 0)
		sum := pic.Sum
		if err != nil {
			t.Fatal(err)
		}
		tokenForm := url.Values{auth.CSRFField: {csrf}, "name": {"máy in"}, "roles": {"admin"}}.Encode()
		tests := []struct {
			name, method, path, auth, form string
			cache                          string
		}{
			{"login page", "GET", "/login", "", "", "no-store"},
			{"dashboard", "GET", "/", "session", "", "no-store"},
			{"one-time token page", "POST", "/tokens", "session", tokenForm, "no-store"},
			{"API answer", "GET", "/api/v1/slogans", "token", "", "no-store"},
			{"API refusal", "GET", "/api/v1/slogans", "", "", "no-store"},
			{"preview", "GET", "/api/v1/render?text=a&size=192x64", "token", "", "no-store"},
			{"board's picture", "GET", "/api/v1/player/assets/" + sum, "board", "", "private, max-age=31536000, immutable"},
			{"static file", "GET", "/static/style.css", "", "", ""},
		}
		for _, tc := range tests {
			t.Run(map[bool]string{false: "http", true: "https"}[useTLS]+"/"+tc.name, func(t *testing.T) {
				req, _ := http.NewRequest(tc.method, h.srv.URL+tc.path, strings.NewReader(tc.form))
				switch tc.auth {
				case "session":
					req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
				case "token":
					req.Header.Set("Authorization", "Bearer "+h.token)
				case "board":
					req.Header.Set("Authorization", "Bearer "+h.board)
				}
				if tc.form != "" {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				resp, err := h.srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body := readAll(resp)
				if resp.StatusCode >= 500 || (tc.auth != "" && resp.StatusCode >= 300) {
					t.Fatalf("%s %s: %d %.200s", tc.method, tc.path, resp.StatusCode, body)
				}
				if got := resp.Header.Get("Cache-Control"); got != tc.cache {
					t.Errorf("Cache-Control %q, want %q", got, tc.cache)
				}
				hsts := resp.Header.Get("Strict-Transport-Security")
				if useTLS && hsts != respond.HSTS || !useTLS && hsts != "" {
					t.Errorf("Strict-Transport-Security %q under TLS %v", hsts, useTLS)
				}
			})
		}
	}
}

// rawGet sends path as it stands, escapes and all, which Go's client
// would refuse or clean.
func rawGet(t *testing.T, addr, path string) (status int, body string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(hangGuard))
	io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: codong\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readAll(resp)
}

// TestStaticFiles serves the stylesheet, and for anything that names no
// file, the controller's 404: no listing, no redirect, no 500.
func TestStaticFiles(t *testing.T) {
	h := newLimitedHarness(t, Config{}, false)
	tests := []struct {
		name, path string
		status     int
	}{
		{"a file", "/static/style.css", 200},
		{"the folder", "/static/", 404},
		{"the folder, escaped slash", "/static/%2f", 404},
		{"invalid UTF-8 escape", "/static/%c0", 404},
		{"invalid UTF-8 in a name", "/static/style%ff.css", 404},
		{"dot-dot", "/static/..", 404},
		{"escaped dot-dot", "/static/%2e%2e", 404},
		{"file as a folder", "/static/style.css/", 404},
		{"leading slash", "/static/%2Fstyle.css", 404},
		{"missing", "/static/khong-co.css", 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := rawGet(t, h.addr, tc.path)
			if status != tc.status {
				t.Errorf("%s: %d, want %d", tc.path, status, tc.status)
			}
			if strings.Contains(body, "<pre>") || strings.Contains(body, `href="app.js"`) {
				t.Errorf("%s lists the folder", tc.path)
			}
			if tc.status == 404 && !strings.Contains(body, "Không tìm thấy") {
				t.Errorf("%s: not the controller's own 404: %.200s", tc.path, body)
			}
		})
	}
}

// TestHealthzAnswersFirst: /healthz is answered ahead of routing and of
// all middleware, to GET and to HEAD (which monitors use and the router
// would refuse).
func TestHealthzAnswersFirst(t *testing.T) {
	h := newLimitedHarness(t, Config{}, false)
	for _, method := range []string{"GET", "HEAD"} {
		t.Run(method, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(context.Background(), method, h.srv.URL+"/healthz", nil)
			resp, err := h.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			readAll(resp)
			if resp.StatusCode != 200 {
				t.Errorf("%s /healthz: %d", method, resp.StatusCode)
			}
		})
	}
}
