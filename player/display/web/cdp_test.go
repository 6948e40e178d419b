//go:build linux

package web

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// A minimal Chrome DevTools Protocol client: one headless Chromium with
// one page, enough to open the kiosk page, read a value from it and take
// a screenshot.

const (
	chromiumPath  = "/usr/bin/chromium"
	browserStart  = 30 * time.Second // a cold Chromium on a busy runner is slow
	cdpCallWait   = 15 * time.Second
	cdpReadLimit  = 32 << 20 // screenshots arrive base64-encoded
	devToolsMatch = `DevTools listening on (ws://\S+)`
)

type browser struct {
	t       *testing.T
	conn    *websocket.Conn
	session string

	mu      sync.Mutex // guards next and pending, and serializes writes
	next    int64
	pending map[int64]chan cdpReply
}

type cdpReply struct {
	ID     int64           `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// startBrowser runs headless Chromium with a w×h viewport. At scale 1 the
// viewport is exactly w×h; at any other scale Chromium believes its
// screen has scale device pixels per CSS pixel, like a scaled desktop,
// and its window is about w×h CSS pixels. Chromium and its helpers are
// killed when the test ends.
func startBrowser(t *testing.T, w, h int, scale float64) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("%s not found; install it (apt-get install -y chromium) to run the browser test", chromiumPath)
	}
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-proxy-server", "--remote-debugging-port=0",
		"--user-data-dir=" + t.TempDir(), fmt.Sprintf("--window-size=%d,%d", w, h)}
	if scale != 1 {
		// Emulation.setDeviceMetricsOverride would scale the page too, but
		// its ResizeObserver then reports CSS pixels as device pixels.
		args = append(args, "--force-device-scale-factor="+strconv.FormatFloat(scale, 'f', -1, 64))
	}
	cmd := exec.Command(chromiumPath, append(args, "about:blank")...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helpers die with it
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	})
	wsURL := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(devToolsMatch)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				wsURL <- m[1]
				break
			}
		}
		io.Copy(io.Discard, stderr) // a full pipe would stall Chromium
	}()
	b := &browser{t: t, pending: map[int64]chan cdpReply{}}
	select {
	case u := <-wsURL:
		b.conn, _, err = websocket.DefaultDialer.Dial(u, nil)
		if err != nil {
			t.Fatalf("connect to DevTools: %v", err)
		}
	case <-time.After(browserStart):
		t.Fatalf("chromium did not announce DevTools within %v", browserStart)
	}
	b.conn.SetReadLimit(cdpReadLimit)
	t.Cleanup(func() { b.conn.Close() })
	go b.readLoop()
	b.attach()
	if scale == 1 {
		b.call("Emulation.setDeviceMetricsOverride", map[string]any{
			"width": w, "height": h, "deviceScaleFactor": 1, "mobile": false}, nil)
	}
	return b
}

func (b *browser) attach() {
	var target struct{ TargetID string }
	b.send("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var att struct{ SessionID string }
	b.send("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att)
	b.session = att.SessionID
}

// readLoop hands each reply to its caller; events are not needed.
func (b *browser) readLoop() {
	for {
		_, data, err := b.conn.ReadMessage()
		if err != nil {
			return
		}
		var r cdpReply
		if json.Unmarshal(data, &r) != nil || r.ID == 0 {
			continue
		}
		b.mu.Lock()
		ch := b.pending[r.ID]
		delete(b.pending, r.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- r
		}
	}
}

// call sends a command to the page; send to any session ("" is the
// browser). A protocol error fails the test.
func (b *browser) call(method string, params, out any) { b.send(b.session, method, params, out) }

func (b *browser) send(session, method string, params, out any) {
	b.t.Helper()
	msg := map[string]any{"method": method, "params": params}
	if params == nil {
		msg["params"] = map[string]any{}
	}
	if session != "" {
		msg["sessionId"] = session
	}
	ch := make(chan cdpReply, 1)
	b.mu.Lock()
	b.next++
	msg["id"] = b.next
	b.pending[b.next] = ch
	err := b.conn.WriteJSON(msg)
	b.mu.Unlock()
	if err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	select {
	case r := <-ch:
		if r.Error != nil {
			b.t.Fatalf("%s: %s", method, r.Error.Message)
		}
		if out != nil {
			if err := json.Unmarshal(r.Result, out); err != nil {
				b.t.Fatalf("%s: %v", method, err)
			}
		}
	case <-time.After(cdpCallWait):
		b.t.Fatalf("%s: no reply within %v", method, cdpCallWait)
	}
}

func (b *browser) navigate(url string) {
	b.call("Page.navigate", map[string]any{"url": url}, nil)
}

// eval returns the value of a JavaScript expression, as a string.
func (b *browser) eval(expr string) string {
	var res struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
	}
	b.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res)
	switch v := res.Result.Value.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// waitEval waits until expr evaluates to want.
func (b *browser) waitEval(expr, want string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for got := b.eval(expr); got != want; got = b.eval(expr) {
		if time.Now().After(deadline) {
			b.t.Fatalf("%s is %q, want %q", expr, got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (b *browser) screenshot() image.Image {
	b.t.Helper()
	var res struct{ Data string }
	b.call("Page.captureScreenshot", map[string]any{"format": "png"}, &res)
	raw, err := base64.StdEncoding.DecodeString(res.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		b.t.Fatal(err)
	}
	return img
}
