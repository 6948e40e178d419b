package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codong/assets"
	"codong/controller"
	"codong/internal/browsertest"
	"codong/player"
)

// TestTamperingOnTheLineIsReported: a proxy rewrites "seconds":10 in
// every manifest it carries. The board with approved content refuses
// them and keeps playing it, and the controller learns of it: the board
// is flagged on the wall as "bản kê bị sửa trên đường truyền", and one
// audit entry is written however many reports follow within the quarter
// hour. The board reconnects with a growing wait, not in a tight loop.
// A new board behind the same proxy, with nothing approved yet, shows a
// Vietnamese notice saying what is wrong instead of nothing.
func TestTamperingOnTheLineIsReported(t *testing.T) {
	t.Parallel()
	tamperingOnTheLineIsReported(t, "")
}

// TestTamperingOnTheLineIsReportedOnPostgres: the same, the audit log
// in PostgreSQL.
func TestTamperingOnTheLineIsReportedOnPostgres(t *testing.T) {
	t.Parallel()
	tamperingOnTheLineIsReported(t, postgresURL(t))
}

// tamperingOnTheLineIsReported runs the test on a database ("" for the
// SQLite file in the data folder).
func tamperingOnTheLineIsReported(t *testing.T, database string) {
	h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) { c.Database = database })
	const size = "384x128"
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	for _, it := range def.Items {
		h.setItemSeconds("default", it.ID, 10)
	}
	h.approveAll()
	board := h.addBoard("Bảng LED cổng UBND", size)
	proxy := newMITM(t, h.srv.URL)
	key := controllerKey(t, h)
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	runPlayerWith(t, proxy.srv.URL, dir, frame, player.Config{Token: board.Token, ControllerKey: key})
	approved := map[string]bool{}
	for _, it := range def.Items {
		approved[h.expectedAsset(it.Text, size)] = true
	}
	waitFrame(t, frame, h.expectedAsset(def.Items[0].Text, size), "honest start")

	proxy.setMode("seconds")
	h.editSlogan(def.Items[0].SloganID, "Khẩu hiệu sửa, bản kê bị sửa trên đường")
	flag := waitTamperFlag(t, h, board.Board.ID, 1)
	if !strings.Contains(flag.Reason, "bản kê bị sửa trên đường truyền") || !strings.Contains(flag.Reason, "TLS") {
		t.Fatalf("flag reason %q: want it to say what happened and to turn TLS on", flag.Reason)
	}
	if got := frameSum(t, frame); !approved[got] {
		t.Fatalf("the board left its approved pictures for %.12s…", got)
	}
	if database == "" { // the page is the same on either engine
		wall := wallWarning(t, h, "Bảng LED cổng UBND")
		if !strings.HasPrefix(wall, "Bản kê bị sửa trên đường truyền:") || !strings.Contains(wall, "Xem nhật ký thao tác") || strings.Contains(wall, "Thu hồi") {
			t.Fatalf("the wall's warning for the board reads %q", wall)
		}
	}
	// The board refuses the manifest on every link it opens, and tells
	// the controller each time: a second report, no second audit entry.
	links := proxy.linksOf(board.Token)
	waitTamperFlag(t, h, board.Board.ID, 2)
	if n := len(tamperAudit(h)); n != 1 {
		t.Fatalf("%d audit entries of tampering after two reports within the quarter hour, want 1", n)
	}
	// Waits of 1, 2, 4, 8 s at most, jittered: in six seconds a board
	// that backs off opens a handful of links, not dozens.
	time.Sleep(6 * time.Second)
	if n := proxy.linksOf(board.Token) - links; n > 5 {
		t.Fatalf("%d links in 6 s under tampering: the board does not back off", n)
	}

	// A board with nothing approved on its disk.
	fresh := h.addBoard("Bảng LED chợ mới lắp", size)
	freshDir := t.TempDir()
	freshFrame := filepath.Join(freshDir, "frame.png")
	runPlayerWith(t, proxy.srv.URL, freshDir, freshFrame, player.Config{Token: fresh.Token, ControllerKey: key, Width: 384, Height: 128})
	waitFrame(t, freshFrame, noticeSum(t, 384, 128), "the notice on a board with nothing approved")
	waitTamperFlag(t, h, fresh.Board.ID, 1)

	// The flag is the fleet's memory; its audit entry is written by the
	// fleet's worker just after, so it is awaited, not read at once.
	entries := tamperAudit(h)
	for deadline := time.Now().Add(10 * time.Second); len(entries) < 2 && time.Now().Before(deadline); entries = tamperAudit(h) {
		time.Sleep(50 * time.Millisecond)
	}
	if len(entries) != 2 {
		t.Fatalf("audit entries %+v, want one per board", entries)
	}
	for _, e := range entries {
		if !strings.Contains(e.Detail, "Bản kê bị sửa trên đường truyền") || !strings.Contains(e.Detail, proxy.srv.URL) {
			t.Fatalf("audit entry %q: want what happened and through which address", e.Detail)
		}
	}
}

// wallWarning is the warning the dashboard's wall shows on a board's
// tile, read in a real browser by a logged-in admin.
func wallWarning(t *testing.T, h *harness, name string) string {
	t.Helper()
	u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{})}
	u.b.Navigate(h.srv.URL + "/login")
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	u.b.Navigate(h.srv.URL + "/")
	var warning string
	u.eval("read the board's warning", `(() => {
		const tile = [...document.querySelectorAll("#wall .tile")].find(e => e.querySelector(".name").textContent.trim() === `+js(name)+`);
		return tile?.querySelector(".flag")?.textContent.replace(/\s+/g, " ").trim() ?? "";
	})()`, &warning)
	return warning
}

type tamperFlag struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// waitTamperFlag waits until board id is flagged for tampering with at
// least count refusals.
func waitTamperFlag(t *testing.T, h *harness, id int64, count int) tamperFlag {
	t.Helper()
	var last *tamperFlag
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var views []struct {
			ID   int64       `json:"id"`
			Flag *tamperFlag `json:"flag"`
		}
		h.api("GET", "/api/v1/boards", nil, &views)
		for _, v := range views {
			if v.ID == id && v.Flag != nil {
				last = v.Flag
				if v.Flag.Code == "manifest_tampered" && v.Flag.Count >= count {
					return *v.Flag
				}
			}
		}
	}
	t.Fatalf("board %d never flagged for %d tampered manifests; last flag %+v", id, count, last)
	return tamperFlag{}
}

type auditEntry struct {
	Action string `json:"action"`
	Detail string `json:"detail"`
}

// tamperAudit is the audit log's entries of tampering.
func tamperAudit(h *harness) []auditEntry {
	var all, out []auditEntry
	h.api("GET", "/api/v1/audit?kind=board", nil, &all)
	for _, e := range all {
		if e.Action == "board.tampered" {
			out = append(out, e)
		}
	}
	return out
}

// noticeSum is the notice a board with nothing approved shows while its
// manifests are tampered with, drawn as the player draws it.
func noticeSum(t *testing.T, w, hgt int) string {
	t.Helper()
	r, err := assets.NewRenderer(assets.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(assets.Request{Text: "Bản kê bị sửa trên đường truyền\nKiểm tra mạng, bật TLS", Size: assets.Size{W: w, H: hgt}, Style: "led"})
	if err != nil {
		t.Fatal(err)
	}
	return assets.Sum(out.PNG)
}
