// Package e2e drives the whole loop with real parts: the controller on a
// real SQLite file behind a real HTTP server, and the real player code
// talking to it over a real websocket, showing frames into a PNG file.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"codong/assets"
	"codong/controller"
	"codong/controller/signkey"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/internal/seedtest"
	"codong/internal/storetest"
	"codong/player"
	"codong/player/display/pngfile"
)

type harness struct {
	t     testing.TB
	srv   *httptest.Server
	data  string
	token string // an editor, operator and admin
	// approver is a second person's token: the four-eyes rule refuses
	// approvals by the author of a draft.
	approver string
	ctx      context.Context
	cancel   context.CancelFunc
	// stop shuts the controller down, as a crash or power cut would
	// for its boards.
	stop   func()
	server *controller.Server
	// client calls the API; nil: http.DefaultClient.
	client *http.Client
}

func startController(t testing.TB) *harness {
	t.Helper()
	return startControllerAt(t, t.TempDir(), "")
}

// startControllerAt runs a controller on a data directory, listening on
// addr ("" for any free loopback port), as a restart would.
func startControllerAt(t testing.TB, data, addr string) *harness {
	return startControllerWith(t, data, addr, nil)
}

// startControllerWith is startControllerAt with more of the controller's
// configuration (its clock) set by configure.
func startControllerWith(t testing.TB, data, addr string, configure func(*controller.Config)) *harness {
	t.Helper()
	return launch(t, data, addr, configure, true)
}

// startFresh runs a controller as a new installation starts: nobody has
// answered the first run's questions, and nothing seeded is approved.
func startFresh(t testing.TB) *harness {
	t.Helper()
	return launch(t, t.TempDir(), "", nil, false)
}

// launch runs a controller; firstRun answers the first run's questions
// (the official list's commune) and approves the seed, as tests of
// anything else need.
func launch(t testing.TB, data, addr string, configure func(*controller.Config), firstRun bool) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, data: data, ctx: ctx, cancel: cancel}
	cfg := controller.Config{
		DataDir:       h.data,
		AdminPassword: "mật khẩu thử nghiệm đủ dài",
		// A low work factor keeps login tests fast; production uses the default.
		PasswordIterations: 1000,
		Logger:             testLogger(t),
		Announce:           func(line string) { t.Log(line) },
	}
	if configure != nil {
		configure(&cfg)
	}
	if cfg.Database == "" {
		storetest.FreshIn(t, cfg.DataDir, func(path string) (io.Closer, error) { return store.Open(context.Background(), path) })
	}
	s, err := controller.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.Start(ctx)
	h.server = s
	h.srv = httptest.NewUnstartedServer(s.Handler())
	if addr != "" {
		h.srv.Listener.Close()
		if h.srv.Listener, err = net.Listen("tcp", addr); err != nil {
			t.Fatal(err)
		}
	}
	h.srv.Start()
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			h.srv.CloseClientConnections()
			h.srv.Close()
			s.Close()
		})
	}
	t.Cleanup(h.stop)
	// An API token made the way `codong token create` makes it: through
	// the same database file, while the controller runs.
	st, err := controller.OpenStore(ctx, h.data, cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	h.token, _, err = staff.CreateAPIToken(ctx, st, cliActor, "e2e", "admin,editor,operator", 0)
	if err == nil {
		h.approver, _, err = staff.CreateAPIToken(ctx, st, cliActor, "e2e phê duyệt", "approver", 0)
	}
	if err == nil && firstRun {
		// The first run, as codong setup does it beside the server.
		err = seedtest.SetUp(ctx, st)
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if firstRun {
		// What a new installation's approver does first: the seeded
		// slogans are drafts, and nothing reaches a board before a
		// person approves.
		h.approveAll()
	}
	return h
}

// editSlogan saves a new text for a slogan, from its latest version, as
// the editor, and has the second person approve it.
func (h *harness) editSlogan(id int64, text string) {
	h.t.Helper()
	h.draftSlogan(id, text)
	h.approveAll()
}

// draftSlogan saves a new text for a slogan, from its latest version,
// as the editor: a draft waiting for approval.
func (h *harness) draftSlogan(id int64, text string) {
	h.t.Helper()
	var cur struct {
		Version int `json:"version"`
	}
	h.api("GET", "/api/v1/slogans/"+itoa(id), nil, &cur)
	h.api("PUT", "/api/v1/slogans/"+itoa(id), map[string]any{"text": text, "style": "classic", "version": cur.Version}, nil)
}

// cliActor is the command line, as the tests use it beside the server.
var cliActor = store.Actor{Key: "cli", Name: "thử nghiệm", Roles: store.AllRoles}

// approveAll approves, as the second person, every draft waiting: the
// only way content reaches a board.
func (h *harness) approveAll() {
	h.t.Helper()
	var waiting []struct {
		ID int64 `json:"id"`
	}
	h.api("GET", "/api/v1/versions?state=pending", nil, &waiting)
	for _, v := range waiting {
		h.as(h.approver, "POST", "/api/v1/versions/"+itoa(v.ID)+"/approve", map[string]string{"comment": "đồng ý"}, nil)
	}
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// api calls the REST API and decodes a JSON answer into out (if not nil).
func (h *harness) api(method, path string, body any, out any) *http.Response {
	h.t.Helper()
	return h.as(h.token, method, path, body, out)
}

// as calls the API with a given token.
func (h *harness) as(token, method, path string, body any, out any) *http.Response {
	h.t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, h.srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := h.client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		h.t.Fatalf("%s %s: %s %s", method, path, resp.Status, data)
	}
	if out != nil {
		if raw, ok := out.(*[]byte); ok {
			*raw = data
		} else if err := json.Unmarshal(data, out); err != nil {
			h.t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
	return resp
}

// expectedAsset is the sha256 the controller's renderer gives a text at a
// size: what the board must end up showing.
func (h *harness) expectedAsset(text, size string) string {
	q := url.Values{"text": {text}, "size": {size}, "style": {"classic"}}
	var png []byte
	h.api("GET", "/api/v1/render?"+q.Encode(), nil, &png)
	return assets.Sum(png)
}

type boardCreated struct {
	Board struct {
		ID int64 `json:"id"`
	} `json:"board"`
	Token string `json:"token"`
}

func (h *harness) addBoard(name, size string) boardCreated {
	var b boardCreated
	h.api("POST", "/api/v1/boards", map[string]string{"name": name, "size": size}, &b)
	return b
}

// startPlayer runs the real player with a png display until the test ends.
func (h *harness) startPlayer(token string) (frame string) {
	h.t.Helper()
	dir := h.t.TempDir()
	frame = filepath.Join(dir, "frame.png")
	runPlayer(h.t, h.srv.URL, token, dir, frame)
	return frame
}

// runPlayer runs the real player with a png display in dir until the
// test ends; it returns a function that stops it earlier.
func runPlayer(t testing.TB, controllerURL, token, dir, frame string) (stop func()) {
	t.Helper()
	return runPlayerWith(t, controllerURL, dir, frame, player.Config{Token: token})
}

// runPlayerWith is runPlayer with more of the player's configuration
// (token, pinned key, display size, clock, a display drawing into frame)
// given in cfg, and with controllerURLs read as --controller reads it
// (one address, or several separated by commas).
// reportEvery is the test players' reporting period. A player of 2.4
// sends its plays with its periodic report (30 s on a real board); tests
// that wait for the report to count plays would wait that long, so their
// boards report every two seconds (within the controller's status rate).
const reportEvery = 2 * time.Second

func runPlayerWith(t testing.TB, controllerURLs, dir, frame string, cfg player.Config) (stop func()) {
	t.Helper()
	if cfg.Display == nil {
		d, err := pngfile.New(frame)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Display = d
	}
	controllers, err := player.ParseControllers(controllerURLs)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		cfg.Controllers, cfg.CacheDir, cfg.Logger = controllers, filepath.Join(dir, "cache"), testLogger(t)
		if cfg.ReportEvery == 0 {
			cfg.ReportEvery = reportEvery
		}
		err := player.Run(ctx, cfg)
		if err != nil {
			t.Errorf("player: %v", err)
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

// waitFrame waits until the frame file holds the picture named sum.
func waitFrame(t testing.TB, frame, sum, what string) {
	t.Helper()
	waitFrameWithin(t, frame, sum, what, 20*time.Second)
}

// waitFrameWithin is waitFrame with its own deadline.
func waitFrameWithin(t testing.TB, frame, sum, what string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	last := ""
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(frame); err == nil {
			if last = assets.Sum(data); last == sum {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s: frame is %.12s…, want %.12s…", what, last, sum)
}

// controllerKey reads the controller's public key as `codong board add`
// prints it.
func controllerKey(t testing.TB, h *harness) string {
	t.Helper()
	key, err := signkey.PublicKey(h.data)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// frameSum is the sha256 of what the board shows now.
func frameSum(t testing.TB, frame string) string {
	t.Helper()
	data, err := os.ReadFile(frame)
	if err != nil {
		t.Fatal(err)
	}
	return assets.Sum(data)
}

// status calls the API with a token and returns only the status code.
func (h *harness) status(token, method, path string) int {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
