package player

import (
	"bytes"
	"errors"
	"image"
	"image/draw"
	"image/png"
	"time"

	"github.com/gorilla/websocket"

	"codong/player/display"
	"codong/protocol"
)

// Remote care (protocol 2.6): the controller asks, over the board's
// link, for what an officer would do standing at the board. Every
// request is answered at once, in one binary frame; restart and
// cache_reset are answered before they are done, since both end the
// link.

// ErrRestart ends Run when the controller asked the player to restart:
// the command then starts itself again (cmd/codong-player).
var ErrRestart = errors.New("máy chủ điều khiển yêu cầu khởi động lại máy phát")

// errCacheReset ends a session after the cache's pictures were dropped:
// the board links again at once, and the manifest the controller sends
// on the new link fetches them all again (adopt).
var errCacheReset = errors.New("đã xoá ảnh trong bộ nhớ đệm theo yêu cầu của máy chủ điều khiển; kết nối lại để tải lại")

// answerCare does what a care request asks and answers it.
func (s *session) answerCare(req *protocol.CareRequest) error {
	ans := &protocol.Care{ID: req.ID, Action: req.Action}
	var raw []byte
	var then error
	switch req.Action {
	case protocol.CareScreenshot:
		raw, ans.Problem = s.p.grab()
	case protocol.CareLogs:
		raw = s.p.logs.text()
	case protocol.CareDiagnostics:
		ans.Diagnostics = s.p.diagnostics()
	case protocol.CareRestart:
		s.p.log.Warn("máy chủ điều khiển yêu cầu khởi động lại máy phát; dừng để khởi động lại")
		then = ErrRestart
	case protocol.CareCacheReset:
		n, err := s.p.cache.assets.Prune(nil)
		if err != nil {
			ans.Problem = "Không xoá hết được ảnh trong bộ nhớ đệm: " + clipRunes(err.Error(), 200)
			break
		}
		s.p.log.Warn("máy chủ điều khiển yêu cầu tải lại ảnh: đã xoá ảnh trong bộ nhớ đệm, giữ bản kê", "count", n)
		then = errCacheReset
	}
	frame, err := protocol.AppendBinary(nil, protocol.NewCare(ans), raw)
	if err != nil {
		return err
	}
	s.conn.SetWriteDeadline(time.Now().Add(writeWait))
	if err := s.conn.WriteMessage(websocket.BinaryMessage, frame); err != nil {
		return err
	}
	if then != nil {
		s.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(writeWait))
		if then == ErrRestart {
			s.p.restart()
		}
	}
	return then
}

// restart ends Run with ErrRestart: the engine and the display stop as
// on a signal (the play journal is synced with every record, so nothing
// of it is lost), then the command starts the player again.
func (p *Player) restart() {
	p.restarting.Store(true)
	if p.stop != nil {
		p.stop()
	}
}

// grab is the board's frame as a PNG at the board's size: the display's
// own buffer when it can give it (display.Grabber), or else the frame
// the player gave it (a strip's window where the strip is now). problem
// says why there is none.
func (p *Player) grab() (data []byte, problem string) {
	if g, ok := p.cfg.Display.(display.Grabber); ok {
		data, err := g.Grab()
		switch {
		case err != nil:
			return nil, "Không đọc được hình đang hiển thị: " + clipRunes(err.Error(), 200)
		case data == nil:
			return nil, "Bảng chưa hiện hình nào."
		case len(data) > protocol.MaxCareScreenshotBytes:
			return nil, "Hình đang hiển thị lớn quá giới hạn 8 MiB."
		}
		return data, ""
	}
	p.mu.Lock()
	f := p.frame
	p.mu.Unlock()
	if f.data == nil {
		return nil, "Bảng chưa hiện hình nào."
	}
	if !f.shows.Scroll {
		return f.data, ""
	}
	win, err := stripWindow(f.data, f.boardWidth, f.shows.X)
	if err != nil {
		return nil, "Không dựng được hình dải chữ chạy: " + clipRunes(err.Error(), 200)
	}
	return win, ""
}

// stripWindow is the board-wide window of a scrolling strip whose left
// edge is at column x of the board (black where the strip is not).
func stripWindow(strip []byte, boardWidth, x int) ([]byte, error) {
	src, err := png.Decode(bytes.NewReader(strip))
	if err != nil {
		return nil, err
	}
	h := src.Bounds().Dy()
	out := image.NewRGBA(image.Rect(0, 0, boardWidth, h))
	draw.Draw(out, out.Bounds(), image.Black, image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(x, 0, x+src.Bounds().Dx(), h), src, src.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// clipRunes cuts s to n characters.
func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
