// Package web is the display for a kiosk browser: it serves, on the
// loopback interface only, a page that draws each frame at the board's
// exact pixel size and place on the screen (--region WxH+X+Y), e.g.
//
//	chromium --kiosk --app=http://127.0.0.1:PORT
//
// The page learns of new frames from a Server-Sent Events stream and
// fetches each picture from /frame/{sha256}.png; it reconnects by itself
// when the player restarts. Show never waits for the browser: a slow page
// skips to the newest frame.
//
// Brightness scales every pixel; 0 or less is black, like Off, and above
// 1 is full. A scrolling strip enters at the board's right edge, moves
// left at ScrollSpeed pixels per second until it has left at the left
// edge, then starts again.
package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image/png"
	"log/slog"
	"math"
	"net"
	"net/http"
	"sync"

	"codong/player/display"
)

// DefaultAddr lets the system pick a free port on the loopback interface.
const DefaultAddr = "127.0.0.1:0"

// maxPixels bounds a picture the browser is asked to decode: twice the
// widest strip the renderer makes for a 1920×1080 board (16384×1080).
const maxPixels = 1 << 25

// Options are the display's settings besides its address.
type Options struct {
	// Region places the board on the screen. Zero means the frame's own
	// size at the top-left corner.
	Region Region
	Logger *slog.Logger
}

// Display serves the kiosk page and the frames it shows.
type Display struct {
	log    *slog.Logger
	region Region
	ln     net.Listener
	srv    *http.Server
	done   chan struct{} // closed by Close: event streams end

	mu      sync.Mutex
	frame   frameEvent // the newest; Seq 0 before the first Show
	png     []byte     // the newest picture, named frame.ID
	changed chan struct{}
	closed  bool
	// pages counts the event streams open: pages drawing the frames.
	// pagesChanged is closed and replaced when it changes.
	pages        int
	pagesChanged chan struct{}
}

var (
	_ display.Display = (*Display)(nil)
	_ display.Watched = (*Display)(nil)
)

// noPage is the board's display problem while no browser has the page.
const noPage = "Trang hiển thị chưa mở trong trình duyệt nào: bảng không hiện gì. Mở trình duyệt ở chế độ kiosk tới trang của trình phát."

// Unseen is noPage while no browser has the page open.
func (d *Display) Unseen() (string, <-chan struct{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pages > 0 {
		return "", d.pagesChanged
	}
	return noPage, d.pagesChanged
}

// addPage counts a page opening (+1) or closing (-1).
func (d *Display) addPage(n int) {
	d.mu.Lock()
	d.pages += n
	close(d.pagesChanged)
	d.pagesChanged = make(chan struct{})
	d.mu.Unlock()
}

// frameEvent is what the page is told about a frame.
type frameEvent struct {
	Seq         uint64  `json:"seq"` // counts Shows, so a repeated picture is drawn again
	ID          string  `json:"id"`  // the picture's sha256, "" when off
	Width       int     `json:"width"`
	Height      int     `json:"height"`
	ImageWidth  int     `json:"imageWidth"`
	ImageHeight int     `json:"imageHeight"`
	X           int     `json:"x"`
	Y           int     `json:"y"`
	BoxWidth    int     `json:"boxWidth"`
	BoxHeight   int     `json:"boxHeight"`
	Scroll      bool    `json:"scroll"`
	Speed       float64 `json:"speed"`
	Brightness  float64 `json:"brightness"`
	Off         bool    `json:"off"`
}

// New listens on addr ("" means DefaultAddr), which must be a loopback
// address: the page is for the browser on this computer only.
func New(addr string, opts Options) (*Display, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	if err := checkLoopback(addr); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("không mở được trang hiển thị tại %s: %w", addr, err)
	}
	d := &Display{
		log: opts.Logger, region: opts.Region, ln: ln,
		done: make(chan struct{}), changed: make(chan struct{}), pagesChanged: make(chan struct{}),
	}
	if d.log == nil {
		d.log = slog.Default()
	}
	d.srv = &http.Server{Handler: d.routes(), ReadHeaderTimeout: writeWait}
	go func() {
		if err := d.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			d.log.Error("trang hiển thị ngừng hoạt động", "err", err)
		}
	}()
	d.log.Info("trang hiển thị đã sẵn sàng", "url", "http://"+d.Addr()+"/", "region", d.region)
	return d, nil
}

func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("địa chỉ trang hiển thị “%s” không hợp lệ; ví dụ 127.0.0.1:8090", addr)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("trang hiển thị chỉ mở trên chính máy này (127.0.0.1), không mở tại “%s”", addr)
	}
	return nil
}

// Addr is the address the page is served on, with the real port.
func (d *Display) Addr() string { return d.ln.Addr().String() }

// Show tells the page about f. The picture is checked to be a PNG here,
// so a broken one is refused and the page keeps the old one.
func (d *Display) Show(f display.Frame) error {
	ev := frameEvent{Width: f.Width, Height: f.Height, Scroll: f.Scroll, Off: f.Off, Speed: speed(f), Brightness: brightness(f)}
	var pic []byte
	if !f.Off {
		cfg, err := png.DecodeConfig(bytes.NewReader(f.PNG))
		if err != nil {
			return fmt.Errorf("không đọc được hình PNG: %w", err)
		}
		if cfg.Width*cfg.Height > maxPixels {
			return fmt.Errorf("hình %d×%d điểm ảnh quá lớn để hiển thị", cfg.Width, cfg.Height)
		}
		sum := sha256.Sum256(f.PNG)
		ev.ID, ev.ImageWidth, ev.ImageHeight = hex.EncodeToString(sum[:]), cfg.Width, cfg.Height
		pic = bytes.Clone(f.PNG) // the caller may reuse its buffer
	}
	ev.X, ev.Y, ev.BoxWidth, ev.BoxHeight = d.box(f, ev)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return errors.New("trang hiển thị đã đóng")
	}
	ev.Seq = d.frame.Seq + 1
	d.frame, d.png = ev, pic
	close(d.changed)
	d.changed = make(chan struct{})
	return nil
}

// box is the board's rectangle on the screen.
func (d *Display) box(f display.Frame, ev frameEvent) (x, y, w, h int) {
	if d.region != (Region{}) {
		return d.region.X, d.region.Y, d.region.Width, d.region.Height
	}
	w, h = f.Width, f.Height
	if w <= 0 || h <= 0 {
		w, h = ev.ImageWidth, ev.ImageHeight
	}
	return 0, 0, w, h
}

// Close stops serving. An open page keeps its last picture and reconnects
// when a player serves it again.
func (d *Display) Close() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	d.closed = true
	close(d.done)
	d.mu.Unlock()
	return d.srv.Close()
}

// brightness is the frame's, clamped to 0..1; NaN is full, because a
// board must not go dark by mistake.
func brightness(f display.Frame) float64 {
	switch b := f.Brightness; {
	case b <= 0:
		return 0
	case b >= 1 || math.IsNaN(b):
		return 1
	default:
		return b
	}
}

func speed(f display.Frame) float64 {
	if f.ScrollSpeed > 0 && !math.IsInf(f.ScrollSpeed, 0) {
		return f.ScrollSpeed
	}
	return display.DefaultScrollSpeed
}
