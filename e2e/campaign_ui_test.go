package e2e

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codong/internal/browsertest"
)

// TestCampaignPlanInTheBrowser is a culture officer entering the
// congress plan, on a desktop and on a phone: named groups created and
// renamed, boards put in them, a phase (three congress days, morning
// session, for one group) and a night slot that must be confirmed as
// running past midnight, a slot with no day refused with the reason on
// the page, and the calendar showing the phase on its days. No page
// scrolls sideways. With CODONG_SCREENSHOTS=DIR the pages are kept.
func TestCampaignPlanInTheBrowser(t *testing.T) {
	t.Parallel()
	for _, vp := range screenSizes {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			h := startController(t)
			u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp.view}), shots: os.Getenv("CODONG_SCREENSHOTS")}
			hall := h.addBoard("Màn hình hội trường", "1920x1080")
			h.addBoard("Bảng LED chợ", "384x128")
			u.b.Navigate(h.srv.URL + "/login")
			u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")

			// Groups, by their Vietnamese names.
			u.b.Navigate(h.srv.URL + "/groups")
			for _, name := range []string{"Trụ sở Đảng ủy", "Chợ trung tâm", "Thôn Pả Pẻn"} {
				u.b.LoadAfter("create group "+name, func() error {
					return u.fillAnd(`form[action="/groups"]`, map[string]string{"name": name}, "f.submit()")
				})
			}
			u.b.LoadAfter("rename a group", func() error {
				return u.fillAnd(`form[action="/groups/tru-so-dang-uy"]`, map[string]string{"name": "Trụ sở Đảng ủy xã"}, "f.submit()")
			})
			var names []string
			u.eval("read the groups' names", `[...document.querySelectorAll("table.groups-table input[name=name]")].map(i => i.value)`, &names)
			if got := strings.Join(names, "|"); got != "Chợ trung tâm|Thôn Pả Pẻn|Trụ sở Đảng ủy xã" {
				t.Fatalf("groups page after create and rename: %q", got)
			}
			// The hall screen is in two groups, chosen by ticking them.
			u.b.Navigate(h.srv.URL + "/boards")
			u.b.LoadAfter("put the hall screen in two groups", func() error {
				return u.fillAnd(fmt.Sprintf(`form[action="/boards/%d"]`, hall.Board.ID), map[string]string{},
					`f.querySelector("details").open = true;
					for (const v of ["tru-so-dang-uy", "cho-trung-tam"]) f.querySelector('input[name=group][value="' + v + '"]').checked = true;
					f.querySelector("button[type=submit]").click()`)
			})
			var boards []struct {
				Name       string   `json:"name"`
				GroupNames []string `json:"group_names"`
			}
			h.api("GET", "/api/v1/boards", nil, &boards)
			for _, b := range boards {
				if b.Name == "Màn hình hội trường" && strings.Join(b.GroupNames, "|") != "Chợ trung tâm|Trụ sở Đảng ủy xã" {
					t.Fatalf("hall screen groups %v", b.GroupNames)
				}
			}
			u.pageShot(vp.name + "-boards")

			// A phase: the three congress days, the morning session, for
			// the headquarters' boards, above the usual plan.
			loc := time.FixedZone("ICT", 7*3600)
			first := time.Now().In(loc).AddDate(0, 0, 3)
			last := first.AddDate(0, 0, 2)
			u.b.Navigate(h.srv.URL + "/schedule")
			u.b.LoadAfter("add the congress-days phase", func() error {
				return u.fillAnd("#slot-form", map[string]string{
					"playlist": "congress-success", "target": "group:tru-so-dang-uy",
					"from": first.Format("2006-01-02"), "to": last.Format("2006-01-02"),
					"start": "07:00", "end": "11:30", "priority": "2",
				}, "f.requestSubmit()")
			})
			if got := u.text("p.flash"); !strings.HasPrefix(got, "Đã lưu và gửi duyệt") {
				t.Fatalf("adding a phase: flash %q, page %q", got, u.text("main"))
			}
			// A night slot: the page asks to confirm it runs past midnight
			// and will not send it unconfirmed.
			u.eval("type a night window", `(() => { const f = document.getElementById("slot-form");
				f.elements.namedItem("start").value = "22:00"; const e = f.elements.namedItem("end"); e.value = "02:00";
				e.dispatchEvent(new Event("input", { bubbles: true })); return true; })()`, new(bool))
			if !u.visible("#slot-overnight") {
				t.Fatal("a window ending before it starts did not ask to confirm it runs past midnight")
			}
			var sent bool
			u.eval("send it unconfirmed", `document.getElementById("slot-form").checkValidity()`, &sent)
			if sent {
				t.Fatal("the form would send a night slot without its confirmation")
			}
			u.pageShot(vp.name + "-schedule-overnight")
			u.b.LoadAfter("confirm and send the night slot", func() error {
				return u.fillAnd("#slot-form", map[string]string{}, `f.elements.namedItem("overnight").checked = true; f.requestSubmit()`)
			})
			if got := u.text("table.schedule"); !strings.Contains(got, "qua đêm") || !strings.Contains(got, "Trụ sở Đảng ủy xã") {
				t.Fatalf("schedule table: %q", got)
			}
			// No day ticked: refused, with the reason, the typed hours kept.
			u.b.LoadAfter("send a slot with no day", func() error {
				return u.fillAnd("#slot-form", map[string]string{"start": "13:30", "end": "17:00"},
					`f.querySelectorAll('input[name=day]').forEach(d => d.checked = false); f.requestSubmit()`)
			})
			if got := u.text("p.error"); !strings.Contains(got, "ít nhất một ngày") || u.value("#slot-start") != "13:30" {
				t.Fatalf("a slot with no day: error %q, start kept as %q", got, u.value("#slot-start"))
			}
			u.pageShot(vp.name + "-schedule")

			// The calendar of the headquarters group, as drafted.
			u.b.Navigate(h.srv.URL + "/schedule/calendar?target=group:tru-so-dang-uy&draft=1")
			days := u.text("section.calendar")
			if !strings.Contains(days, first.Format("02/01/2006")) || !strings.Contains(days, "07:00–11:30 Mừng Đại hội thành công") {
				t.Fatalf("calendar does not show the phase on %s: %q", first.Format("02/01/2006"), days)
			}
			var phaseDays int
			u.eval("count the phase's mornings", `[...document.querySelectorAll(".cal-list li")].filter(li => li.textContent.includes("07:00–11:30")).length`, &phaseDays)
			if phaseDays != 3 {
				t.Fatalf("the phase shows on %d days, want 3", phaseDays)
			}
			u.pageShot(vp.name + "-calendar")

			for _, path := range []string{"/groups", "/schedule", "/schedule/calendar", "/boards", "/playlists"} {
				u.b.Navigate(h.srv.URL + path)
				var w []int
				u.eval("measure "+path, "[document.documentElement.scrollWidth, innerWidth]", &w)
				if len(w) != 2 || w[0] > w[1] {
					t.Errorf("%s is %v px wide in a %v px window: it scrolls sideways", path, w[0], w[1])
				}
			}
			u.b.Navigate(h.srv.URL + "/groups")
			u.pageShot(vp.name + "-groups")
			if thrown := u.b.Uncaught(); len(thrown) > 0 {
				t.Errorf("the pages threw script errors:\n%s", strings.Join(thrown, "\n"))
			}
		})
	}
}

// pageShot keeps a picture of the whole page in CODONG_SCREENSHOTS, at
// whatever size the window is.
func (u *ui) pageShot(name string) {
	u.t.Helper()
	data, err := u.b.ScreenshotPage()
	if err != nil {
		u.t.Fatalf("screenshot %s: %v", name, err)
	}
	if _, err := png.DecodeConfig(bytes.NewReader(data)); err != nil {
		u.t.Fatalf("screenshot %s: %v", name, err)
	}
	if u.shots == "" {
		return
	}
	os.MkdirAll(u.shots, 0o755)
	if err := os.WriteFile(filepath.Join(u.shots, name+".png"), data, 0o644); err != nil {
		u.t.Fatal(err)
	}
}
