package e2e

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codong/assets"
	"codong/protocol"
)

// buildPlayer compiles the real codong-player binary for the test.
func buildPlayer(t testing.TB) string { return buildCommand(t, "codong-player") }

// buildCommand compiles the real binary of ../cmd/name for the test.
func buildCommand(t testing.TB, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/"+name)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", name, err, out)
	}
	return bin
}

// TestCacheSurvivesSIGKILL kills the real player binary again and again
// while it downloads pictures over a slow link; after every kill the
// cache must hold only whole, verified pictures and, if any, a manifest
// whose signature and pictures are all good. Then the board converges.
func TestCacheSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	bin := buildPlayer(t)
	h := startController(t)
	const size = "1920x1080"
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	board := h.addBoard("Màn hình hội trường", size)
	proxy := newMITM(t, h.srv.URL)
	proxy.setMode("slow")
	key := controllerKey(t, h)
	dir := t.TempDir()
	cache, frame := filepath.Join(dir, "cache"), filepath.Join(dir, "frame.png")
	args := []string{"--controller", proxy.srv.URL, "--token", board.Token, "--key", key, "--cache", cache, "--display", "png:" + frame}

	for i := range 12 {
		cmd := exec.Command(bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rand.IntN(400)) * time.Millisecond)
		cmd.Process.Kill() // SIGKILL: no chance to clean up
		cmd.Wait()
		checkCache(t, cache, key, i)
	}
	proxy.setMode("")
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitFrame(t, frame, h.expectedAsset(def.Items[0].Text, size), "after the kills")
	checkCache(t, cache, key, -1)
}

func checkCache(t *testing.T, cache, key string, round int) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(cache, "assets"))
	whole := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue // a temporary file cut short: never read, pruned later
		}
		data, err := os.ReadFile(filepath.Join(cache, "assets", name))
		if err != nil || assets.Sum(data) != name {
			t.Fatalf("round %d: cached picture %s is corrupt", round, name)
		}
		whole[name] = true
	}
	data, err := os.ReadFile(filepath.Join(cache, "manifest.json"))
	if os.IsNotExist(err) {
		return
	}
	var sm protocol.SignedManifest
	if err := json.Unmarshal(data, &sm); err != nil {
		t.Fatalf("round %d: manifest.json is corrupt: %v", round, err)
	}
	pub, _ := protocol.ParseKey(key)
	m, err := sm.Open(pub)
	if err != nil {
		t.Fatalf("round %d: cached manifest does not verify: %v", round, err)
	}
	for _, sum := range m.Assets() {
		if !whole[sum] {
			t.Fatalf("round %d: cached manifest names a picture not in the cache: %s", round, sum)
		}
	}
}
