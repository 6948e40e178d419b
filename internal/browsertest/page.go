package browsertest

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// The limits only end a test that would otherwise hang: a wait returns
// as soon as what it waits for is there. They are generous because the
// race detector on two shared cores, with the e2e tests in parallel,
// makes a photo's previews take over 20 s (seen in CI); a speed target
// belongs in a benchmark, never here.
const (
	loadWait = 60 * time.Second // a navigation up to its load event
	// waitLimit bounds every wait for something a person would wait for:
	// a preview, a dashboard's next refresh, a board picking up a change.
	waitLimit = 60 * time.Second
)

// Call sends a DevTools command to the page and decodes its result into
// out (if not nil), for what the other methods do not cover.
func (b *Browser) Call(method string, params, out any) error {
	return b.conn.call(method, params, out)
}

// Navigate opens rawURL and waits for it to load.
func (b *Browser) Navigate(rawURL string) {
	b.t.Helper()
	b.LoadAfter("open "+rawURL, func() error {
		var r struct {
			ErrorText string `json:"errorText"`
		}
		if err := b.Call("Page.navigate", map[string]any{"url": rawURL}, &r); err != nil {
			return err
		}
		if r.ErrorText != "" {
			return errors.New(r.ErrorText)
		}
		return nil
	})
}

// LoadAfter does action (a navigation, a click on a submit button) and
// waits for the page it leads to to finish loading; what names the
// action in failures.
func (b *Browser) LoadAfter(what string, action func() error) {
	b.t.Helper()
	loaded := b.conn.expect("Page.loadEventFired")
	if err := action(); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	select {
	case <-loaded:
	case <-time.After(loadWait):
		b.t.Fatalf("%s: the page did not finish loading within %v", what, loadWait)
	}
}

// Eval runs a script in the page, as if a person's action started it,
// waits for a promise it returns, and decodes its value into out (if not
// nil).
func (b *Browser) Eval(expr string, out any) error {
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
	if err := b.Call("Runtime.evaluate", params, &r); err != nil {
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

// Wait evaluates expr into out until ok says yes, for up to 20 seconds,
// and fails the test with what and the last value if it never does.
func (b *Browser) Wait(what, expr string, out any, ok func() bool) {
	b.t.Helper()
	deadline := time.Now().Add(waitLimit)
	var err error
	for time.Now().Before(deadline) {
		if err = b.Eval(expr, out); err == nil && ok() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	last, _ := json.Marshal(out)
	b.t.Fatalf("%s: not within %v; last saw %s (error %v)", what, waitLimit, last, err)
}

// SetViewport gives the page a window of exactly v, one device pixel per
// CSS pixel.
func (b *Browser) SetViewport(v Viewport) error {
	return b.Call("Emulation.setDeviceMetricsOverride", map[string]any{
		"width": v.Width, "height": v.Height, "deviceScaleFactor": 1, "mobile": v.Mobile}, nil)
}

// Screenshot takes a PNG of what the window shows, in device pixels.
func (b *Browser) Screenshot() ([]byte, error) {
	var shot struct {
		Data []byte `json:"data"` // base64 in JSON, decoded by encoding/json
	}
	err := b.Call("Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
	return shot.Data, err
}

// ScreenshotPage takes a PNG of the whole page, not only what fits the
// window, in CSS pixels.
func (b *Browser) ScreenshotPage() ([]byte, error) {
	var m struct {
		Content struct {
			Width  float64 `json:"width"`
			Height float64 `json:"height"`
		} `json:"cssContentSize"`
	}
	if err := b.Call("Page.getLayoutMetrics", nil, &m); err != nil {
		return nil, err
	}
	var shot struct {
		Data []byte `json:"data"`
	}
	clip := map[string]any{"x": 0, "y": 0, "width": m.Content.Width, "height": m.Content.Height, "scale": 1}
	err := b.Call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true, "clip": clip}, &shot)
	return shot.Data, err
}
