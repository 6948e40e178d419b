package controller

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"codong/controller/store"
)

// TestCountdownAPI: a script creates a countdown slogan, reads it back
// with its date and message, and gets a stable code and a Vietnamese
// message for each broken rule.
func TestCountdownAPI(t *testing.T) {
	h := newAPIHarness(t)
	const ok = `{"text":"Còn {N} ngày đến Đại hội","style":"classic","countdown":{"date":"2026-12-20","after":"Mừng Đại hội thành công!"}}`
	code, m, raw := h.do(t, "POST", "/api/v1/slogans", h.token, "application/json", ok)
	if code != 201 {
		t.Fatalf("create: %d %s", code, raw)
	}
	cd, _ := m["countdown"].(map[string]any)
	if cd["date"] != "2026-12-20" || cd["after"] != "Mừng Đại hội thành công!" || m["text"] != "Còn {N} ngày đến Đại hội" {
		t.Fatalf("created %s", raw)
	}
	tests := []struct {
		name, body, code, says string
	}{
		{"no placeholder", `{"text":"Còn ít ngày","style":"classic","countdown":{"date":"2026-12-20","after":"Mừng"}}`, "invalid_placeholder", "đúng một chỗ {N}"},
		{"placeholder without countdown", `{"text":"Còn {N} ngày","style":"classic"}`, "invalid_placeholder", "khẩu hiệu thường không được có {N}"},
		{"bad date", `{"text":"Còn {N} ngày","style":"classic","countdown":{"date":"20/12/2026","after":"Mừng"}}`, "invalid_date", "Ngày đếm ngược phải là một ngày có thật"},
		{"empty message", `{"text":"Còn {N} ngày","style":"classic","countdown":{"date":"2026-12-20","after":"  "}}`, "invalid_empty", "Lời chào của ngày Đại hội"},
		{"unknown field", `{"text":"Còn {N} ngày","style":"classic","countdown":{"date":"2026-12-20","after":"Mừng","days":3}}`, "unknown_field", "days"},
		{"unrenderable message", `{"text":"Còn {N} ngày","style":"classic","countdown":{"date":"2026-12-20","after":"Mừng 🎉"}}`, "missing_glyph", "Không hiển thị được"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, m, raw := h.do(t, "POST", "/api/v1/slogans", h.token, "application/json", tc.body)
			if code/100 != 4 || m["code"] != tc.code || !strings.Contains(m["message"].(string), tc.says) {
				t.Fatalf("%d %s; want code %s saying %q", code, raw, tc.code, tc.says)
			}
		})
	}
}

// TestReviewerSeesTheCountdown: what the approver reads of a countdown
// version names its date and message, and its previews are today's
// picture and the day's message, not the text with {N}.
func TestReviewerSeesTheCountdown(t *testing.T) {
	h := newAPIHarness(t)
	ctx := context.Background()
	date := time.Now().In(h.s.cfg.Location).AddDate(0, 0, 30)
	body := store.SloganBody{Text: "Còn {N} ngày đến Đại hội", Style: "classic",
		Countdown: &store.Countdown{Date: date.Format("2006-01-02"), After: "Mừng Đại hội thành công!"}}
	sl, err := h.s.store.CreateSloganBody(ctx, testActor, body)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := h.s.store.LatestVersion(ctx, store.KindSlogan, sl.ID)
	ch, err := h.s.console.Describe(ctx, store.Everything, v)
	if err != nil {
		t.Fatal(err)
	}
	if want := "đếm ngược tới ngày " + date.Format("02/01/2006") + ", từ ngày đó hiện “Mừng Đại hội thành công!”"; len(ch.New) != 1 || !strings.Contains(ch.New[0], want) {
		t.Fatalf("reviewer reads %q, want it to say %q", ch.New, want)
	}
	var texts []string
	for _, p := range ch.Previews {
		u, _ := url.Parse(p.URL)
		texts = append(texts, u.Query().Get("text"))
	}
	// The harness has one board, 384x128: one size.
	if want := []string{"Còn 30 ngày đến Đại hội", "Mừng Đại hội thành công!"}; !slices.Equal(texts, want) {
		t.Fatalf("previews of %q, want %q", texts, want)
	}
}
