package controller

import (
	"encoding/json"
	"testing"

	"codong/controller/calendar"
)

// TestCalendarAPI: the calendar of a group's drafted plan, day by day,
// and every malformed request refused with its code.
func TestCalendarAPI(t *testing.T) {
	h := newAPIHarness(t)
	const js = "application/json"
	if status, _, raw := h.do(t, "POST", "/api/v1/groups", h.token, js, `{"name":"Trụ sở Đảng ủy"}`); status != 201 {
		t.Fatalf("group: %d %s", status, raw)
	}
	slot := `{"playlist":"congress-success","start":"07:00","end":"11:30","days":[0,1,2,3,4,5,6],"from":"2026-12-15","to":"2026-12-17","group":"tru-so-dang-uy","priority":2}`
	if status, _, raw := h.do(t, "POST", "/api/v1/schedule", h.token, js, slot); status != 200 {
		t.Fatalf("slot: %d %s", status, raw)
	}
	var cal struct {
		Days []calendar.Day `json:"days"`
	}
	status, _, raw := h.do(t, "GET", "/api/v1/calendar?target=group:tru-so-dang-uy&from=2026-12-14&days=2&draft=1", h.token, "", "")
	if status != 200 || json.Unmarshal(raw, &cal) != nil || len(cal.Days) != 2 {
		t.Fatalf("calendar: %d %s", status, raw)
	}
	if d := cal.Days[0]; d.Date != "2026-12-14" || len(d.Spans) != 1 || d.Spans[0].From != "default" || d.Spans[0].End != "24:00" {
		t.Errorf("the day before the phase: %+v", d)
	}
	if d := cal.Days[1]; len(d.Spans) != 3 || d.Spans[1].Start != "07:00" || d.Spans[1].End != "11:30" || d.Spans[1].Playlist != "congress-success" || d.Spans[1].From != "slot" {
		t.Errorf("the phase's first day: %+v", d)
	}
	// Approved, the plan is not yet: every board still plays the default.
	status, _, raw = h.do(t, "GET", "/api/v1/calendar?target=group:tru-so-dang-uy&from=2026-12-15&days=1", h.token, "", "")
	if json.Unmarshal(raw, &cal) != nil || status != 200 || len(cal.Days[0].Spans) != 1 || cal.Days[0].Spans[0].From != "default" {
		t.Errorf("approved calendar before approval: %d %s", status, raw)
	}
	for query, code := range map[string]string{
		"from=15/12/2026":       "bad_date",
		"days=0":                "bad_days",
		"days=32":               "bad_days",
		"target=nhom:x":         "bad_target",
		"target=group:khong-co": "not_found",
		"target=board:999":      "not_found",
		"grp=tru-so-dang-uy":    "unknown_param",
	} {
		status, m, raw := h.do(t, "GET", "/api/v1/calendar?"+query, h.token, "", "")
		if m["code"] != code {
			t.Errorf("%s: %d %s, want %s", query, status, raw, code)
		}
	}
}
