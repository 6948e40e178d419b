// Package browsertest drives a headless Chromium through the Chrome
// DevTools Protocol, for tests that look at pages the way a person does:
// open a page, run a script in it, wait for it to show something, take a
// picture of it, print it. Only tests import it.
package browsertest

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

const (
	startWait = 30 * time.Second // a cold Chromium on a busy CI runner is slow
	quitWait  = 5 * time.Second  // from Browser.close to the process gone
	readLimit = 64 << 20         // full-page screenshots arrive base64-encoded
)

// Viewport is the size of a page's window in CSS pixels.
type Viewport struct {
	Width, Height int
	Mobile        bool // lay out by the page's <meta name="viewport">, as a phone does
}

// Two viewports the web UI is looked at in.
var (
	Desktop = Viewport{Width: 1280, Height: 1000}
	Phone   = Viewport{Width: 360, Height: 740, Mobile: true}
)

// Options says what screen the browser believes it has.
type Options struct {
	Viewport // zero: Desktop

	// Scale is device pixels per CSS pixel, as on a scaled desktop; 0
	// means 1. At any other scale the window is about the viewport's
	// size and is not set exactly: emulating the scale would scale the
	// page too, but its ResizeObserver then reports CSS pixels as device
	// pixels.
	Scale float64
}

// Browser is one headless Chromium showing one page.
type Browser struct {
	t    testing.TB
	conn *conn // nil until DevTools answered

	mu      sync.Mutex // guards the fields below
	console []string   // what the page and the browser logged, logged when the test ends
	thrown  []string   // uncaught script exceptions

	dialogs dialogs
}

// Start runs Chromium with a fresh profile, DevTools on loopback only,
// and attaches to its page. The test is skipped if Chromium is not
// installed. Chromium is closed and waited for when the test ends.
func Start(t testing.TB, opts Options) *Browser {
	t.Helper()
	bin := chromium(t)
	if opts.Viewport == (Viewport{}) {
		opts.Viewport = Desktop
	}
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-proxy-server", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
		"--user-data-dir=" + t.TempDir(), fmt.Sprintf("--window-size=%d,%d", opts.Width, opts.Height)}
	scaled := opts.Scale != 0 && opts.Scale != 1
	if scaled && opts.Mobile {
		t.Fatal("browsertest: a mobile viewport is emulated at scale 1 only")
	}
	if scaled {
		args = append(args, "--force-device-scale-factor="+strconv.FormatFloat(opts.Scale, 'f', -1, 64))
	}
	cmd := exec.Command(bin, append(args, "about:blank")...)
	ownGroup(cmd)
	stderr := &stderrWatch{found: make(chan string, 1)}
	cmd.Stderr = stderr
	cmd.WaitDelay = quitWait // helpers holding stderr open must not hang Wait
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	b := &Browser{t: t}
	t.Cleanup(func() { b.close(cmd, exited, stderr) })

	var wsURL string
	select {
	case wsURL = <-stderr.found:
	case <-exited:
		t.Fatalf("chromium exited before DevTools listened:\n%s", stderr.tail())
	case <-time.After(startWait):
		t.Fatalf("chromium did not announce DevTools within %v:\n%s", startWait, stderr.tail())
	}
	if u, err := url.Parse(wsURL); err != nil || u.Hostname() != "127.0.0.1" {
		t.Fatalf("DevTools listens on %q, want 127.0.0.1", wsURL)
	}
	d := websocket.Dialer{HandshakeTimeout: callWait}
	ws, _, err := d.Dial(wsURL, nil)
	if err != nil {
		t.Fatalf("connect to DevTools %s: %v", wsURL, err)
	}
	ws.SetReadLimit(readLimit)
	b.conn = newConn(ws, b.onEvent)
	if err := b.conn.attach(); err != nil {
		t.Fatalf("attach to the page: %v", err)
	}
	if !scaled {
		if err := b.SetViewport(opts.Viewport); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// chromium finds Debian's chromium, or skips the test.
func chromium(t testing.TB) string {
	t.Helper()
	if bin, err := exec.LookPath("chromium"); err == nil {
		return bin
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	t.Skip("chromium not found; install it (apt-get install -y chromium) to run the browser test")
	return ""
}

// close asks Chromium to quit, kills it and its helpers if it does not,
// and waits for it.
func (b *Browser) close(cmd *exec.Cmd, exited chan struct{}, stderr *stderrWatch) {
	if b.conn != nil {
		b.conn.send("", "Browser.close", nil, nil)
		b.conn.close()
	}
	select {
	case <-exited:
	case <-time.After(quitWait):
	}
	killGroup(cmd) // whatever helper outlived the browser
	<-exited
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, line := range b.console {
		b.t.Log("browser: " + line)
	}
	if b.t.Failed() {
		b.t.Logf("chromium stderr:\n%s", stderr.tail())
	}
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
