package controller

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"codong/controller/auth"
)

// TestPrintSlogan downloads the approved slogan as a PDF at several sizes
// and checks the refusals: unapproved, out-of-bounds, unparsable.
func TestPrintSlogan(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	author := h.tokenFor(t, "editor,approver")
	second := h.tokenFor(t, "approver")
	status, sl, raw := h.do(t, "POST", "/api/v1/slogans", author, js, `{"text":"Toàn dân đoàn kết xây dựng nông thôn mới"}`)
	if status != 201 {
		t.Fatalf("create: %d %s", status, raw)
	}
	id := fmt.Sprint(sl["id"])
	path := "/api/v1/slogans/" + id + "/print.pdf"
	if status, m, raw := h.do(t, "GET", path, author, "", ""); status != 409 || m["code"] != "not_approved" {
		t.Fatalf("unapproved slogan printed: %d %s", status, raw)
	}
	for _, v := range h.pending(t, author) {
		if status, _, raw := h.do(t, "POST", "/api/v1/versions/"+v+"/approve", second, js, `{}`); status != 200 {
			t.Fatalf("approve: %d %s", status, raw)
		}
	}
	viewer := h.tokenFor(t, "operator")
	for _, c := range []struct {
		name, query string
		status      int
		code, file  string
	}{
		{"default A3", "", 200, "", "%C3%81p%20ph%C3%ADch%20A3%20%E2%80%93%20kh%E1%BA%A9u%20hi%E1%BB%87u%20" + id + ".pdf"},
		{"A2 landscape", "?size=A2-landscape", 200, "", "A2%20ngang"},
		{"banner", "?size=5x0,8m", 200, "", "B%C4%83ng%20r%C3%B4n"},
		{"panel", "?size=240x120cm", 200, "", "Pan%C3%B4"},
		{"too large", "?size=51x1m", 400, "bad_print_size", ""},
		{"too small", "?size=40x40mm", 400, "bad_print_size", ""},
		{"no unit", "?size=1920x1080", 400, "bad_print_size", ""},
		{"cmyk", "?size=A2&colors=cmyk", 200, "", "A2%20%E2%80%93%20kh%E1%BA%A9u%20hi%E1%BB%87u%20" + id + "%20%28CMYK%29.pdf"},
		{"ten-metre banner", "?size=10000x800mm", 200, "", "B%C4%83ng%20r%C3%B4n%2010000"},
		{"unknown colors", "?colors=pantone", 400, "bad_print_colors", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body := fetch(t, h.srv.URL+path+c.query, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+viewer) })
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, body.String())
			}
			if c.status != 200 {
				if !strings.Contains(body.String(), `"code":"`+c.code+`"`) || !strings.Contains(body.String(), "từ 5 cm đến 50 m") && !strings.Contains(body.String(), "đơn vị") && !strings.Contains(body.String(), "hệ màu") {
					t.Errorf("body %s, want code %s and a Vietnamese message", body.String(), c.code)
				}
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" || !bytes.HasPrefix(body.Bytes(), []byte("%PDF-")) {
				t.Errorf("Content-Type %q, body %.20q", ct, body.String())
			}
			cd := resp.Header.Get("Content-Disposition")
			if !strings.HasPrefix(cd, `attachment; filename="khau-hieu-`+id+`-`) || !strings.Contains(cd, "filename*=UTF-8''") || !strings.Contains(cd, c.file) {
				t.Errorf("Content-Disposition %q, want a UTF-8 name with %q", cd, c.file)
			}
		})
	}
}

// TestSloganListOffersPrint follows the slogan list's "Tải bản in" form
// as a signed-in browser: the list shows it for approved slogans, and its
// GET with the session cookie gives the PDF.
func TestSloganListOffersPrint(t *testing.T) {
	h := newAPIHarness(t)
	cookie, _ := h.sessionFor(t, "editor")
	signedIn := func(r *http.Request) { r.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie}) }
	_, page := fetch(t, h.srv.URL+"/slogans", signedIn)
	action := regexp.MustCompile(`action="(/api/v1/slogans/\d+/print\.pdf)"`).FindStringSubmatch(page.String())
	if action == nil || !strings.Contains(page.String(), "Tải bản in") || !strings.Contains(page.String(), `value="A2-landscape"`) ||
		!strings.Contains(page.String(), `<option value="cmyk">Nhà in (CMYK)</option>`) {
		t.Fatalf("the slogan list offers no print form, or no colour choice:\n%s", page.String())
	}
	resp, body := fetch(t, h.srv.URL+action[1]+"?size=A2-landscape&colors=cmyk", signedIn)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body.Bytes(), []byte("%PDF-")) {
		t.Fatalf("%s: %d %s %.40q", action[1], resp.StatusCode, resp.Header.Get("Content-Type"), body.String())
	}
}

// fetch GETs url as set makes the request (a token or a session).
func fetch(t *testing.T, url string, set func(*http.Request)) (*http.Response, *bytes.Buffer) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	set(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp, &body
}
