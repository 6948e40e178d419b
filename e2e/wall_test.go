package e2e

import (
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"codong/controller"
	"codong/internal/browsertest"
	"codong/player"
)

// shiftedClock is the real clock moved forward by a shift the test sets:
// the controller and the boards share it, so a switch's minutes can run
// out without the test waiting for them.
type shiftedClock struct{ shift atomic.Int64 }

func (c *shiftedClock) Now() time.Time      { return time.Now().Add(time.Duration(c.shift.Load())) }
func (c *shiftedClock) Add(d time.Duration) { c.shift.Add(int64(d)) }

// TestWallInTheBrowser is congress day on the dashboard, on a laptop and
// on the operator's phone: the wall shows real boards with their
// thumbnails; a group switch says how many boards it reaches, is
// cancelled in its confirmation dialog (nothing happens) and then
// confirmed; the wall counts the boards that acknowledged it and names
// the one that never connected; the switch's minutes run out by
// themselves; a board whose player stops stands out as offline, without
// the page reloading; and the return to the schedule is counted too.
func TestWallInTheBrowser(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		vp   browsertest.Viewport
	}{
		{"desktop", browsertest.Viewport{Width: 1366, Height: 768}},
		{"phone", browsertest.Phone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wallScenario(t, tc.name, tc.vp)
		})
	}
}

func wallScenario(t *testing.T, name string, vp browsertest.Viewport) {
	clock := &shiftedClock{}
	h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) {
		c.Now = clock.Now
		c.OfflineAfter = time.Second
	})
	const size = "384x128"
	var def, congress playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	h.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	var hall struct {
		Slug string `json:"slug"`
	}
	h.api("POST", "/api/v1/groups", map[string]string{"name": "Hội trường"}, &hall)
	const inHall, atMarket, neverOn = "Bảng LED hội trường", "Bảng LED cổng chợ", "Bảng LED nhà văn hoá"
	a, b, c := h.addBoard(inHall, size), h.addBoard(atMarket, size), h.addBoard(neverOn, size)
	for _, x := range []boardCreated{a, c} {
		h.setBoard(x.Board.ID, map[string]any{"groups": []string{hall.Slug}})
	}
	dirA, dirB := t.TempDir(), t.TempDir()
	frameA, frameB := dirA+"/frame.png", dirB+"/frame.png"
	runPlayerWith(t, h.srv.URL, dirA, frameA, player.Config{Token: a.Token, Now: clock.Now})
	stopB := runPlayerWith(t, h.srv.URL, dirB, frameB, player.Config{Token: b.Token, Now: clock.Now})
	congressA := h.expectedAsset(congress.Items[0].Text, size)
	var schedule []string
	for _, it := range def.Items {
		schedule = append(schedule, h.expectedAsset(it.Text, size))
	}

	u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: vp}), shots: os.Getenv("CODONG_SCREENSHOTS")}
	look := func(step string) {
		t.Helper()
		if vp == browsertest.Phone {
			u.fitsPhone("wall-" + step)
			return
		}
		var w []int
		u.eval("measure the page", "[document.documentElement.scrollWidth, innerWidth]", &w)
		if len(w) != 2 || w[0] > w[1] {
			t.Errorf("%s: the page is %v px wide in a %v px window", step, w[0], w[1])
		}
		u.pageShot("wall-" + name + "-" + step)
	}
	u.b.Navigate(h.srv.URL + "/login")
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	u.eval("mark the page", "window.notReloaded = true", nil)
	for _, n := range []string{inHall, atMarket} {
		var r *boardRow
		u.b.Wait(n+" online on the wall with its thumbnail", boardRowJS(n), &r, func() bool {
			return r != nil && r.State == "online" && r.Thumbnail > 0 && r.Playing != "—"
		})
	}
	if r := u.boardRow(neverOn); r == nil || r.State != "never" || r.Online != "chưa kết nối lần nào" {
		t.Fatalf("the board that never connected shows %+v", r)
	}
	look("online")

	// The switch says what it reaches before anything happens.
	if err := u.fillAnd("#switch-form", map[string]string{"group": hall.Slug, "minutes": "1"}, ""); err != nil {
		t.Fatal(err)
	}
	if got, want := u.text("#switch-reach"), "Sẽ chuyển 2 bảng; 1 bảng đang không trực tuyến sẽ chuyển khi kết nối lại."; got != want {
		t.Fatalf("the switch says %q, want %q", got, want)
	}
	q := u.askSwitch("Chuyển bảng")
	if want := "Chuyển 2 bảng (nhóm “Hội trường”) sang “Mừng Đại hội thành công” trong 1 phút, rồi tự trở về lịch?"; q != want {
		t.Fatalf("the dialog asks %q, want %q", q, want)
	}
	look("confirm")
	u.eval("cancel", `document.getElementById("confirm-cancel").click()`, nil)
	if u.visible("#confirm-dialog") {
		t.Fatal("the dialog stays open after Huỷ")
	}
	var o struct {
		Override *struct{} `json:"override"`
		Progress *struct{} `json:"progress"`
	}
	h.api("GET", "/api/v1/override", nil, &o)
	if o.Override != nil || o.Progress != nil || u.path() != "/" {
		t.Fatalf("a cancelled switch did something: %+v at %s", o, u.path())
	}

	u.askSwitch("Chuyển bảng")
	u.click("confirm the group switch", "Chuyển ngay")
	u.eval("mark the page", "window.notReloaded = true", nil)
	waitFrame(t, frameA, congressA, "the hall's board after the group switch")
	var p struct{ Count, Missing string }
	progressJS := `({ Count: document.querySelector("#switch-progress .count")?.textContent.trim() ?? "",
		Missing: document.querySelector("#switch-progress .missing")?.textContent.replace(/\s+/g, " ").trim() ?? "" })`
	u.b.Wait("the wall counts the switch", progressJS, &p, func() bool {
		return p.Count == "1/2 bảng đã chuyển" && p.Missing == "Chưa chuyển: "+neverOn+" (chưa kết nối lần nào)"
	})
	if sum := frameSum(t, frameB); !slices.Contains(schedule, sum) {
		t.Fatalf("the market's board, outside the group, left its schedule (%s)", sum)
	}
	var r *boardRow
	u.b.Wait("the wall shows the switched board's new slogan", boardRowJS(inHall), &r, func() bool {
		return r != nil && r.Playing == congress.Items[0].Text
	})
	if got := u.text("#override-state"); !strings.HasPrefix(got, "Đang phát “Mừng Đại hội thành công” trên nhóm “Hội trường”") || !strings.HasSuffix(got, "rồi tự trở về lịch.") {
		t.Fatalf("during the switch the page says %q", got)
	}
	look("switched")

	// The minute runs out: boards and page return to the schedule alone.
	clock.Add(2 * time.Minute)
	var state string
	u.b.Wait("the page says the switch ended", `document.getElementById("override-state").textContent`, &state, func() bool {
		return state == "Các bảng đang phát theo lịch thường ngày."
	})
	if u.visible("#clear-form") || u.visible("#switch-progress") {
		t.Fatal("after the switch ended, the return button or the count is still shown")
	}
	deadline := time.Now().Add(phaseWait)
	for !slices.Contains(schedule, frameSum(t, frameA)) {
		if time.Now().After(deadline) {
			t.Fatal("the hall's board did not return to its schedule when the switch's minute ran out")
		}
		time.Sleep(100 * time.Millisecond)
	}

	// A board whose player stops stands out, without a reload.
	stopB()
	u.b.Wait("the stopped board is offline on the wall", boardRowJS(atMarket), &r, func() bool {
		return r != nil && r.State == "offline" && strings.HasPrefix(r.Online, "mất liên lạc từ ")
	})
	var same bool
	if u.eval("check the page stayed", "window.notReloaded === true", &same); !same {
		t.Fatal("the wall showed the board offline only after a reload")
	}
	if err := u.fillAnd("#switch-form", map[string]string{"group": "", "minutes": "0"}, ""); err != nil {
		t.Fatal(err)
	}
	if got, want := u.text("#switch-reach"), "Sẽ chuyển 3 bảng; 2 bảng đang không trực tuyến sẽ chuyển khi kết nối lại."; got != want {
		t.Fatalf("after a board went offline the switch says %q, want %q", got, want)
	}
	look("offline")

	// Every board, then back to the schedule: both counted, the silent
	// boards named.
	if err := u.fillAnd("#switch-form", map[string]string{"group": "", "minutes": "0"}, ""); err != nil {
		t.Fatal(err)
	}
	u.askSwitch("Chuyển bảng")
	u.click("confirm the switch of every board", "Chuyển ngay")
	u.b.Wait("the wall counts the switch of every board", progressJS, &p, func() bool { return p.Count == "1/3 bảng đã chuyển" })
	if q := u.askSwitch("Trở về lịch phát thường ngày"); q != "Mọi bảng đang phát đặc biệt sẽ trở về lịch phát thường ngày. Tiếp tục?" {
		t.Fatalf("the return asks %q", q)
	}
	u.click("confirm the return", "Trở về lịch")
	u.b.Wait("the wall counts the return", progressJS, &p, func() bool {
		return p.Count == "1/3 bảng đã trở về lịch phát thường ngày" &&
			p.Missing == "Chưa trở về: "+atMarket+" (mất kết nối), "+neverOn+" (chưa kết nối lần nào)"
	})
	look("returned")
	if thrown := u.b.Uncaught(); len(thrown) > 0 {
		t.Errorf("the pages threw script errors:\n%s", strings.Join(thrown, "\n"))
	}
}
