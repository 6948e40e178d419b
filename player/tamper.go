package player

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"codong/assets"
	"codong/player/display"
	"codong/protocol"
)

// errTampered marks a manifest refused because it fails the board's
// checks in a way only someone on the line explains: its signature does
// not hold with the pinned key, it is another board's, it is older than
// one adopted (replayed), or a picture's bytes do not match its sha256.
var errTampered = errors.New("bản kê bị sửa trên đường truyền")

// tamperError is a refusal of that kind; its text stays the refusal's.
type tamperError struct{ err error }

func (e tamperError) Error() string   { return e.err.Error() }
func (e tamperError) Unwrap() []error { return []error{e.err, errTampered} }

func tampered(err error) error { return tamperError{err} }

func isTampered(err error) bool { return errors.Is(err, errTampered) }

// noticeTampered is drawn on a board that has nothing approved to show
// yet while every manifest it is sent is tampered with: without it the
// board stays black and nobody at the board knows why.
const noticeTampered = "Bản kê bị sửa trên đường truyền\nKiểm tra mạng, bật TLS"

// noteTampered counts a refused manifest into the report the board owes
// the controller, says so in the board's log, and returns the report.
func (p *Player) noteTampered(err error) protocol.Tampered {
	now := p.now()
	via := p.controllers.current().String()
	reason := err.Error()
	if utf8.RuneCountInString(reason) > protocol.MaxTamperedReasonRunes {
		reason = string([]rune(reason)[:protocol.MaxTamperedReasonRunes-1]) + "…"
	}
	if len(via) > protocol.MaxTamperedViaBytes {
		via = via[:protocol.MaxTamperedViaBytes]
	}
	p.mu.Lock()
	t := p.tamper
	if t == nil {
		t = &protocol.Tampered{First: now}
		p.tamper = t
	}
	if t.Count < protocol.MaxTamperedCount {
		t.Count++
	}
	if now.Before(t.First) {
		now = t.First // the clock was corrected backwards
	}
	t.Last, t.Reason, t.Via = now, reason, via
	rep := *t
	p.mu.Unlock()
	keeps := "Bảng giữ nội dung đã duyệt đang phát"
	if !p.playing.Load() {
		keeps = "Bảng chưa có nội dung đã duyệt nào, hiện thông báo"
	}
	p.log.Error(fmt.Sprintf("Bản kê bị sửa trên đường truyền (lần %d kể từ %s): %s. %s và báo cho máy chủ; kiểm tra mạng giữa bảng và máy chủ %s, bật TLS (https).",
		rep.Count, rep.First.Format("15:04:05 02/01/2006"), reason, keeps, via))
	return rep
}

// tamperReport is the report the board owes the controller, if any.
func (p *Player) tamperReport() *protocol.Tampered {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tamper == nil {
		return nil
	}
	rep := *p.tamper
	return &rep
}

// tamperTold forgets the report once a link that carried it delivered
// an honest manifest: the controller has it. A refusal counted since
// starts the next report.
func (p *Player) tamperTold(sent protocol.Tampered) {
	p.mu.Lock()
	if p.tamper != nil && p.tamper.Count == sent.Count && p.tamper.First.Equal(sent.First) {
		p.tamper = nil
	}
	p.mu.Unlock()
}

// showTamperNotice draws the notice on a board that has nothing to
// play; a board playing approved content keeps it on.
func (p *Player) showTamperNotice() {
	if p.playing.Load() {
		return
	}
	r, err := assets.NewRenderer(assets.Options{Logger: p.log})
	if err == nil {
		var out *assets.Rendered
		size := assets.Size{W: p.cfg.Width, H: p.cfg.Height}
		if out, err = r.Render(assets.Request{Text: noticeTampered, Size: size, Style: "led"}); err == nil {
			err = p.cfg.Display.Show(display.Frame{PNG: out.PNG, Width: size.W, Height: size.H, Scroll: out.Layout.Scroll, Brightness: 1})
		}
	}
	if err != nil {
		p.log.Warn("không vẽ được thông báo bản kê bị sửa lên bảng", "err", err)
	}
}
