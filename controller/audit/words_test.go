package audit

import "testing"

// TestDetailTextInWords: what the audit log stores for scripts (kinds,
// slugs, role keys) is said in Vietnamese on the page, and nothing else
// in a detail is touched.
func TestDetailTextInWords(t *testing.T) {
	tests := map[string]string{
		"admin (admin,approver)":                     "admin (Quản trị, Phê duyệt)",
		"#3 (editor)":                                "#3 (Biên tập)",
		"slogan (không phải)":                        "slogan (không phải)",
		"#1 v2: Mừng Đảng":                           "#1 v2: Mừng Đảng",
		"slogan #1 v1; playlist #2 v11; schedule v3": "khẩu hiệu #1 v1; danh sách phát #2 v11; lịch phát v3",
		"congress-success: Mừng Đại hội thành công":  "Mừng Đại hội thành công",
		"#12 v1: Chào mừng: Đại hội":                 "#12 v1: Chào mừng: Đại hội",
		"e2e (admin,editor)":                         "e2e (Quản trị, Biên tập)",
	}
	for in, want := range tests {
		if got := DetailText(in); got != want {
			t.Errorf("DetailText(%q) = %q, want %q", in, got, want)
		}
	}
}
