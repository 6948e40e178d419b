package controller

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"codong/controller/auth"
	"codong/controller/staff"
	"codong/controller/store"
)

// TestThresholdsFromTheAlertsPage: an operator sets on the alerts page
// how long a group's boards, or one board, may be offline before an
// alert; a choice that is neither is refused with a reason.
func TestThresholdsFromTheAlertsPage(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	g, err := h.s.store.CreateGroupIn(ctx, testActor, "", "Chợ")
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := staff.AddBoard(ctx, h.s.store, testActor, store.Board{Name: "Bảng LED chợ", Width: 384, Height: 128})
	if err != nil {
		t.Fatal(err)
	}
	cookie, csrf := h.sessionFor(t, "operator")
	post := func(target, minutes string) int {
		t.Helper()
		form := url.Values{"csrf": {csrf}, "target": {target}, "minutes": {minutes}}
		req, _ := http.NewRequest("POST", h.srv.URL+"/alerts/thresholds", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("group:"+g.Slug, "30"); code != http.StatusSeeOther {
		t.Fatalf("a group's threshold: %d", code)
	}
	if code := post(fmt.Sprintf("board:%d", b.ID), "15"); code != http.StatusSeeOther {
		t.Fatalf("a board's threshold: %d", code)
	}
	if code := post("", "15"); code != http.StatusBadRequest {
		t.Fatalf("no target: %d", code)
	}
	got, err := h.s.store.OfflineThresholds(ctx)
	if err != nil || got["group:"+g.Slug] != 1800 || got[fmt.Sprintf("board:%d", b.ID)] != 900 || len(got) != 2 {
		t.Fatalf("thresholds %v %v", got, err)
	}
}

// A receiver refused at the edge is told why, in its own words.
func TestAlertReceiversRefusedInWords(t *testing.T) {
	h := newAPIHarness(t)
	for _, tc := range []struct{ path, body, want string }{
		{"/api/v1/webhooks", `{"url":"http://127.0.0.1/x","secret":"ngắn"}`, "Khoá bí mật của webhook"},
		{"/api/v1/webhooks", `{"url":"ftp://127.0.0.1/x","secret":"bí mật đủ dài để ký"}`, "http:// hay https://"},
		{"/api/v1/alert-emails", `{"email":"không phải thư"}`, "Địa chỉ thư không hợp lệ"},
		{"/api/v1/alerts/thresholds", `{"group":"khong-co","seconds":5}`, "10 giây tới 7 ngày"},
	} {
		status, m, raw := h.do(t, "POST", tc.path, h.token, "application/json", tc.body)
		if status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(m["message"]), tc.want) {
			t.Errorf("%s %s: %d %s, want 400 saying %q", tc.path, tc.body, status, raw, tc.want)
		}
	}
}
