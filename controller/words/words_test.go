package words

import (
	"strings"
	"testing"
	"time"
)

func TestDocumentDateAndBlanks(t *testing.T) {
	tests := []struct {
		day  time.Time
		want string
	}{
		{time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC), "ngày 05 tháng 02 năm 2026"},
		{time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), "ngày 28 tháng 11 năm 2026"},
		{time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), "ngày 01 tháng 3 năm 2027"},
	}
	for _, tc := range tests {
		if got := DocDate(tc.day); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.day, got, tc.want)
		}
	}
	if got := HeadLine("Đảng bộ xã Liên Minh", true); got != "ĐẢNG BỘ XÃ LIÊN MINH" {
		t.Errorf("upper case: %q", got)
	}
	if got := HeadLine("  ", false); strings.Trim(got, "…") != "" || got == "" {
		t.Errorf("an empty field prints %q, not a dotted blank", got)
	}
}
