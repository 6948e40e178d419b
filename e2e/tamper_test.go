package e2e

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/assets"
	"codong/player"
	"codong/playlists"
	"codong/protocol"
)

// mitm sits between a player and the controller, as an attacker on the
// network would, and can alter what passes.
type mitm struct {
	t        *testing.T
	upstream string
	srv      *httptest.Server
	mu       sync.Mutex
	mode     string   // "", "payload", "resign", "asset", "slow", "seconds"
	refused  []string // error messages the player sent back
	attacker ed25519.PrivateKey
	fake     []byte // the attacker's picture
	links    map[*websocket.Conn]bool
	target   string // the attacked board's token; others pass untouched
	// seen keeps, per board, the first and the latest honest manifest
	// frame, for the replay and swap attacks.
	first, latest map[int64][]byte
	// connects counts the links each token opened through the proxy.
	connects map[string]int
}

// linksOf is how many links a board's token opened through the proxy.
func (m *mitm) linksOf(token string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.connects["Bearer "+token]
}

// dropLinks cuts every link through the proxy, so players reconnect.
func (m *mitm) dropLinks() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for c := range m.links {
		c.Close()
	}
}

func newMITM(t *testing.T, upstream string) *mitm {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	m := &mitm{t: t, upstream: upstream, attacker: priv, fake: []byte("hình giả mạo"), links: map[*websocket.Conn]bool{}, first: map[int64][]byte{}, latest: map[int64][]byte{}, connects: map[string]int{}}
	m.srv = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.srv.Close)
	return m
}

func (m *mitm) setMode(mode string) {
	m.mu.Lock()
	m.mode = mode
	m.mu.Unlock()
}

func (m *mitm) currentMode() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.mode
}

func (m *mitm) refusals() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.refused...)
}

func (m *mitm) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, protocol.AssetPath) {
		m.serveAsset(w, r)
		return
	}
	if m.currentMode() == "forged401" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"code":"bad_board_token","message":"Mã bảng không hợp lệ hoặc bảng đã bị xoá."}`))
		return
	}
	m.mu.Lock()
	m.connects[r.Header.Get("Authorization")]++
	m.mu.Unlock()
	// Headers pass both ways, as through any proxy that only rewrites
	// the frames it carries.
	up, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(m.upstream, "http")+r.URL.Path,
		http.Header{"Authorization": r.Header["Authorization"], protocol.NonceHeader: r.Header[protocol.NonceHeader], protocol.LevelHeader: r.Header[protocol.LevelHeader]})
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer up.Close()
	down, err := (&websocket.Upgrader{}).Upgrade(w, r, http.Header{protocol.LevelHeader: resp.Header[protocol.LevelHeader]})
	if err != nil {
		return
	}
	defer down.Close()
	m.mu.Lock()
	m.links[down] = true
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		delete(m.links, down)
		m.mu.Unlock()
	}()
	attacked := m.target == "" || r.Header.Get("Authorization") == "Bearer "+m.target
	go func() { // player → controller, noting refusals
		defer up.Close()
		for {
			kind, data, err := down.ReadMessage()
			if err != nil {
				return
			}
			if msg, err := protocol.Decode(data); err == nil && msg.Type == protocol.TypeError && attacked {
				m.mu.Lock()
				m.refused = append(m.refused, msg.Error.Message)
				m.mu.Unlock()
			}
			// A screenshot (protocol 2.2) is a binary frame.
			up.WriteMessage(kind, data)
		}
	}()
	for { // controller → player, tampering as told
		_, data, err := up.ReadMessage()
		if err != nil {
			return
		}
		if attacked {
			data = m.tamper(data)
		} else {
			m.record(data)
		}
		if err := down.WriteMessage(websocket.TextMessage, data); err != nil {
			return
		}
	}
}

// record keeps honest manifest frames per board and returns the manifest.
func (m *mitm) record(frame []byte) playlists.Manifest {
	var man playlists.Manifest
	msg, err := protocol.Decode(frame)
	if err != nil || msg.Type != protocol.TypeManifest {
		return man
	}
	json.Unmarshal(msg.Manifest.Payload, &man)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.first[man.Board.ID] == nil {
		m.first[man.Board.ID] = frame
	}
	m.latest[man.Board.ID] = frame
	return man
}

// tamper points the first item of every playlist at the attacker's
// picture, either leaving the signature as it was ("payload") or signing
// with the attacker's own key and announcing that key ("resign").
func (m *mitm) tamper(frame []byte) []byte {
	mode := m.currentMode()
	msg, err := protocol.Decode(frame)
	if err != nil || msg.Type != protocol.TypeManifest {
		return frame
	}
	if mode == "seconds" { // the attack as reported: one number, in place
		return bytes.ReplaceAll(frame, []byte(`"seconds":10`), []byte(`"seconds":11`))
	}
	man := m.record(frame)
	m.mu.Lock()
	defer m.mu.Unlock()
	switch mode {
	case "replay": // an old, properly signed manifest of this board
		return m.first[man.Board.ID]
	case "swap": // another board's current, properly signed manifest
		for id, f := range m.latest {
			if id != man.Board.ID {
				return f
			}
		}
	}
	if mode != "payload" && mode != "resign" {
		return frame
	}
	for i := range man.Playlists {
		if len(man.Playlists[i].Items) > 0 {
			man.Playlists[i].Items[0].Asset = assets.Sum(m.fake)
		}
	}
	if mode == "payload" {
		msg.Manifest.Payload, _ = json.Marshal(&man)
	} else {
		msg.Manifest, _ = protocol.Sign(&man, m.attacker)
	}
	out, _ := json.Marshal(msg)
	return out
}

func (m *mitm) serveAsset(w http.ResponseWriter, r *http.Request) {
	if m.currentMode() == "asset" || strings.HasSuffix(r.URL.Path, assets.Sum(m.fake)) {
		w.Write(m.fake) // wrong bytes for whatever hash was asked
		return
	}
	req, _ := http.NewRequest("GET", m.upstream+r.URL.Path, nil)
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
	if m.currentMode() != "slow" {
		io.Copy(w, resp.Body)
		return
	}
	// A slow link: pictures trickle in, so a download is likely to be
	// under way whenever the player dies.
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		w.Write(buf[:n])
		w.(http.Flusher).Flush()
		if err != nil {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestManInTheMiddleCannotChangeTheBoard: with the controller's key
// pinned, an altered manifest, a manifest re-signed by another key, and
// altered pictures are all refused with a logged reason, and the board
// keeps showing approved content; honest traffic still gets through.
func TestManInTheMiddleCannotChangeTheBoard(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "384x128"
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	// The first item stays up for the whole test, so every check of the
	// frame is about attacks, not rotation.
	h.setItemSeconds("default", def.Items[0].ID, 3600)
	h.approveAll()
	board := h.addBoard("Bảng LED cổng UBND", size)
	proxy := newMITM(t, h.srv.URL)
	proxy.target = board.Token
	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	// The key is pinned from the real controller, as `codong board add`
	// prints it; the proxy is in the path from the very first message.
	key := controllerKey(t, h)
	runPlayerWith(t, proxy.srv.URL, dir, frame, player.Config{Token: board.Token, ControllerKey: key})
	waitFrame(t, frame, h.expectedAsset(def.Items[0].Text, size), "honest start")

	// Another board behind the same proxy, whose manifests the swap
	// attack sends to ours.
	other := h.addBoard("Màn hình hội trường", "1920x1080")
	otherDir := t.TempDir()
	runPlayerWith(t, proxy.srv.URL, otherDir, filepath.Join(otherDir, "frame.png"), player.Config{Token: other.Token, ControllerKey: key})
	waitFrame(t, filepath.Join(otherDir, "frame.png"), h.expectedAsset(def.Items[0].Text, "1920x1080"), "the other board")

	// An honest edit first, so that the very first manifest is an old
	// one the replay attack can send.
	edit := func(text string) {
		h.editSlogan(def.Items[0].SloganID, text)
	}
	edit("Khẩu hiệu đã được duyệt cho bảng cổng UBND")
	approved := h.expectedAsset("Khẩu hiệu đã được duyệt cho bảng cổng UBND", size)
	waitFrame(t, frame, approved, "honest edit")

	tests := []struct {
		mode, reason string
	}{
		{"payload", "chữ ký"},
		{"resign", "chữ ký"},
		{"asset", "sha256"},
		{"replay", "cũ hơn"},
		{"swap", "không phải bảng này"},
	}
	for i, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			proxy.setMode(tc.mode)
			before := len(proxy.refusals())
			edit("Khẩu hiệu sửa lần " + itoa(int64(i+1)) + " cho bảng cổng UBND")
			waitRefusal(t, proxy, before, tc.reason)
			waitFrame(t, frame, approved, "after a "+tc.mode+" attack")
		})
	}
	// A forged refusal of the board's token (no signed revocation) must
	// neither blank the board nor send it back to pairing.
	proxy.setMode("forged401")
	proxy.dropLinks()
	time.Sleep(3 * time.Second) // several reconnection attempts
	waitFrame(t, frame, approved, "after forged refusals")
	if data, err := os.ReadFile(filepath.Join(dir, "cache", "board.json")); err != nil || !strings.Contains(string(data), board.Token) {
		t.Fatalf("a forged 401 made the board forget its token: %s, %v", data, err)
	}

	proxy.setMode("")
	final := "Khẩu hiệu thật sau khi hết bị tấn công"
	edit(final)
	// Every refused link made the player back off further (full jitter,
	// capped at 60 s), as it should against a hostile network: the honest
	// edit arrives at the next attempt, which may be a minute away.
	waitFrameWithin(t, frame, h.expectedAsset(final, size), "honest edit after the attacks", 90*time.Second)
}

func waitRefusal(t *testing.T, proxy *mitm, before int, reason string) {
	t.Helper()
	// The player backs off further after each refused link: allow it.
	for deadline := time.Now().Add(80 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if r := proxy.refusals(); len(r) > before {
			if !strings.Contains(r[len(r)-1], reason) {
				t.Fatalf("refused for %q, want a reason mentioning %q", r[len(r)-1], reason)
			}
			return
		}
	}
	t.Fatal("the player did not refuse the tampered message")
}
