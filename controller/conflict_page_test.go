package controller

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"codong/controller/auth"
	"codong/internal/phototest"
)

// TestRefusedSloganFormTellsWhatBoardsShow: two tabs on one approved
// slogan; the second save clashes, and the page shown again said
// "Chưa có bản nào được duyệt" because it was drawn from the typed text
// alone. Every refused save of an existing slogan (a clash, or text the
// checks refuse) now shows what is stored: version 1 is approved and on
// the boards.
func TestRefusedSloganFormTellsWhatBoardsShow(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	editor, approver := h.tokenFor(t, "editor"), h.tokenFor(t, "approver")
	status, m, raw := h.do(t, "POST", "/api/v1/slogans", editor, js, `{"text":"Bản một đã duyệt"}`)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, raw)
	}
	id := fmt.Sprint(m["id"])
	_, _, raw = h.do(t, "GET", "/api/v1/versions?state=pending&kind=slogan&subject="+id, editor, "", "")
	var vs []struct{ ID int64 }
	if err := json.Unmarshal(raw, &vs); err != nil || len(vs) != 1 {
		t.Fatalf("pending versions: %s", raw)
	}
	if status, _, raw := h.do(t, "POST", fmt.Sprintf("/api/v1/versions/%d/approve", vs[0].ID), approver, js, `{}`); status != http.StatusOK {
		t.Fatalf("approve: %d %s", status, raw)
	}
	// The first tab saves version 2 from version 1.
	if status, _, raw := h.do(t, "PUT", "/api/v1/slogans/"+id, editor, js, `{"text":"Bản hai của tab thứ nhất","version":1}`); status != http.StatusOK {
		t.Fatalf("first tab: %d %s", status, raw)
	}
	cookie, csrf := h.sessionFor(t, "editor")
	tests := []struct {
		name, text, version string
		status              int
	}{
		{"second tab clashes", "Bản của tab thứ hai", "1", http.StatusConflict},
		{"refused text", "Mừng Đảng 🎉", "2", http.StatusUnprocessableEntity},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"csrf": {csrf}, "text": {tc.text}, "style": {"classic"}, "version": {tc.version}}
			req, _ := http.NewRequest("POST", h.srv.URL+"/slogans/"+id, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			page := readAll(resp)
			if resp.StatusCode != tc.status || !strings.Contains(page, tc.text) {
				t.Fatalf("%d, want %d with the typed text: %.1500s", resp.StatusCode, tc.status, page)
			}
			if strings.Contains(page, "Chưa có bản nào được duyệt") || !strings.Contains(page, "Các bảng đang hiện bản đã duyệt (phiên bản 1): “Bản một đã duyệt”") {
				t.Fatalf("the page misreports what the boards show: %.3000s", page)
			}
		})
	}
}

// TestRefusedPhotoEditKeepsTheTypedCaption: a caption edited from an old
// version clashes; the photos page shown again kept what was typed in
// that photo's form (it showed the stored caption, losing the typing),
// names the latest version in it, and the card still shows what is
// stored.
func TestRefusedPhotoEditKeepsTheTypedCaption(t *testing.T) {
	h := newAPIHarness(t)
	status, raw := h.upload(t, h.token, map[string][]byte{"trien-lam.png": phototest.PNG(phototest.Halves(160, 90))}, map[string]string{"caption": "Triển lãm lần một"})
	var made []struct{ ID int64 }
	if err := json.Unmarshal(raw, &made); err != nil || status != http.StatusCreated || len(made) != 1 {
		t.Fatalf("upload: %d %s", status, raw)
	}
	id := fmt.Sprint(made[0].ID)
	if status, _, raw := h.do(t, "PUT", "/api/v1/photos/"+id, h.token, "application/json", `{"caption":"Chú thích của người khác","version":1}`); status != http.StatusOK {
		t.Fatalf("the other edit: %d %s", status, raw)
	}
	cookie, csrf := h.sessionFor(t, "editor")
	typed := "Chú thích tôi vừa gõ"
	form := url.Values{"csrf": {csrf}, "caption": {typed}, "fit": {"fill"}, "style": {"classic"}, "version": {"1"}}
	req, _ := http.NewRequest("POST", h.srv.URL+"/photos/"+id, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(resp)
	card := page[strings.Index(page, `id="photo-`+id+`"`):]
	if resp.StatusCode != http.StatusConflict || !strings.Contains(card, `name="caption" value="`+typed+`"`) ||
		!strings.Contains(card, `name="version" value="2"`) || !strings.Contains(card, `value="fill" selected`) {
		t.Fatalf("the refused edit lost what was typed: %d %.3000s", resp.StatusCode, card)
	}
	if !strings.Contains(card, "<h2>Chú thích của người khác") {
		t.Fatalf("the card no longer shows the stored caption: %.1000s", card)
	}
}
