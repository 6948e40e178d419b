package controller

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

func TestLegacyTextNeedsAChoice(t *testing.T) {
	h := newAPIHarness(t)
	const tcvn3 = "§¶ng Céng s¶n ViÖt Nam quang vinh"
	const unicode = "Đảng Cộng sản Việt Nam quang vinh"
	body := func(legacy string) string {
		b, _ := json.Marshal(map[string]string{"text": tcvn3, "legacy": legacy})
		return string(b)
	}
	tests := []struct {
		name   string
		legacy string
		status int
		want   string // stored text, or a fragment of the error message
	}{
		{"asks first", "", 422, unicode},
		{"converts", "convert", 201, unicode},
		{"keeps as typed", "keep", 201, tcvn3},
		{"bad choice", "doan", 400, "convert"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, m, raw := h.do(t, "POST", "/api/v1/slogans", h.token, "application/json", body(tc.legacy))
			if status != tc.status {
				t.Fatalf("got %d %s, want %d", status, raw, tc.status)
			}
			if status == 201 && m["text"] != tc.want {
				t.Fatalf("stored %q, want %q", m["text"], tc.want)
			}
			if status >= 400 && !strings.Contains(m["message"].(string), tc.want) {
				t.Fatalf("message %q should contain %q", m["message"], tc.want)
			}
		})
	}
	status, m, raw := h.do(t, "GET", "/api/v1/legacy?text="+url.QueryEscape("Ñaûng Coäng saûn Vieät Nam"), h.token, "", "")
	if status != 200 || m["encoding"] != "vni" || m["converted"] != "Đảng Cộng sản Việt Nam" {
		t.Fatalf("legacy check: %d %s", status, raw)
	}
	status, m, _ = h.do(t, "GET", "/api/v1/legacy?text="+url.QueryEscape(unicode), h.token, "", "")
	if status != 200 || m["encoding"] != "unicode" {
		t.Fatalf("unicode text flagged: %v", m)
	}
}
