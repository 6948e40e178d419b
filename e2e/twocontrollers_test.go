package e2e

import (
	"bufio"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codong/controller"
	"codong/internal/pgtest"
	"codong/player"
)

// serveProcess starts `codong serve` as a process of its own on addr and
// returns once it serves.
func serveProcess(t *testing.T, bin, data, db, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data", data, "--db", db)
	cmd.Env = append(os.Environ(), "CODONG_ADMIN_PASSWORD=mật khẩu thử nghiệm đủ dài")
	out, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	serving := make(chan bool, 1)
	go func() {
		lines := bufio.NewScanner(out)
		said := false
		for lines.Scan() {
			if !said && strings.Contains(lines.Text(), "codong đang chạy tại") {
				said = true
				serving <- true
			}
		}
		if !said {
			serving <- false
		}
	}()
	select {
	case ok := <-serving:
		if !ok {
			t.Fatal("the controller process ended before serving")
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the controller process never served")
	}
	return cmd
}

// TestCongressDaySurvivesAControllerKilled: two controllers on one
// PostgreSQL database, the first a real `codong serve` process, and a
// real player linked to each (the first's given both addresses). An edit
// approved through the first reaches the board on the second; the switch
// pressed on the second reaches the board on the first; both dashboards
// count both boards. The first is killed with SIGKILL: its board moves to
// the second by itself and still shows the switch, the second counts it
// switched, and every play confirmed before the kill is still counted.
func TestCongressDaySurvivesAControllerKilled(t *testing.T) {
	t.Parallel()
	bin := buildCommand(t, "codong")
	db := postgresURL(t)
	dataA, addrA := t.TempDir(), freeAddr(t)
	procA := serveProcess(t, bin, dataA, db, addrA)
	b := startControllerWith(t, pgtest.SecondDataDir(t, dataA), "", func(c *controller.Config) { c.Database = db })
	// The first controller's API, with the same tokens: they live in the
	// shared database. Only its address is used.
	a := &harness{t: t, srv: &httptest.Server{URL: "http://" + addrA}, token: b.token, approver: b.approver, data: dataA}

	const size = "384x128"
	var congress playlist
	b.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	// Two stills of 2 s alone: the edited first comes round within
	// seconds, wherever in the rotation its manifest finds the board (a
	// third item of 10 s made it wait a minute and a half when the
	// manifest came late, and a strip in the rotation runs a whole pass).
	def := b.quickRotation(size, 2, 2)
	b.approveAll()
	onA, onB := b.addBoard("Bảng LED chợ", size), b.addBoard("Bảng LED bến xe", size)
	dirA, dirB := t.TempDir(), t.TempDir()
	frameA, frameB := filepath.Join(dirA, "frame.png"), filepath.Join(dirB, "frame.png")
	runPlayerWith(t, "http://"+addrA+","+b.srv.URL, dirA, frameA, player.Config{Token: onA.Token})
	runPlayerWith(t, b.srv.URL, dirB, frameB, player.Config{Token: onB.Token})
	waitFrame(t, frameA, b.expectedAsset(def.Items[0].Text, size), "the default playlist through the first controller")
	for _, h := range []*harness{a, b} {
		waitBoards(t, h, func(bs []boardView) bool {
			return len(bs) == 2 && bs[0].Online && bs[0].UpToDate && bs[1].Online && bs[1].UpToDate
		})
	}

	edited := "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh"
	a.draftSlogan(def.Items[0].SloganID, edited)
	a.approveAll()
	waitFrame(t, frameB, b.expectedAsset(edited, size), "the edit approved through the first controller, on the second's board")
	b.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success", "group": "", "minutes": 0}, nil)
	switched := b.expectedAsset(congress.Items[0].Text, size)
	waitFrame(t, frameA, switched, "the switch pressed on the second controller, on the first's board")
	// Plays confirmed by the first controller are in the database.
	var before int
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		before = 0
		for _, it := range def.Items[:2] {
			before += reportedPlays(b, it.Text)
		}
		if before > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no play reached the report")
		}
	}

	procA.Process.Kill() // SIGKILL: no chance to say goodbye
	procA.Wait()
	killed := time.Now()
	// The dead controller's word about its board counts for up to 10 s
	// (presenceStale): past that, the board shows online and switched on
	// the second only if it linked there and said so itself.
	var progress struct {
		Progress *struct {
			Text string `json:"text"`
		} `json:"progress"`
	}
	for deadline := time.Now().Add(40 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		b.api("GET", "/api/v1/override", nil, &progress)
		if time.Since(killed) > 11*time.Second && progress.Progress != nil && progress.Progress.Text == "2/2 bảng đã chuyển" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the second controller's switch progress after the kill: %+v", progress.Progress)
		}
	}
	waitBoards(t, b, func(bs []boardView) bool {
		return len(bs) == 2 && bs[0].Online && bs[0].UpToDate && bs[1].Online && bs[1].UpToDate
	})
	if got := frameSum(t, frameA); got != switched {
		t.Fatal("after moving to the second controller the board no longer shows the switch")
	}
	after := 0
	for _, it := range def.Items[:2] {
		after += reportedPlays(b, it.Text)
	}
	if after < before {
		t.Fatalf("the report counted %d plays before the kill and %d after", before, after)
	}
}
