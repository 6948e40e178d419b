package e2e

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"codong/controller"
	"codong/controller/release"
	"codong/controller/signkey"
	"codong/controller/store"
	"codong/player"
	"codong/protocol"
)

// Versions of the two real player builds the self-update tests use.
const (
	versionA = "2026.12-a"
	versionB = "2026.12-b"
)

// TestPlayerUpdatesItself runs three real player processes, each built
// as version A, against a real controller, and rolls out to each board
// its own release: build B is taken and reported; a build that exits at
// start is rolled back to A and reported; a release whose signature is
// another key's is refused and the board stays on A.
func TestPlayerUpdatesItself(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("cần lệnh go trên PATH để dịch hai bản codong-player thật: bỏ qua kiểm thử tự cập nhật")
	}
	t.Parallel()
	builds := t.TempDir()
	binA := buildPlayerVersion(t, builds, versionA)
	binB := buildPlayerVersion(t, builds, versionB)
	crasher := buildCrasher(t, builds)
	h := startController(t)
	key := controllerKey(t, h)

	taken, rolled, refused := h.addBoard("Bảng thôn Pả Pẻn", "384x128"), h.addBoard("Bảng chợ", "384x128"), h.addBoard("Màn hình hội trường", "384x128")
	swapped := h.addBoard("Bảng trường học", "384x128")
	boards := []boardCreated{taken, rolled, refused, swapped}
	players := map[int64]*realPlayer{}
	for _, b := range boards {
		players[b.Board.ID] = startRealPlayer(t, h, binA, b.Token, key)
	}
	for _, b := range boards {
		waitBoard(t, h, b.Board.ID, "báo phiên bản A", func(v updateView) bool { return v.PlayerVersion == versionA })
	}

	platform := player.Platform()
	relB := h.addRelease(t, platform, "", binB)
	relCrash := h.addRelease(t, platform, "2026.12-hong", crasher)
	relForeign := h.addForeignRelease(t, platform, "2026.12-la", binB)
	// A build changed on the controller's disk after it was signed.
	other := filepath.Join(builds, "other")
	crash, _ := os.ReadFile(crasher)
	os.WriteFile(other, append(crash, 'x'), 0o755)
	relSwapped := h.addRelease(t, platform, "2026.12-doi", other)
	stored := release.Path(h.data, relSwapped.SHA256)
	data, _ := os.ReadFile(stored)
	data[len(data)/2] ^= 0xff
	os.WriteFile(stored, data, 0o600)
	h.api("POST", fmt.Sprintf("/api/v1/player-releases/%d/rollout", relSwapped.ID), map[string]any{"board": swapped.Board.ID}, nil)
	h.api("POST", fmt.Sprintf("/api/v1/player-releases/%d/rollout", relB.ID), map[string]any{"board": taken.Board.ID}, nil)
	h.api("POST", fmt.Sprintf("/api/v1/player-releases/%d/rollout", relCrash.ID), map[string]any{"board": rolled.Board.ID}, nil)
	h.api("POST", fmt.Sprintf("/api/v1/player-releases/%d/rollout", relForeign.ID), map[string]any{"board": refused.Board.ID}, nil)

	t.Run("taken", func(t *testing.T) {
		v := waitBoard(t, h, taken.Board.ID, "cập nhật lên B", func(v updateView) bool {
			return v.PlayerVersion == versionB && v.Update != nil && v.Update.Outcome == protocol.UpdateTaken
		})
		if v.Update.From != versionA || v.Update.To != versionB {
			t.Errorf("report %+v, want %s → %s", v.Update, versionA, versionB)
		}
		p := players[taken.Board.ID]
		if got := runVersion(t, p.exe); got != versionB {
			t.Errorf("the board's executable says %q, want %q", got, versionB)
		}
		if got := runVersion(t, p.exe+player.OldSuffix); got != versionA {
			t.Errorf("the previous executable kept says %q, want %q", got, versionA)
		}
	})
	t.Run("rolled back", func(t *testing.T) {
		v := waitBoard(t, h, rolled.Board.ID, "quay về A", func(v updateView) bool {
			return v.Update != nil && v.Update.Outcome == protocol.UpdateRolledBack && v.PlayerVersion == versionA && v.Online
		})
		if !strings.Contains(v.UpdateText, "đã quay về bản cũ") {
			t.Errorf("the boards page says %q", v.UpdateText)
		}
		p := players[rolled.Board.ID]
		if got := runVersion(t, p.exe); got != versionA {
			t.Errorf("the board's executable says %q after the rollback, want %q", got, versionA)
		}
		if _, err := os.Stat(p.exe + ".new"); !os.IsNotExist(err) {
			t.Errorf("the failed build is left beside the player: %v", err)
		}
		// Never tried again on its own; rolled out again, it is.
		h.api("POST", fmt.Sprintf("/api/v1/player-releases/%d/rollout", relCrash.ID), map[string]any{"board": rolled.Board.ID}, nil)
		deadline := time.Now().Add(45 * time.Second)
		for tries := 0; tries < 2; {
			data, _ := os.ReadFile(p.log)
			if tries = strings.Count(string(data), `msg="chạy thử bản mới"`); tries < 2 && time.Now().After(deadline) {
				t.Fatalf("the build rolled out again was tried %d times", tries)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	t.Run("refused", func(t *testing.T) {
		v := waitBoard(t, h, refused.Board.ID, "từ chối bản khoá lạ", func(v updateView) bool {
			return v.Update != nil && v.Update.Outcome == protocol.UpdateRefused
		})
		if !strings.Contains(v.Update.Reason, "chữ ký") {
			t.Errorf("refused for %q, want the signature", v.Update.Reason)
		}
		p := players[refused.Board.ID]
		if got := runVersion(t, p.exe); got != versionA || v.PlayerVersion != versionA {
			t.Errorf("after a refusal the board runs %q and reports %q, want %q", got, v.PlayerVersion, versionA)
		}
		if _, err := os.Stat(p.exe + ".new"); !os.IsNotExist(err) {
			t.Errorf("a refused build was downloaded: %v", err)
		}
	})
	t.Run("changed on the controller's disk", func(t *testing.T) {
		v := waitBoard(t, h, swapped.Board.ID, "từ chối bản bị đổi", func(v updateView) bool {
			return v.Update != nil && v.Update.Outcome == protocol.UpdateRefused
		})
		if !strings.Contains(v.Update.Reason, "sha256") {
			t.Errorf("refused for %q, want the sha256", v.Update.Reason)
		}
		p := players[swapped.Board.ID]
		if got := runVersion(t, p.exe); got != versionA {
			t.Errorf("after a refusal the board runs %q, want %q", got, versionA)
		}
		if _, err := os.Stat(p.exe + ".new"); !os.IsNotExist(err) {
			t.Errorf("a refused build is left beside the player: %v", err)
		}
	})
	var audit []struct {
		Action string `json:"action"`
	}
	h.api("GET", "/api/v1/audit", nil, &audit)
	seen := map[string]bool{}
	for _, e := range audit {
		seen[e.Action] = true
	}
	for _, want := range []string{"player_release.rollout", "player_update.taken", "player_update.rolled_back", "player_update.refused"} {
		if !seen[want] {
			t.Errorf("no audit entry %s", want)
		}
	}
}

// buildPlayerVersion compiles the real player with its version set as
// a release build sets it.
func buildPlayerVersion(t *testing.T, dir, version string) string {
	t.Helper()
	bin := filepath.Join(dir, "codong-player-"+version)
	cmd := exec.Command("go", "build", "-ldflags", "-X main.version="+version, "-o", bin, "../cmd/codong-player")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", version, err, out)
	}
	return bin
}

// buildCrasher compiles a program that exits at start with status 3,
// as a broken build would.
func buildCrasher(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "crasher")
	os.MkdirAll(src, 0o755)
	os.WriteFile(filepath.Join(src, "go.mod"), []byte("module crasher\n\ngo 1.22\n"), 0o644)
	os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nimport \"os\"\n\nfunc main() { os.Exit(3) }\n"), 0o644)
	bin := filepath.Join(dir, "crasher-bin")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the crasher: %v\n%s", err, out)
	}
	return bin
}

// addRelease adds a build as codong player-release add does.
func (h *harness) addRelease(t *testing.T, platform, version, file string) protocol.Release {
	t.Helper()
	ctx := context.Background()
	st, err := controller.OpenStore(ctx, h.data, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	key, err := signkey.LoadOrCreate(h.data)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := st.Installation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := release.Add(ctx, st, cliActor, h.data, key, inst, platform, version, file)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// addForeignRelease records a build signed with a key that is not the
// installation's, as someone with write access to the database would.
func (h *harness) addForeignRelease(t *testing.T, platform, version, file string) protocol.Release {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	st, err := controller.OpenStore(ctx, h.data, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	inst, err := st.Installation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// One byte more than B: another build, as a release is stored once
	// per platform and sha256.
	data = append(data, 0)
	sum := sha256.Sum256(data)
	r := protocol.Release{Platform: platform, Version: version, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), Installation: inst}
	_, other, _ := ed25519.GenerateKey(nil)
	protocol.SignRelease(&r, other)
	os.MkdirAll(filepath.Join(h.data, release.Dir), 0o700)
	os.WriteFile(release.Path(h.data, r.SHA256), data, 0o600)
	if r, err = st.AddRelease(ctx, cliActor, r); err != nil {
		t.Fatal(err)
	}
	return r
}

type realPlayer struct {
	exe, log string
	cmd      *exec.Cmd
}

// startRealPlayer runs a copy of bin (the copy is what updates replace)
// as a process, until the test ends.
func startRealPlayer(t *testing.T, h *harness, bin, token, key string) *realPlayer {
	t.Helper()
	dir := t.TempDir()
	exe := filepath.Join(dir, "codong-player")
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	logFile, err := os.Create(filepath.Join(dir, "player.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "--controller", h.srv.URL, "--token", token, "--key", key, "--cache", filepath.Join(dir, "cache"),
		"--display", "png:"+filepath.Join(dir, "frame.png"), "--update-every", "1s", "--update-trial", "20s")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// SIGTERM first: a player trying a build stops its child too.
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		logFile.Close()
		if t.Failed() {
			out, _ := os.ReadFile(logFile.Name())
			t.Logf("player %s log:\n%s", exe, out)
		}
	})
	return &realPlayer{exe: exe, log: logFile.Name(), cmd: cmd}
}

// runVersion runs a player build's --version.
func runVersion(t *testing.T, exe string) string {
	t.Helper()
	out, err := exec.Command(exe, "--version").Output()
	if err != nil {
		t.Fatalf("%s --version: %v", exe, err)
	}
	return strings.TrimSpace(string(out))
}

type updateView struct {
	ID            int64              `json:"id"`
	Online        bool               `json:"online"`
	PlayerVersion string             `json:"player_version"`
	Update        *store.BoardUpdate `json:"update"`
	UpdateText    string             `json:"update_text"`
}

// waitBoard polls GET /api/v1/boards until the board satisfies ok.
func waitBoard(t *testing.T, h *harness, id int64, what string, ok func(updateView) bool) updateView {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	var last updateView
	for time.Now().Before(deadline) {
		var views []updateView
		h.api("GET", "/api/v1/boards", nil, &views)
		for _, v := range views {
			if v.ID == id {
				last = v
				if ok(v) {
					return v
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("board %d never did %s; last seen %+v", id, what, last)
	return last
}
