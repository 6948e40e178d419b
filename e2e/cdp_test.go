package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// A minimal Chrome DevTools Protocol client: one headless Chromium, one
// page, and the three things a test needs from it (open a page, run a
// script, take a picture). Enough to drive the web UI like a person.

const (
	browserStartWait = 30 * time.Second // a cold Chromium on a busy CI runner is slow
	cdpCallWait      = 15 * time.Second // any single protocol call
	pageLoadWait     = 20 * time.Second // a navigation up to its load event
	cdpReadLimit     = 64 << 20         // full-page screenshots arrive base64-encoded
)

type browser struct {
	t       *testing.T
	conn    *websocket.Conn
	session string // the page's flat session id

	writeMu sync.Mutex
	mu      sync.Mutex // guards the fields below
	nextID  int64
	pending map[int64]chan cdpMessage
	waiters map[string][]chan struct{}
	console []string // browser-side errors, logged when the test ends
	thrown  []string // uncaught script exceptions: a bug in app.js

	readDone chan struct{}
}

type cdpMessage struct {
	ID        int64           `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// startBrowser runs Debian's chromium and attaches to its blank page. The
// browser is closed and waited for when the test ends.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if _, err := os.Stat("/usr/bin/chromium"); err != nil {
			t.Skip("chromium not found (apt-get install chromium); skipping the browser test")
		}
		bin = "/usr/bin/chromium"
	}
	cmd := exec.Command(bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-proxy-server", "--remote-debugging-port=0",
		"--user-data-dir="+t.TempDir(), "--window-size=1280,1000", "about:blank")
	stderr := &stderrWatch{found: make(chan string, 1)}
	cmd.Stderr = stderr
	cmd.WaitDelay = 5 * time.Second // children holding stderr open must not hang Wait
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	b := &browser{t: t, pending: map[int64]chan cdpMessage{}, waiters: map[string][]chan struct{}{}, readDone: make(chan struct{})}
	t.Cleanup(func() { b.close(cmd, exited, stderr) })

	var wsURL string
	select {
	case wsURL = <-stderr.found:
	case <-exited:
		t.Fatalf("chromium exited before DevTools listened:\n%s", stderr.tail())
	case <-time.After(browserStartWait):
		t.Fatalf("chromium did not announce DevTools within %v:\n%s", browserStartWait, stderr.tail())
	}
	if u, err := url.Parse(wsURL); err != nil || u.Hostname() != "127.0.0.1" {
		t.Fatalf("DevTools listens on %q, want 127.0.0.1", wsURL)
	}
	d := websocket.Dialer{HandshakeTimeout: cdpCallWait}
	b.conn, _, err = d.Dial(wsURL, nil)
	if err != nil {
		t.Fatalf("connect to DevTools %s: %v", wsURL, err)
	}
	b.conn.SetReadLimit(cdpReadLimit)
	go b.readLoop()
	if err := b.attach(); err != nil {
		t.Fatalf("attach to the page: %v", err)
	}
	return b
}

// close asks Chromium to quit, kills it if it does not, and waits for it.
func (b *browser) close(cmd *exec.Cmd, exited chan struct{}, stderr *stderrWatch) {
	if b.conn != nil {
		b.send("", "Browser.close", nil, nil)
		b.conn.Close()
		<-b.readDone
	}
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, line := range b.console {
		b.t.Log("browser: " + line)
	}
	if b.t.Failed() {
		b.t.Logf("chromium stderr:\n%s", stderr.tail())
	}
}

func (b *browser) attach() error {
	var targets struct {
		TargetInfos []struct {
			TargetID string `json:"targetId"`
			Type     string `json:"type"`
		} `json:"targetInfos"`
	}
	if err := b.send("", "Target.getTargets", nil, &targets); err != nil {
		return err
	}
	id := ""
	for _, ti := range targets.TargetInfos {
		if ti.Type == "page" {
			id = ti.TargetID
			break
		}
	}
	if id == "" { // the blank page may not be up yet: open our own
		var created struct {
			TargetID string `json:"targetId"`
		}
		if err := b.send("", "Target.createTarget", map[string]any{"url": "about:blank"}, &created); err != nil {
			return err
		}
		id = created.TargetID
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.send("", "Target.attachToTarget", map[string]any{"targetId": id, "flatten": true}, &att); err != nil {
		return err
	}
	b.mu.Lock()
	b.session = att.SessionID // read by readLoop to route events
	b.mu.Unlock()
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		if err := b.call(domain, nil, nil); err != nil {
			return err
		}
	}
	return nil
}

// call sends a command to the page.
func (b *browser) call(method string, params, out any) error {
	return b.send(b.session, method, params, out)
}

// send sends one command and waits, bounded by cdpCallWait, for its reply.
func (b *browser) send(session, method string, params, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), cdpCallWait)
	defer cancel()
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	reply := make(chan cdpMessage, 1)
	b.pending[id] = reply
	b.mu.Unlock()
	defer func() { b.mu.Lock(); delete(b.pending, id); b.mu.Unlock() }()

	msg := map[string]any{"id": id, "method": method}
	if session != "" {
		msg["sessionId"] = session
	}
	if params != nil {
		msg["params"] = params
	}
	b.writeMu.Lock()
	b.conn.SetWriteDeadline(time.Now().Add(cdpCallWait))
	err := b.conn.WriteJSON(msg)
	b.writeMu.Unlock()
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-reply:
		if m.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, m.Error.Message, m.Error.Code)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-b.readDone:
		return fmt.Errorf("%s: connection to the browser closed", method)
	case <-ctx.Done():
		return fmt.Errorf("%s: no reply within %v", method, cdpCallWait)
	}
}

func (b *browser) readLoop() {
	defer close(b.readDone)
	for {
		var m cdpMessage
		if err := b.conn.ReadJSON(&m); err != nil {
			return
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.pending[m.ID]; ok {
				ch <- m
			}
		} else if m.SessionID == b.session {
			for _, ch := range b.waiters[m.Method] {
				close(ch)
			}
			delete(b.waiters, m.Method)
			b.noteConsole(m)
		}
		b.mu.Unlock()
	}
}

// noteConsole keeps what a person would see in the browser's console.
func (b *browser) noteConsole(m cdpMessage) {
	switch m.Method {
	case "Runtime.exceptionThrown":
		var p struct {
			Details struct {
				Text      string `json:"text"`
				URL       string `json:"url"`
				Line      int    `json:"lineNumber"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		json.Unmarshal(m.Params, &p)
		d := p.Details
		b.thrown = append(b.thrown, fmt.Sprintf("%s:%d: %s %s", d.URL, d.Line+1, d.Text, d.Exception.Description))
	case "Log.entryAdded":
		var p struct {
			Entry struct {
				Level string `json:"level"`
				Text  string `json:"text"`
				URL   string `json:"url"`
			} `json:"entry"`
		}
		json.Unmarshal(m.Params, &p)
		if p.Entry.Level == "verbose" {
			return
		}
		b.console = append(b.console, fmt.Sprintf("%s: %s %s", p.Entry.Level, p.Entry.Text, p.Entry.URL))
	}
}

// expect returns a channel closed at the next event named method; ask for
// it before doing what causes the event.
func (b *browser) expect(method string) <-chan struct{} {
	ch := make(chan struct{})
	b.mu.Lock()
	b.waiters[method] = append(b.waiters[method], ch)
	b.mu.Unlock()
	return ch
}

// loadAfter does action (a navigation, a click on a submit button) and
// waits for the page it leads to to finish loading.
func (b *browser) loadAfter(what string, action func() error) {
	b.t.Helper()
	loaded := b.expect("Page.loadEventFired")
	if err := action(); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	select {
	case <-loaded:
	case <-time.After(pageLoadWait):
		b.t.Fatalf("%s: the page did not finish loading within %v", what, pageLoadWait)
	}
}

func (b *browser) navigate(rawURL string) {
	b.t.Helper()
	b.loadAfter("open "+rawURL, func() error {
		var r struct {
			ErrorText string `json:"errorText"`
		}
		if err := b.call("Page.navigate", map[string]any{"url": rawURL}, &r); err != nil {
			return err
		}
		if r.ErrorText != "" {
			return errors.New(r.ErrorText)
		}
		return nil
	})
}

// eval runs a script in the page, waits for a promise it returns, and
// decodes its value into out (if not nil).
func (b *browser) eval(expr string, out any) error {
	var r struct {
		Result struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	params := map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true, "userGesture": true}
	if err := b.call("Runtime.evaluate", params, &r); err != nil {
		return err
	}
	if e := r.Exception; e != nil {
		return fmt.Errorf("script failed: %s %s", e.Text, e.Exception.Description)
	}
	if out == nil {
		return nil
	}
	if len(r.Result.Value) == 0 {
		return fmt.Errorf("script returned no value (a %s)", r.Result.Type)
	}
	return json.Unmarshal(r.Result.Value, out)
}

// screenshot takes a PNG of the whole page, not only what fits the window.
func (b *browser) screenshot() ([]byte, error) {
	var m struct {
		Content struct {
			Width  float64 `json:"width"`
			Height float64 `json:"height"`
		} `json:"cssContentSize"`
	}
	if err := b.call("Page.getLayoutMetrics", nil, &m); err != nil {
		return nil, err
	}
	var shot struct {
		Data []byte `json:"data"` // base64 in JSON, decoded by encoding/json
	}
	clip := map[string]any{"x": 0, "y": 0, "width": m.Content.Width, "height": m.Content.Height, "scale": 1}
	err := b.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true, "clip": clip}, &shot)
	return shot.Data, err
}

// uncaught returns the script exceptions the pages threw so far.
func (b *browser) uncaught() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.thrown...)
}

var devtoolsLine = regexp.MustCompile(`DevTools listening on (ws://\S+)\r?\n`)

// stderrWatch takes Chromium's stderr: it finds the DevTools address and
// keeps the last lines for failure messages.
type stderrWatch struct {
	mu    sync.Mutex
	buf   []byte
	found chan string
	sent  bool
}

func (w *stderrWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if !w.sent {
		if m := devtoolsLine.FindSubmatch(w.buf); m != nil {
			w.sent = true
			w.found <- string(m[1])
		}
	}
	if len(w.buf) > 64<<10 {
		w.buf = append([]byte(nil), w.buf[len(w.buf)-16<<10:]...)
	}
	return len(p), nil
}

func (w *stderrWatch) tail() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.TrimSpace(string(w.buf))
}
