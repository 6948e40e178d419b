package e2e

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"codong/internal/browsertest"
)

// TestSwitchesOfUnitsOnRealBoards: a province with two communes, one of
// them with a hamlet, each with a real player. The commune's operator's
// switch reaches the commune's and its hamlet's boards and not the other
// commune's; the province's switch reaches every board and stands over
// the commune's; when the province returns to the schedule, the
// commune's own switch is still on its boards; the commune's operator
// lifts it and sees only its own boards throughout.
func TestSwitchesOfUnitsOnRealBoards(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	type unit struct {
		Slug, Parent string
	}
	var a, a1, b unit
	h.api("POST", "/api/v1/units", map[string]string{"name": "Xã An Phú"}, &a)
	h.api("POST", "/api/v1/units", map[string]string{"name": "Thôn An Phú 1", "parent": a.Slug}, &a1)
	h.api("POST", "/api/v1/units", map[string]string{"name": "Xã Bình Minh"}, &b)
	boards := map[string]int64{}
	for _, u := range []unit{a, a1, b} {
		var made boardCreated
		h.api("POST", "/api/v1/boards", map[string]string{"name": "Bảng LED " + u.Slug, "size": size, "unit": u.Slug}, &made)
		boards[u.Slug] = made.Board.ID
		h.startPlayer(made.Token)
	}
	var tok struct {
		Token string `json:"token"`
	}
	h.api("POST", "/api/v1/tokens", map[string]any{"name": "vận hành xã An Phú", "roles": []string{"operator"}, "unit": a.Slug}, &tok)
	commune := tok.Token

	// plays waits until each board reports playing the playlist wanted
	// ("" : anything but the congress-success list).
	plays := func(step string, want map[string]string) {
		t.Helper()
		var got map[string]string
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			var views []boardView
			h.api("GET", "/api/v1/boards", nil, &views)
			got = map[string]string{}
			for slug, id := range boards {
				for _, v := range views {
					if v.ID == id && v.Online && v.UpToDate {
						got[slug] = v.Playlist
						if v.Playlist != "congress-success" {
							got[slug] = "lịch"
						}
					}
				}
			}
			if maps.Equal(got, want) {
				return
			}
		}
		t.Fatalf("%s: boards play %v, want %v", step, got, want)
	}
	plays("at start", map[string]string{a.Slug: "lịch", a1.Slug: "lịch", b.Slug: "lịch"})

	h.as(commune, "POST", "/api/v1/override", map[string]any{"playlist": "congress-success"}, nil)
	plays("the commune switches", map[string]string{a.Slug: "congress-success", a1.Slug: "congress-success", b.Slug: "lịch"})
	var seen []boardView
	h.as(commune, "GET", "/api/v1/boards", nil, &seen)
	if len(seen) != 2 {
		t.Fatalf("the commune's operator sees %d boards, want its own and its hamlet's", len(seen))
	}

	h.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success"}, nil)
	plays("the province switches", map[string]string{a.Slug: "congress-success", a1.Slug: "congress-success", b.Slug: "congress-success"})
	var state struct {
		Switches []struct {
			Unit   string `json:"unit"`
			Text   string `json:"text"`
			Boards int    `json:"boards"`
		} `json:"switches"`
	}
	h.api("GET", "/api/v1/override", nil, &state)
	if len(state.Switches) != 2 || state.Switches[1].Unit != "goc" || state.Switches[1].Boards != 3 || state.Switches[0].Boards != 0 {
		t.Fatalf("the province's wall says the switches are %+v, want the commune's (standing under) and the province's (on 3 boards)", state.Switches)
	}

	h.api("DELETE", "/api/v1/override", nil, nil)
	plays("the province returns", map[string]string{a.Slug: "congress-success", a1.Slug: "congress-success", b.Slug: "lịch"})
	h.as(commune, "DELETE", "/api/v1/override", nil, nil)
	plays("the commune returns", map[string]string{a.Slug: "lịch", a1.Slug: "lịch", b.Slug: "lịch"})
	if code := h.status(commune, "GET", fmt.Sprintf("/api/v1/boards/%d/thumbnail.png", boards[b.Slug])); code != 404 {
		t.Fatalf("the commune's operator asking for the other commune's board: %d, want 404", code)
	}
}

// TestCommuneOfficerSeesOnlyTheCommune: on a phone and a desk, a commune's
// officer logs in to a province's controller and sees the commune's name
// above each page, only the commune's boards on the dashboard, the boards
// page and in the switch's choices, and no menu entry to what only the
// province's people use; the page does not scroll sideways, and axe-core
// finds nothing serious.
func TestCommuneOfficerSeesOnlyTheCommune(t *testing.T) {
	const (
		sharedText = "Nhiệt liệt chào mừng Đại hội đại biểu toàn quốc lần thứ XIV của Đảng Cộng sản Việt Nam!"
		keptText   = "Chào mừng thành công Đại hội đại biểu Đảng bộ tỉnh, nhiệm kỳ 2025 - 2030!"
	)
	t.Parallel()
	for _, vp := range screenSizes {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			h := startController(t)
			type unit struct{ Slug string }
			var a, b unit
			h.api("POST", "/api/v1/units", map[string]string{"name": "Xã An Phú"}, &a)
			h.api("POST", "/api/v1/units", map[string]string{"name": "Xã Bình Minh"}, &b)
			for _, bd := range []struct{ name, unit string }{
				{"Bảng LED chợ An Phú", a.Slug}, {"Bảng LED trụ sở An Phú", a.Slug}, {"Bảng LED chợ Bình Minh", b.Slug},
			} {
				h.api("POST", "/api/v1/boards", map[string]string{"name": bd.name, "size": "384x128", "unit": bd.unit}, nil)
			}
			h.api("POST", "/api/v1/groups", map[string]string{"name": "Chợ", "unit": b.Slug}, nil)
			// The province shares one slogan down and keeps one to itself.
			h.api("POST", "/api/v1/slogans", map[string]any{"text": sharedText, "style": "classic", "from_above": true}, nil)
			h.api("POST", "/api/v1/slogans", map[string]any{"text": keptText, "style": "classic"}, nil)
			// And a slot of its schedule, mandatory for the communes.
			h.api("POST", "/api/v1/schedule", map[string]any{"playlist": "congress-success", "start": "07:00", "end": "11:30",
				"days": []int{0, 1, 2, 3, 4, 5, 6}, "phase": "Trong Đại hội tỉnh"}, nil)
			h.approveAll()
			h.api("POST", "/api/v1/users", map[string]any{"username": "canbo-anphu", "password": "mật khẩu cán bộ An Phú đủ dài",
				"roles": []string{"operator", "admin"}, "unit": a.Slug}, nil)

			u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp.view})}
			u.b.Navigate(h.srv.URL + "/login")
			u.submitLogin("canbo-anphu", "mật khẩu cán bộ An Phú đủ dài")
			if u.path() == "/password" {
				u.b.LoadAfter("choose a password of one's own", func() error {
					return u.fillAnd(`form[action="/password"]`, map[string]string{"current": "mật khẩu cán bộ An Phú đủ dài",
						"password": "mật khẩu riêng của cán bộ An Phú", "again": "mật khẩu riêng của cán bộ An Phú"}, "f.submit()")
				})
				u.b.Navigate(h.srv.URL + "/")
			}
			if got := u.text("nav.unit-path"); got != "Đơn vị gốc › Xã An Phú" {
				t.Errorf("the dashboard says the unit is %q", got)
			}
			main := u.text("main")
			for _, want := range []string{"Bảng LED chợ An Phú", "Bảng LED trụ sở An Phú"} {
				if !strings.Contains(main, want) {
					t.Errorf("the dashboard lacks the commune's %q: %q", want, main)
				}
			}
			if strings.Contains(main, "Bình Minh") {
				t.Errorf("the commune's dashboard shows the other commune: %q", main)
			}
			nav := u.text("#menu")
			for _, hidden := range []string{"Thông tin đơn vị"} {
				if strings.Contains(nav, hidden) {
					t.Errorf("the commune's menu offers %q, which only the province's people use: %q", hidden, nav)
				}
			}
			for _, shown := range []string{"Khẩu hiệu", "Danh sách phát", "Lịch phát", "Bảng LED, màn hình", "Nhóm bảng", "Báo cáo", "Nhật ký", "Người dùng"} {
				if !strings.Contains(nav, shown) {
					t.Errorf("the commune's menu lacks %q: %q", shown, nav)
				}
			}
			if vp.name == "phone" {
				u.checkPhoneLayout()
			}
			u.checkAxe()
			u.keepShot(vp.name, "unit-dashboard", vp.view.Width)
			u.b.Navigate(h.srv.URL + "/boards")
			if main := u.text("main"); strings.Contains(main, "Bình Minh") || !strings.Contains(main, "Bảng LED chợ An Phú") {
				t.Errorf("the commune's boards page: %q", main)
			}
			u.keepShot(vp.name, "unit-boards", vp.view.Width)
			// The commune's library: the slogan the province shared down
			// (read-only, marked "cấp trên"), not the province's own.
			u.b.Navigate(h.srv.URL + "/slogans")
			if got := u.text("main"); !strings.Contains(got, sharedText) || strings.Contains(got, keptText) || !strings.Contains(got, "Cấp trên") {
				t.Errorf("the commune's slogans page: %q", got)
			}
			u.keepShot(vp.name, "unit-slogans", vp.view.Width)
			// The commune's schedule shows the province's slot, mandatory,
			// apart from its own (none yet).
			u.b.Navigate(h.srv.URL + "/schedule")
			if got := u.text("main"); !strings.Contains(got, "Khung giờ của cấp trên") || !strings.Contains(got, "Trong Đại hội tỉnh") || !strings.Contains(got, "bắt buộc") {
				t.Errorf("the commune's schedule page: %q", got)
			}
			if vp.name == "phone" {
				u.checkPhoneLayout()
			}
			u.checkAxe()
			u.keepShot(vp.name, "unit-schedule", vp.view.Width)
			// The commune's printed report is the commune's document.
			u.b.Navigate(h.srv.URL + "/report/print")
			if got := u.text("main"); !strings.Contains(got, "XÃ AN PHÚ") || !strings.Contains(got, "T/M XÃ AN PHÚ") {
				t.Errorf("the commune's printed report: %q", got)
			}
			u.keepShot(vp.name, "unit-report-print", vp.view.Width)
		})
	}
}

// TestProvinceOpensACommuneFromTheWall: the province's officer sees each
// commune as a tile with its boards' health, opens one, and sees that
// commune's boards only, its name in the breadcrumbs (the province's a
// link back), and no switch form that would act on the whole province;
// the page stays live on that commune's boards.
func TestProvinceOpensACommuneFromTheWall(t *testing.T) {
	t.Parallel()
	for _, vp := range screenSizes {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			h := startController(t)
			h.api("PUT", "/api/v1/units/goc", map[string]any{"name": "Tỉnh Lai Châu", "version": 1}, nil)
			type unit struct{ Slug string }
			var a, b unit
			h.api("POST", "/api/v1/units", map[string]string{"name": "Xã An Phú"}, &a)
			h.api("POST", "/api/v1/units", map[string]string{"name": "Xã Bình Minh"}, &b)
			var live boardCreated
			h.api("POST", "/api/v1/boards", map[string]string{"name": "Bảng LED chợ An Phú", "size": "384x128", "unit": a.Slug}, &live)
			h.api("POST", "/api/v1/boards", map[string]string{"name": "Bảng LED trụ sở An Phú", "size": "384x128", "unit": a.Slug}, nil)
			h.api("POST", "/api/v1/boards", map[string]string{"name": "Bảng LED chợ Bình Minh", "size": "384x128", "unit": b.Slug}, nil)
			h.startPlayer(live.Token)

			u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp.view})}
			u.b.Navigate(h.srv.URL + "/login")
			u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
			tiles := ""
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				u.b.Navigate(h.srv.URL + "/")
				if tiles = u.text("#units"); strings.Contains(tiles, "Xã An Phú 1/2 bảng hoạt động") {
					break
				}
			}
			if !strings.Contains(tiles, "Xã An Phú 1/2 bảng hoạt động") || !strings.Contains(tiles, "Xã Bình Minh 0/1 bảng hoạt động") {
				t.Fatalf("the province's wall shows the communes as %q", tiles)
			}
			u.keepShot(vp.name, "province-wall", vp.view.Width)
			u.b.LoadAfter("open the commune", func() error {
				return u.b.Eval(`document.querySelector('#units a[href="/?unit=`+a.Slug+`"]').click()`, nil)
			})
			main := u.text("main")
			if !strings.Contains(main, "Bảng LED trụ sở An Phú") || strings.Contains(main, "Bình Minh") {
				t.Fatalf("the commune opened from the province's wall: %q", main)
			}
			if got := u.text("nav.unit-path"); got != "Tỉnh Lai Châu › Xã An Phú" {
				t.Errorf("breadcrumbs %q", got)
			}
			if u.visible("#switch-form") {
				t.Error("the commune's wall, opened by the province, offers the province's switch")
			}
			// The live stream keeps to the commune.
			time.Sleep(2 * wallLook)
			if main := u.text("#wall"); strings.Contains(main, "Bình Minh") || !strings.Contains(main, "Bảng LED chợ An Phú") {
				t.Fatalf("the live wall of the commune: %q", main)
			}
			if vp.name == "phone" {
				u.checkPhoneLayout()
			}
			u.checkAxe()
			u.keepShot(vp.name, "province-opens-commune", vp.view.Width)
			// The header's unit choice: the commune shown is chosen; choosing
			// the other commune opens its dashboard.
			if vp.name == "phone" {
				u.eval("open the menu", `document.querySelector("details.menu").open = true, true`, new(bool))
				u.keepShot(vp.name, "province-menu", vp.view.Width)
			}
			var chosen string
			u.eval("the unit chosen", `document.querySelector(".unit-switch select").value`, &chosen)
			if chosen != a.Slug {
				t.Errorf("the header's unit choice shows %q, want %q", chosen, a.Slug)
			}
			u.b.LoadAfter("choose the other commune", func() error {
				return u.b.Eval(`(() => { const s = document.querySelector(".unit-switch select"); s.value = "`+b.Slug+`"; s.dispatchEvent(new Event("change")); })()`, nil)
			})
			if got := u.text("nav.unit-path"); got != "Tỉnh Lai Châu › Xã Bình Minh" {
				t.Errorf("after choosing the other commune in the header: breadcrumbs %q", got)
			}
			// The province's report rolls up by commune and opens one.
			u.b.Navigate(h.srv.URL + "/report")
			if got := u.text("table.report-units"); !strings.Contains(got, "Xã An Phú") || !strings.Contains(got, "Xã Bình Minh") || !strings.Contains(got, "Tổng cộng") {
				t.Fatalf("the province's report by commune: %q", got)
			}
			if vp.name == "phone" {
				u.checkPhoneLayout()
			}
			u.checkAxe()
			u.keepShot(vp.name, "province-report", vp.view.Width)
			u.b.LoadAfter("open the commune's report", func() error {
				return u.b.Eval(`document.querySelector('table.report-units a').click()`, nil)
			})
			if got := u.text("h1"); got != "Báo cáo kết quả tuyên truyền của Xã An Phú" {
				t.Fatalf("the commune's report, opened from the province's, is headed %q", got)
			}
			if got := u.text(`select[name="board"]`); strings.Contains(got, "Bình Minh") || !strings.Contains(got, "An Phú") {
				t.Fatalf("the commune's report offers the boards %q", got)
			}
			// A board added from the boards page, in the commune chosen.
			u.b.Navigate(h.srv.URL + "/boards")
			if vp.name == "phone" {
				u.checkPhoneLayout()
			}
			u.keepShot(vp.name, "province-boards", vp.view.Width)
			name := "Bảng LED nhà văn hoá " + vp.name
			u.b.LoadAfter("add a board to a commune", func() error {
				return u.fillAnd(`form[action="/boards"]`, map[string]string{"name": name, "size": "192x64", "unit": b.Slug}, "f.submit()")
			})
			var boards []struct{ Name, Unit string }
			h.api("GET", "/api/v1/boards", nil, &boards)
			added := ""
			for _, bd := range boards {
				if bd.Name == name {
					added = bd.Unit
				}
			}
			if added != b.Slug {
				t.Fatalf("the board added from the page is in unit %q, want %q", added, b.Slug)
			}
			// The other forms offer the units too, and stay phone-sized.
			for _, page := range []string{"/users", "/groups", "/audit"} {
				u.b.Navigate(h.srv.URL + page)
				if page != "/audit" && !strings.Contains(u.text(`select[name="unit"]`), "Xã Bình Minh") {
					t.Errorf("%s offers no choice of unit", page)
				}
				if vp.name == "phone" {
					u.checkPhoneLayout()
				}
				u.checkAxe()
				u.keepShot(vp.name, "province"+strings.ReplaceAll(page, "/", "-"), vp.view.Width)
			}
		})
	}
}

// wallLook is how often the live wall looks (wall.Look).
const wallLook = time.Second
