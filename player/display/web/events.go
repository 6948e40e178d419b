package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Timing of the event stream. The ping keeps an idle stream from looking
// dead; writeWait drops a page that stopped reading.
const (
	pingEvery  = 20 * time.Second
	writeWait  = 10 * time.Second
	retryAfter = 1000 // ms the browser waits before reconnecting
)

// serveEvents streams the newest frame to one page: at once, then at
// every Show. Frames shown while the page is slow to read are skipped,
// so Show never waits for a browser.
func (d *Display) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	d.log.Info("trình duyệt kiosk đã mở trang hiển thị", "remote", r.RemoteAddr)
	defer d.log.Info("trình duyệt kiosk đã rời trang hiển thị", "remote", r.RemoteAddr)
	send := func(format string, args ...any) bool {
		rc.SetWriteDeadline(time.Now().Add(writeWait))
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("retry: %d\n\n", retryAfter) {
		return
	}
	d.addPage(1)
	defer d.addPage(-1)
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	var sent uint64
	for {
		d.mu.Lock()
		ev, changed := d.frame, d.changed
		d.mu.Unlock()
		if ev.Seq != sent {
			data, err := json.Marshal(ev)
			if err != nil || !send("event: frame\ndata: %s\n\n", data) {
				return
			}
			sent = ev.Seq
		}
		select {
		case <-changed:
		case <-ping.C:
			if !send(": ping\n\n") {
				return
			}
		case <-r.Context().Done():
			return
		case <-d.done:
			return
		}
	}
}
