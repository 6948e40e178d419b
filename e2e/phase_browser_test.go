package e2e

import (
	"strings"
	"testing"
	"time"

	"codong/internal/browsertest"
)

// TestNamedPhaseOfTwoSessions: the plan's "2 buổi trên ngày" is one form
// on a phone and on a desk: a named phase, its dates, the morning and
// the afternoon; the schedule shows it as one row, the approval page as
// one line, the calendar opens on the draft while it waits, marked, and
// names the phase on both sessions of each of its days.
func TestNamedPhaseOfTwoSessions(t *testing.T) {
	t.Parallel()
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(hcm)
	from, to := today.AddDate(0, 0, 1).Format("2006-01-02"), today.AddDate(0, 0, 3).Format("2006-01-02")
	for _, vp := range screenSizes {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			h := startController(t)
			u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp.view})}
			u.b.Navigate(h.srv.URL + "/login")
			u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
			u.b.Navigate(h.srv.URL + "/schedule")
			u.b.LoadAfter("add a phase of two sessions", func() error {
				return u.fillAnd("#slot-form", map[string]string{"phase": "Trong Đại hội", "playlist": "congress-success",
					"from": from, "to": to, "start": "07:00", "end": "11:30", "start2": "13:30", "end2": "17:00"}, "f.submit()")
			})
			if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã lưu và gửi duyệt") {
				t.Fatalf("adding the phase: flash %q, error %q", got, u.text(".error"))
			}
			var rows []string
			u.eval("read the schedule", `[...document.querySelectorAll("table.schedule tbody tr")].map(r => r.textContent.replace(/\s+/g, " ").trim())`, &rows)
			if len(rows) != 1 || !strings.Contains(rows[0], "Trong Đại hội") || !strings.Contains(rows[0], "07:00–11:30, 13:30–17:00") || !strings.Contains(rows[0], "2 buổi") {
				t.Fatalf("the schedule shows the phase as %q, want one row with both sessions", rows)
			}
			u.keepShot(vp.name, "phase-schedule", vp.view.Width)

			var versions []struct {
				ID   int64  `json:"id"`
				Kind string `json:"kind"`
			}
			h.api("GET", "/api/v1/versions?state=pending", nil, &versions)
			if len(versions) != 1 || versions[0].Kind != "schedule" {
				t.Fatalf("waiting: %+v, want the schedule's one draft", versions)
			}
			u.b.Navigate(h.srv.URL + "/versions/" + itoa(versions[0].ID))
			if page := u.text("main"); !strings.Contains(page, "Giai đoạn “Trong Đại hội”") || !strings.Contains(page, "07:00–11:30 và 13:30–17:00") {
				t.Fatalf("the draft's page does not show the phase as one line: %q", page)
			}
			// With a draft waiting, the calendar opens on it, marked.
			u.b.Navigate(h.srv.URL + "/schedule/calendar")
			if !u.visible(".draft-mark") || !strings.Contains(u.text(".draft-mark"), "chưa duyệt") {
				t.Fatalf("with the phase waiting, the calendar opens on %q", u.text("main p"))
			}
			u.keepShot(vp.name, "phase-calendar-draft", vp.view.Width)
			h.approveAll()

			u.b.Navigate(h.srv.URL + "/schedule/calendar")
			var day []string
			u.eval("read the phase's first day", `[...document.querySelectorAll(".cal-day")][1].querySelectorAll(".cal-list li").length ?
				[...[...document.querySelectorAll(".cal-day")][1].querySelectorAll(".cal-list li")].map(l => l.textContent.replace(/\s+/g, " ").trim()) : []`, &day)
			var named []string
			for _, l := range day {
				if strings.Contains(l, "giai đoạn “Trong Đại hội”") {
					named = append(named, l)
				}
			}
			if len(named) != 2 || !strings.HasPrefix(named[0], "07:00–11:30") || !strings.HasPrefix(named[1], "13:30–17:00") {
				t.Fatalf("the calendar's first day of the phase: %q, want both sessions named", day)
			}
			u.keepShot(vp.name, "phase-calendar", vp.view.Width)
		})
	}
}
