package e2e

import (
	"bufio"
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

// buildController compiles the real codong binary for the test.
func buildController(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "codong")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/codong")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build controller: %v\n%s", err, out)
	}
	return bin
}

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
// PostgreSQL database, the first a real `codong serve` process; a real
// player given both addresses is linked to the first and shows on the
// second's dashboard, online and up to date. The first is killed with
// SIGKILL: the board moves to the second by itself, the switch pressed
// there reaches it, and every play confirmed before the kill is still
// counted.
func TestCongressDaySurvivesAControllerKilled(t *testing.T) {
	bin := buildController(t)
	db := pgtest.URL(t)
	dataA, addrA := t.TempDir(), freeAddr(t)
	procA := serveProcess(t, bin, dataA, db, addrA)
	b := startControllerWith(t, sameKeyDir(t, dataA), "", func(c *controller.Config) { c.Database = db })

	const size = "384x128"
	var def, congress playlist
	b.api("GET", "/api/v1/playlists/default", nil, &def)
	b.api("GET", "/api/v1/playlists/congress-success", nil, &congress)
	for i, it := range def.Items {
		if i < 2 {
			b.api("PUT", "/api/v1/playlists/default/items/"+itoa(it.ID), map[string]int{"seconds": 2}, nil)
		}
	}
	b.approveAll()
	board := b.addBoard("Bảng LED chợ", size)
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	runPlayerWith(t, "http://"+addrA+","+b.srv.URL, dir, frame, player.Config{Token: board.Token})
	waitFrame(t, frame, b.expectedAsset(def.Items[0].Text, size), "the default playlist through the first controller")
	// The second controller shows the board linked to the first.
	waitBoards(t, b, func(bs []boardView) bool { return len(bs) == 1 && bs[0].Online && bs[0].UpToDate })
	// Plays confirmed by the first controller are in the database.
	var before int
	for deadline := time.Now().Add(30 * time.Second); before == 0; time.Sleep(200 * time.Millisecond) {
		for _, it := range def.Items[:2] {
			before += reportedPlays(b, it.Text)
		}
		if time.Now().After(deadline) {
			t.Fatal("no play reached the report through the first controller")
		}
	}

	procA.Process.Kill() // SIGKILL: no chance to say goodbye
	procA.Wait()
	b.api("POST", "/api/v1/override", map[string]any{"playlist": "congress-success", "group": "", "minutes": 0}, nil)
	waitFrame(t, frame, b.expectedAsset(congress.Items[0].Text, size), "the switch, after the first controller died")
	waitBoards(t, b, func(bs []boardView) bool { return len(bs) == 1 && bs[0].Online && bs[0].UpToDate })
	after := 0
	for _, it := range def.Items[:2] {
		after += reportedPlays(b, it.Text)
	}
	if after < before {
		t.Fatalf("the report counted %d plays before the kill and %d after", before, after)
	}
}
