package player

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/playlists"
	"codong/protocol"
)

// fakeController plays the controller's part on loopback: it serves
// pictures and hands each link to the test, which speaks for it.
type fakeController struct {
	t    *testing.T
	srv  *httptest.Server
	priv ed25519.PrivateKey
	// picture is the one every test has; sum is its hash.
	picture []byte
	sum     string
	// pictures are all it serves, by hash; set up before the player runs.
	pictures map[string][]byte
	links    chan *websocket.Conn
	fetches  atomic.Int32
	// downloadsClosed gets a value when an HTTP connection closes; links
	// are hijacked and never count.
	downloadsClosed chan struct{}
	// refusal, when set, answers every connect with a 401 carrying the
	// revocation it returns (nil: a bare 401).
	refusal func(token, nonce string) *protocol.Revocation
	// level is the protocol level its handshake answer announces; ""
	// answers as a controller older than 2.1 does, with none.
	level string
}

func newFakeController(t *testing.T, priv ed25519.PrivateKey) *fakeController {
	fc := &fakeController{
		t: t, priv: priv, pictures: make(map[string][]byte),
		links: make(chan *websocket.Conn, 4), downloadsClosed: make(chan struct{}, 16),
	}
	fc.sum = fc.addPicture(color.RGBA{R: 255, A: 255})
	fc.picture = fc.pictures[fc.sum]
	mux := http.NewServeMux()
	mux.HandleFunc(protocol.ConnectPath, fc.connect)
	mux.HandleFunc(protocol.AssetPath+"{sum}", fc.asset)
	fc.srv = httptest.NewUnstartedServer(mux)
	fc.srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateClosed {
			select {
			case fc.downloadsClosed <- struct{}{}:
			default:
			}
		}
	}
	fc.srv.Start()
	t.Cleanup(fc.srv.Close)
	return fc
}

// addPicture makes a board-sized picture with one dot of c, serves it,
// and returns its hash.
func (fc *fakeController) addPicture(c color.Color) string {
	img := image.NewRGBA(image.Rect(0, 0, 64, 32))
	img.Set(3, 3, c)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		fc.t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	fc.pictures[hex.EncodeToString(sum[:])] = buf.Bytes()
	return hex.EncodeToString(sum[:])
}

func (fc *fakeController) url() *url.URL {
	u, _ := url.Parse(fc.srv.URL)
	return u
}

func (fc *fakeController) connect(w http.ResponseWriter, r *http.Request) {
	token, _ := bytes.CutPrefix([]byte(r.Header.Get("Authorization")), []byte("Bearer "))
	nonce := r.Header.Get(protocol.NonceHeader)
	if string(token) != testToken || nonce == "" {
		fc.t.Errorf("connect with token %q and nonce %q", token, nonce)
	}
	if fc.refusal != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]any{"code": "bad_board_token", "revocation": fc.refusal(string(token), nonce)})
		return
	}
	var hdr http.Header
	if fc.level != "" {
		hdr = http.Header{protocol.LevelHeader: {fc.level}}
	}
	conn, err := (&websocket.Upgrader{}).Upgrade(w, r, hdr)
	if err != nil {
		fc.t.Errorf("upgrade: %v", err)
		return
	}
	fc.t.Cleanup(func() { conn.Close() })
	fc.links <- conn
}

func (fc *fakeController) asset(w http.ResponseWriter, r *http.Request) {
	fc.fetches.Add(1)
	picture, ok := fc.pictures[r.PathValue("sum")]
	if !ok || r.Header.Get("Authorization") != "Bearer "+testToken {
		http.NotFound(w, r)
		return
	}
	w.Write(picture)
}

// link waits for the player to connect.
func (fc *fakeController) link() *websocket.Conn {
	return within(fc.t, fc.links, "the player's link")
}

func (fc *fakeController) sendManifest(conn *websocket.Conn, m *playlists.Manifest) {
	signed, err := protocol.Sign(m, fc.priv)
	if err != nil {
		fc.t.Fatal(err)
	}
	if err := conn.WriteJSON(protocol.NewManifest(signed)); err != nil {
		fc.t.Fatal(err)
	}
}

// expect reads the player's next message, which must be of type typ.
func expect(t *testing.T, conn *websocket.Conn, typ string) protocol.Message {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := conn.ReadMessage()
	if err != nil {
		t.Fatalf("waiting for %s: %v", typ, err)
	}
	msg, err := protocol.Decode(data)
	if err != nil || msg.Type != typ {
		t.Fatalf("got %s (%v), want %s", data, err, typ)
	}
	return msg
}

// within receives from ch, failing the test if nothing comes: a hang is
// a bug, not slowness.
func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("no %s", what)
		panic("unreachable")
	}
}

func testManifest(board, revision int64, sum string) *playlists.Manifest {
	return &playlists.Manifest{
		Revision: revision,
		Board:    playlists.Board{ID: board, Name: "Cổng chính", Width: 64, Height: 32},
		Content: playlists.Content{Default: "default", Playlists: []playlists.Playlist{{Slug: "default", Name: "Mặc định", Items: []playlists.Item{
			{ID: 1, Title: "Chào mừng", Seconds: 10, Asset: sum},
		}}}},
	}
}

// runUntilEnd runs the player until the test ends, and waits for it to
// stop.
func runUntilEnd(t *testing.T, p *Player) {
	ctx, cancel := context.WithCancel(t.Context())
	stopped := make(chan error, 1)
	go func() { stopped <- p.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		within(t, stopped, "end of the player")
	})
}
