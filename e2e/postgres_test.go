package e2e

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codong/controller"
	"codong/internal/pgtest"
	"codong/internal/phototest"
	"codong/player"
)

// TestWholeLoopOnPostgres: the whole loop (wholeLoop) on a controller
// whose database is PostgreSQL.
func TestWholeLoopOnPostgres(t *testing.T) {
	t.Parallel()
	db := postgresURL(t)
	wholeLoop(t, startControllerWith(t, t.TempDir(), "", func(c *controller.Config) { c.Database = db }))
}

// TestEditThroughOneControllerReachesAnother: two controllers on one
// PostgreSQL database (as a province runs them behind a load balancer);
// a real player connected to the second; an edit approved through the
// first reaches the board within seconds, carried by the database's
// change notices, and so does the switch pressed on the first.
func TestEditThroughOneControllerReachesAnother(t *testing.T) {
	t.Parallel()
	a, b := twoControllers(t)
	const size = "384x128"
	var def, congress playlist
	b.api("GET", "/api/v1/playlists/default", nil, &def)
	b.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	board := b.addBoard("Bảng LED chợ", size)
	frame := b.startPlayer(board.Token)
	first := def.Items[0]
	waitFrame(t, frame, b.expectedAsset(first.Text, size), "first item of the default playlist")

	edited := "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh"
	a.draftSlogan(first.SloganID, edited)
	a.approveAll()
	waitFrame(t, frame, b.expectedAsset(edited, size), "the edit approved on the other controller")

	a.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success", "group": "", "minutes": 0}, nil)
	waitFrame(t, frame, b.expectedAsset(congress.Items[0].Text, size), "the switch pressed on the other controller")
}

// TestPhotoUploadedOnOneControllerFittedByAnother: on a shared
// PostgreSQL database a photo uploaded through one controller is fitted
// to a board's size by another, whose data folder never saw the file.
func TestPhotoUploadedOnOneControllerFittedByAnother(t *testing.T) {
	t.Parallel()
	a, b := twoControllers(t)
	id := a.uploadPhoto("trien-lam.jpg", phototest.JPEG(phototest.Halves(800, 600), 1), nil)
	var pic []byte
	b.api("GET", "/api/v1/photos/"+itoa(id)+"/preview.png?size=384x128", nil, &pic)
	img, err := png.Decode(bytes.NewReader(pic))
	if err != nil {
		t.Fatalf("the other controller's preview: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(384, 128) {
		t.Fatalf("the other controller's preview is %v, want 384x128", got)
	}
	if entries, _ := os.ReadDir(filepath.Join(b.data, "photos")); len(entries) != 0 {
		t.Fatalf("the other controller keeps %d photo files; originals belong in the database", len(entries))
	}
}

// TestEveryControllerShowsEveryBoard: with a board linked to each of two
// controllers on one database, each controller's board list and fleet
// summary show both online and up to date, with the thumbnail of the
// board linked to the other.
func TestEveryControllerShowsEveryBoard(t *testing.T) {
	t.Parallel()
	a, b := twoControllers(t)
	onA := a.addBoard("Màn hình hội trường", "1920x1080")
	onB := b.addBoard("Bảng LED chợ", "384x128")
	a.startPlayer(onA.Token)
	b.startPlayer(onB.Token)
	for _, h := range []*harness{a, b} {
		deadline := time.Now().Add(20 * time.Second)
		for {
			var views []struct {
				ID        int64  `json:"id"`
				Online    bool   `json:"online"`
				UpToDate  bool   `json:"up_to_date"`
				Thumbnail string `json:"thumbnail"`
			}
			var sum struct {
				Online   int `json:"online"`
				UpToDate int `json:"up_to_date"`
			}
			h.api("GET", "/api/v1/boards", nil, &views)
			h.api("GET", "/api/v1/fleet", nil, &sum)
			ok := len(views) == 2 && sum.Online == 2 && sum.UpToDate == 2
			for _, v := range views {
				ok = ok && v.Online && v.UpToDate && v.Thumbnail != ""
			}
			if ok {
				var thumb []byte
				for _, v := range views {
					h.api("GET", v.Thumbnail, nil, &thumb)
					if _, err := png.Decode(bytes.NewReader(thumb)); err != nil {
						t.Fatalf("thumbnail of board %d: %v", v.ID, err)
					}
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("a controller shows %+v, summary %+v; want both boards online, up to date, with thumbnails", views, sum)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// TestSwitchProgressOnEveryController: the progress of a switch pressed
// on one controller shows on the other (the wall's API), counting the
// board linked to the first.
func TestSwitchProgressOnEveryController(t *testing.T) {
	t.Parallel()
	a, b := twoControllers(t)
	board := a.addBoard("Bảng LED chợ", "384x128")
	a.startPlayer(board.Token)
	waitBoards(t, b, func(bs []boardView) bool { return len(bs) == 1 && bs[0].Online && bs[0].UpToDate })
	a.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success", "group": "", "minutes": 0}, nil)
	deadline := time.Now().Add(20 * time.Second)
	for {
		var got struct {
			Progress *struct {
				Total    int    `json:"total"`
				Switched int    `json:"switched"`
				Text     string `json:"text"`
			} `json:"progress"`
		}
		b.api("GET", "/api/v1/override", nil, &got)
		if p := got.Progress; p != nil && p.Total == 1 && p.Switched == 1 && p.Text == "1/1 bảng đã chuyển" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the other controller's progress: %+v", got.Progress)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestSwitchProgressSurvivesRestart: on SQLite too, the latest switch is
// kept in the database: a restarted controller still counts who has it.
func TestSwitchProgressSurvivesRestart(t *testing.T) {
	t.Parallel()
	h := startController(t)
	h.addBoard("Bảng LED chợ", "384x128")
	h.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success", "group": "", "minutes": 0}, nil)
	h.stop()
	again := startControllerAt(t, h.data, "")
	var got struct {
		Progress *struct {
			Revision int64  `json:"revision"`
			Total    int    `json:"total"`
			Text     string `json:"text"`
		} `json:"progress"`
	}
	again.api("GET", "/api/v1/override", nil, &got)
	if p := got.Progress; p == nil || p.Total != 1 || p.Revision == 0 || p.Text != "0/1 bảng đã chuyển" {
		t.Fatalf("after a restart the switch's progress is %+v", got.Progress)
	}
}

// TestPairingAndSessionsOnAnyController: a player waiting to pair on one
// controller is adopted through the other and gets its credentials from
// the first; a person logged in on one controller is logged in on the
// other (behind a load balancer, requests go to either).
func TestPairingAndSessionsOnAnyController(t *testing.T) {
	t.Parallel()
	a, b := twoControllers(t)
	var def playlist
	a.api("GET", "/api/v1/playlists/default", nil, &def)

	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	runPlayerWith(t, a.srv.URL, dir, frame, player.Config{Width: 384, Height: 128})
	p := waitPairing(t, b, "")
	b.api("POST", "/api/v1/boards/adopt", map[string]any{"code": p.Code, "name": "Bảng LED bến xe", "size": "384x128"}, nil)
	waitFrame(t, frame, a.expectedAsset(def.Items[0].Text, "384x128"), "content after adoption on the other controller")

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Post(a.srv.URL+"/login", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"username": {"admin"}, "password": {"mật khẩu thử nghiệm đủ dài"}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Value != "" && c.HttpOnly {
			session = c
		}
	}
	if session == nil {
		t.Fatalf("login on the first controller: %s, cookies %v", resp.Status, resp.Cookies())
	}
	req, _ := http.NewRequest("GET", b.srv.URL+"/boards", nil)
	req.AddCookie(session)
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the session on the other controller: %s (%s)", resp.Status, resp.Header.Get("Location"))
	}
}

// TestBoardDeletedOnOneControllerCutOffByAnother: a board linked to one
// controller and deleted through the other is cut off by the one it is
// linked to: its player forgets its token and goes back to pairing.
func TestBoardDeletedOnOneControllerCutOffByAnother(t *testing.T) {
	t.Parallel()
	a, b := twoControllers(t)
	board := b.addBoard("Bảng bị xoá ở máy kia", "384x128")
	frame := b.startPlayer(board.Token)
	creds := filepath.Join(filepath.Dir(frame), "cache", "board.json")
	waitBoards(t, a, func(bs []boardView) bool { return len(bs) == 1 && bs[0].Online })
	hasToken := func() bool {
		data, err := os.ReadFile(creds)
		return err == nil && strings.Contains(string(data), board.Token)
	}
	if !hasToken() {
		t.Fatal("the player keeps no token")
	}
	a.api("DELETE", "/api/v1/boards/"+itoa(board.Board.ID), nil, nil)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if !hasToken() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the board deleted through the other controller still holds its credentials")
		}
	}
	waitBoards(t, b, func(bs []boardView) bool { return len(bs) == 0 })
}

// twoControllers starts two controllers on one new PostgreSQL database,
// each with a data folder of its own and the installation's one signing
// key, as a province runs them behind a load balancer.
func twoControllers(t *testing.T) (a, b *harness) {
	t.Helper()
	db := postgresURL(t)
	useDB := func(c *controller.Config) { c.Database = db }
	a = startControllerWith(t, t.TempDir(), "", useDB)
	b = startControllerWith(t, pgtest.SecondDataDir(t, a.data), "", useDB)
	return a, b
}
