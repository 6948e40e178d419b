package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/internal/browsertest"
	"codong/player"
	"codong/protocol"
)

// careGet calls a remote care route with token and gives the status,
// the content type and the body.
func (h *harness) careCall(token, method, path string) (int, string, []byte) {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), body
}

// liveBoard is a board as GET /api/v1/boards gives it.
type liveBoard struct {
	ID             int64     `json:"id"`
	Connected      bool      `json:"connected"`
	ConnectedSince time.Time `json:"connected_since"`
	Version        string    `json:"version"`
	PlayerVersion  string    `json:"player_version"`
}

func (h *harness) liveBoard(id int64) liveBoard {
	h.t.Helper()
	var all []liveBoard
	h.api("GET", "/api/v1/boards", nil, &all)
	for _, b := range all {
		if b.ID == id {
			return b
		}
	}
	h.t.Fatalf("board %d not listed", id)
	return liveBoard{}
}

// waitFor polls cond every 50 ms for up to limit.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("waited %v: %s", limit, what)
}

func decodePNG(t *testing.T, what string, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s is not a PNG (%d bytes): %v", what, len(data), err)
	}
	return img
}

// TestRemoteCareOfARealPlayer: over a real player's link, an operator
// gets the board's whole frame, pixel for pixel what its display holds;
// the player's own log lines; its diagnostics; a cache reset that has it
// fetch its pictures again. A board of another unit is not found, a
// board not linked or of an older player is refused with the reason,
// and a board that does not answer is reported silent.
func TestRemoteCareOfARealPlayer(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	board := h.addBoard("Bảng LED chợ Liên Minh", size)
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	runPlayerWith(t, h.srv.URL, dir, frame, player.Config{Token: board.Token, Version: "1.6.0-thu", Width: 384, Height: 128})
	id := board.Board.ID
	path := fmt.Sprintf("/api/v1/boards/%d/", id)
	waitFor(t, "the player links and shows a picture", 20*time.Second, func() bool {
		_, err := os.Stat(frame)
		return err == nil && h.liveBoard(id).PlayerVersion != ""
	})
	if b := h.liveBoard(id); b.PlayerVersion != "1.6.0-thu" || b.Version != "1.6.0-thu" {
		t.Fatalf("GET /boards gives player_version %q, version %q; want the player's 1.6.0-thu in both", b.PlayerVersion, b.Version)
	}

	t.Run("screenshot is the display's frame", func(t *testing.T) {
		// The board turns its items: compare with the file when it is
		// the same before and after the request.
		for try := 0; ; try++ {
			before, _ := os.ReadFile(frame)
			status, ctype, shot := h.careCall(h.token, "GET", path+"screenshot")
			after, _ := os.ReadFile(frame)
			if status != http.StatusOK || ctype != "image/png" {
				t.Fatalf("screenshot: %d %s %.300s", status, ctype, shot)
			}
			if !bytes.Equal(before, after) && try < 5 {
				continue
			}
			got, want := decodePNG(t, "the screenshot", shot), decodePNG(t, "frame.png", after)
			if got.Bounds().Dx() != 384 || got.Bounds().Dy() != 128 {
				t.Fatalf("screenshot is %v, want the board's 384x128", got.Bounds())
			}
			if got.Bounds().Size() != want.Bounds().Size() || !samePixels(got, want, 0, 0) {
				t.Fatal("the screenshot's pixels differ from the player's PNG display")
			}
			return
		}
	})

	t.Run("logs hold what the player logged", func(t *testing.T) {
		status, ctype, logs := h.careCall(h.token, "GET", path+"logs")
		if status != http.StatusOK || !strings.HasPrefix(ctype, "text/plain") {
			t.Fatalf("logs: %d %s %.300s", status, ctype, logs)
		}
		if err := protocol.CheckLogLines(logs); err != nil {
			t.Fatalf("logs: %v", err)
		}
		for _, line := range []string{"đã kết nối tới máy chủ điều khiển", "đã nhận bản kê mới"} {
			if !bytes.Contains(logs, []byte(line)) {
				t.Fatalf("logs lack %q:\n%s", line, logs)
			}
		}
	})

	t.Run("diagnostics", func(t *testing.T) {
		status, _, body := h.careCall(h.token, "GET", path+"diagnostics")
		var d protocol.Diagnostics
		if status != http.StatusOK || json.Unmarshal(body, &d) != nil {
			t.Fatalf("diagnostics: %d %s", status, body)
		}
		if d.Version != "1.6.0-thu" || d.OS == "" || d.GoMemoryBytes <= 0 || d.DiskFreeBytes == nil || *d.DiskFreeBytes <= 0 {
			t.Fatalf("diagnostics %s", body)
		}
		if _, err := os.Stat("/proc/meminfo"); err == nil && (d.MemAvailableBytes == nil || *d.MemAvailableBytes <= 0) {
			t.Fatalf("diagnostics lack MemAvailable on a system that has it: %s", body)
		}
	})

	t.Run("cache reset fetches the pictures again", func(t *testing.T) {
		pics := filepath.Join(dir, "cache", "assets")
		// A second link to each picture keeps its inode in use, so a
		// picture fetched again cannot get the same one.
		kept := t.TempDir()
		old := map[string]os.FileInfo{}
		entries, _ := os.ReadDir(pics)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			if err := os.Link(filepath.Join(pics, e.Name()), filepath.Join(kept, e.Name())); err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Stat(filepath.Join(kept, e.Name())); err == nil {
				old[e.Name()] = fi
			}
		}
		if len(old) == 0 {
			t.Fatal("the cache holds no pictures to start with")
		}
		status, _, body := h.careCall(h.token, "POST", path+"cache-reset")
		if status != http.StatusOK {
			t.Fatalf("cache reset: %d %s", status, body)
		}
		waitFor(t, "every picture fetched again", 20*time.Second, func() bool {
			for name, was := range old {
				fi, err := os.Stat(filepath.Join(pics, name))
				if err != nil || os.SameFile(fi, was) {
					return false
				}
			}
			return true
		})
		if _, err := os.Stat(filepath.Join(dir, "cache", "manifest.json")); err != nil {
			t.Fatalf("the manifest did not survive the reset: %v", err)
		}
	})

	t.Run("another unit's operator finds no board", func(t *testing.T) {
		var u struct{ Slug string }
		h.api("POST", "/api/v1/units", map[string]string{"name": "Xã Bình Minh"}, &u)
		var tok struct {
			Token string `json:"token"`
		}
		h.api("POST", "/api/v1/tokens", map[string]any{"name": "vận hành xã Bình Minh", "roles": []string{"operator"}, "unit": u.Slug}, &tok)
		for _, c := range [][2]string{{"GET", "screenshot"}, {"GET", "logs"}, {"GET", "diagnostics"}, {"POST", "restart"}, {"POST", "cache-reset"}} {
			if status, _, body := h.careCall(tok.Token, c[0], path+c[1]); status != http.StatusNotFound {
				t.Fatalf("%s %s by another unit's operator: %d %s", c[0], c[1], status, body)
			}
		}
	})

	t.Run("refusals", func(t *testing.T) {
		offline := h.addBoard("Bảng LED thôn 3", size)
		status, _, body := h.careCall(h.token, "GET", fmt.Sprintf("/api/v1/boards/%d/logs", offline.Board.ID))
		if status != http.StatusConflict || !bytes.Contains(body, []byte(`"board_offline"`)) {
			t.Fatalf("a board never linked: %d %s", status, body)
		}
		// A player of 2.5, as it links and reports.
		old := h.addBoard("Bảng LED thôn 4", size)
		conn := fakePlayer(t, h, old.Token, "2.5")
		conn.WriteJSON(protocol.NewStatus(&protocol.Status{Playlist: "default", Version: "1.5.2"}))
		waitFor(t, "the old player's status", 10*time.Second, func() bool { return h.liveBoard(old.Board.ID).PlayerVersion == "1.5.2" })
		status, _, body = h.careCall(h.token, "POST", fmt.Sprintf("/api/v1/boards/%d/restart", old.Board.ID))
		if status != http.StatusConflict || !bytes.Contains(body, []byte(`"player_too_old"`)) || !bytes.Contains(body, []byte("1.5.2")) {
			t.Fatalf("a player of 2.5: %d %s", status, body)
		}
		// A player of 2.6 that never answers.
		silent := h.addBoard("Bảng LED thôn 5", size)
		fakePlayer(t, h, silent.Token, protocol.Level)
		waitFor(t, "the silent player linked", 10*time.Second, func() bool { return h.liveBoard(silent.Board.ID).Connected })
		status, _, body = h.careCall(h.token, "GET", fmt.Sprintf("/api/v1/boards/%d/screenshot", silent.Board.ID))
		if status != http.StatusGatewayTimeout || !bytes.Contains(body, []byte(`"board_silent"`)) {
			t.Fatalf("a board that does not answer: %d %s", status, body)
		}
	})

	t.Run("audited", func(t *testing.T) {
		var raw []byte
		h.api("GET", "/api/v1/audit", nil, &raw)
		for _, action := range []string{"board.screenshot", "board.logs", "board.diagnostics", "board.cache_reset", "board.restart"} {
			if !bytes.Contains(raw, []byte(`"`+action+`"`)) {
				t.Fatalf("audit log lacks %s: %.600s", action, raw)
			}
		}
	})
}

// fakePlayer links a board as a player announcing level, which reads
// (and answers nothing) until the test ends.
func fakePlayer(t *testing.T, h *harness, token, level string) *websocket.Conn {
	t.Helper()
	url := "ws" + strings.TrimPrefix(h.srv.URL, "http") + protocol.ConnectPath
	conn, _, err := websocket.DefaultDialer.Dial(url, http.Header{"Authorization": {"Bearer " + token}, protocol.LevelHeader: {level}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	go func() {
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	return conn
}

// TestRemoteRestartOfTheRealPlayer: the real player binary, asked to
// restart, starts itself again in the same process (exec), links again
// on a new link, and its uptime starts over.
func TestRemoteRestartOfTheRealPlayer(t *testing.T) {
	t.Parallel()
	bin := buildPlayer(t)
	h := startController(t)
	board := h.addBoard("Bảng LED hội trường", "384x128")
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	cmd := exec.Command(bin, "--controller", h.srv.URL, "--token", board.Token, "--cache", filepath.Join(dir, "cache"), "--display", "png:"+frame, "--size", "384x128")
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	id := board.Board.ID
	path := fmt.Sprintf("/api/v1/boards/%d/", id)
	uptime := func() int64 {
		status, _, body := h.careCall(h.token, "GET", path+"diagnostics")
		var d protocol.Diagnostics
		if status != http.StatusOK || json.Unmarshal(body, &d) != nil {
			return -1
		}
		return d.UptimeSeconds
	}
	waitFor(t, "the player up for 2 seconds", 30*time.Second, func() bool { return uptime() >= 2 })
	first := h.liveBoard(id).ConnectedSince

	status, _, body := h.careCall(h.token, "POST", path+"restart")
	if status != http.StatusOK {
		t.Fatalf("restart: %d %s", status, body)
	}
	waitFor(t, "the player links again", 30*time.Second, func() bool {
		b := h.liveBoard(id)
		return b.Connected && b.ConnectedSince.After(first)
	})
	if up := uptime(); up < 0 || up >= 2 {
		t.Fatalf("uptime after the restart %d s, want it started over", up)
	}
	select {
	case err := <-exited:
		t.Fatalf("the player exited (%v) instead of starting itself again:\n%s", err, stderr.String())
	default:
	}
	if !strings.Contains(stderr.String(), "Khởi động lại máy phát") {
		t.Fatalf("the player did not say it restarts:\n%s", stderr.String())
	}
}

// TestRemoteCareFromThePhone: on the boards page, at 360×740 and on a
// desk, an operator opens a board's remote care, sees the board's
// screen through its link, and has it fetch its pictures again after a
// confirmation that says what will happen; the board's answer is shown
// in words beside the buttons.
func TestRemoteCareFromThePhone(t *testing.T) {
	t.Parallel()
	h := startController(t)
	board := h.addBoard("Bảng LED chợ Liên Minh", "384x128")
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	runPlayerWith(t, h.srv.URL, dir, frame, player.Config{Token: board.Token, Width: 384, Height: 128})
	waitFor(t, "the player links and shows a picture", 20*time.Second, func() bool {
		_, err := os.Stat(frame)
		return err == nil && h.liveBoard(board.Board.ID).Connected
	})
	h.giveEveryRole("admin")
	u := &ui{t: t, h: h, b: browsertest.Start(t, browsertest.Options{Viewport: browsertest.Phone}), shots: os.Getenv("CODONG_SCREENSHOTS")}
	u.b.Navigate(h.srv.URL + "/login")
	u.submitLogin("admin", "mật khẩu thử nghiệm đủ dài")
	for _, vp := range screenSizes {
		if err := u.b.SetViewport(vp.view); err != nil {
			t.Fatal(err)
		}
		u.b.Navigate(h.srv.URL + "/boards")
		u.eval("open remote care", `document.querySelector("details.care > summary").click(), true`, new(bool))
		if !u.visible(`details.care a[href$="/screenshot"]`) || !u.visible(`details.care a[href$="/logs"]`) {
			t.Fatalf("%s: remote care shows no screen or log link", vp.name)
		}
		var small int
		u.eval("measure remote care's controls", `[...document.querySelectorAll("details.care a, details.care button, details.care summary")].filter(e => e.getBoundingClientRect().height < 44).length`, &small)
		if small > 0 {
			t.Errorf("%s: %d of remote care's controls are shorter than 44 px", vp.name, small)
		}
		if vp.name == "phone" {
			u.checkPhoneLayout()
		}
		u.checkNoEnglish()
		u.checkAxe()
		var shot string
		u.eval("look at the screen through the page's session", fmt.Sprintf(`fetch("/api/v1/boards/%d/screenshot").then(async r => r.status + " " + r.headers.get("Content-Type") + (r.ok ? "" : " " + await r.text()))`, board.Board.ID), &shot)
		if shot != "200 image/png" {
			t.Fatalf("%s: Xem màn hình gave %s", vp.name, shot)
		}
		linked := h.liveBoard(board.Board.ID).ConnectedSince
		var asked string
		u.eval("press Tải lại ảnh and answer yes", `(() => { window.__asked = ""; window.confirm = (m) => { window.__asked = m; return true; };
			[...document.querySelectorAll("details.care button")].find(b => b.textContent.trim() === "Tải lại ảnh").click(); return window.__asked; })()`, &asked)
		if !strings.Contains(asked, "Bảng LED chợ Liên Minh") || !strings.Contains(asked, "tải lại") {
			t.Fatalf("%s: the confirmation says %q", vp.name, asked)
		}
		var said string
		u.b.Wait("the board's answer shown", `document.querySelector("details.care .care-result").textContent`, &said, func() bool {
			return strings.HasPrefix(said, "Máy phát đã xoá ảnh")
		})
		u.pageShot(vp.name + "-boards-care")
		// The player links again to fetch its pictures; until then it
		// is offline to the next look.
		waitFor(t, "the player links again after the reset", 20*time.Second, func() bool {
			b := h.liveBoard(board.Board.ID)
			return b.Connected && b.ConnectedSince.After(linked)
		})
	}
	if thrown := u.b.Uncaught(); len(thrown) > 0 {
		t.Errorf("the page threw script errors:\n%s", strings.Join(thrown, "\n"))
	}
}
