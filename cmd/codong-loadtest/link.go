package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

// errRevoked means the controller signed that it no longer knows the
// board's token: the board was deleted.
var errRevoked = errors.New("controller đã thu hồi mã bảng (bảng đã bị xoá)")

// link is one websocket session of a board.
type link struct {
	b       *board
	conn    *websocket.Conn
	session int
	// shows: board and controller both speak 2.2, so statuses say what
	// the board shows and the controller may ask for a screenshot.
	shows bool
	// batch: both speak 2.3, and the board is realistic (it has an
	// engine). The acknowledgement of a manifest is held until the
	// engine shows it, and leaves with the status and the plays that
	// showing changed, in one frame, as the player does.
	batch     bool
	owe       int64       // revision acknowledged and not yet sent, 0 for none
	since     time.Time   // when the acknowledgement was held
	late      *time.Timer // sends a held acknowledgement if the engine is slow
	lateC     <-chan time.Time
	statusDue bool // a status change waits for the held acknowledgement
	// periodic: both speak 2.4, and the board is realistic. Plays wait
	// for the periodic report (protocol.ReportEvery), or until the board
	// holds protocol.PlaysEarly, as the player does.
	periodic bool
}

// maxAckHold bounds how long an acknowledgement waits for the engine to
// show its manifest; past it, it leaves alone.
const maxAckHold = time.Second

// arrival is a frame from the controller and when it was read off the
// socket, before any work on it.
type arrival struct {
	msg protocol.Message
	at  time.Time
}

// link connects and serves one session until it fails. converged tells
// whether the session adopted a manifest (so the backoff starts over).
func (b *board) link(ctx context.Context, first bool) (converged bool, err error) {
	conn, level, err := b.connect(ctx, first)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	b.f.stats.connects.Add(1)
	mine := b.f.cfg.Level
	shows := protocol.Speaks(mine, "2.2") && protocol.Speaks(level, "2.2")
	batch := !b.f.cfg.Light && protocol.Speaks(mine, "2.3") && protocol.Speaks(level, "2.3")
	periodic := batch && protocol.Speaks(mine, "2.4") && protocol.Speaks(level, "2.4")
	l := &link{b: b, conn: conn, session: b.attach(conn), shows: shows, batch: batch, periodic: periodic}
	return l.serve(ctx)
}

// connect dials the controller as the player does: bearer token, the
// board's protocol level and a fresh nonce, so a refusal can carry a
// revocation signed for this attempt only; it returns the level the
// controller announced. The first connect of every board waits for a
// slot, so provisioning measures the controller, not a SYN flood.
func (b *board) connect(ctx context.Context, first bool) (*websocket.Conn, string, error) {
	if first {
		select {
		case b.f.dialSlots <- struct{}{}:
			defer func() { <-b.f.dialSlots }()
		case <-ctx.Done():
			return nil, "", ctx.Err()
		}
	}
	d := websocket.Dialer{NetDialContext: b.dial.DialContext, HandshakeTimeout: handshakeLimit}
	nonce := rand.Text()
	hdr := http.Header{"Authorization": {"Bearer " + b.token}, protocol.NonceHeader: {nonce}, protocol.LevelHeader: {b.f.cfg.Level}}
	conn, resp, err := d.DialContext(ctx, b.ep.wsURL, hdr)
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusUnauthorized && b.revoked(resp, nonce) {
			return nil, "", errRevoked
		}
		return nil, "", &dialError{err}
	}
	return conn, resp.Header.Get(protocol.LevelHeader), nil
}

// dialError is a link that could not be set up, as opposed to one that
// was set up and then ended.
type dialError struct{ err error }

func (e *dialError) Error() string { return e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

// revoked reads a refused handshake: only a revocation signed by the
// pinned key for this nonce means the board was deleted.
func (b *board) revoked(resp *http.Response, nonce string) bool {
	var body struct {
		Revocation *protocol.Revocation `json:"revocation"`
	}
	if resp.Body != nil {
		json.NewDecoder(io.LimitReader(resp.Body, 1<<14)).Decode(&body)
	}
	return body.Revocation.Verify(b.token, nonce, b.f.key)
}

func (l *link) serve(ctx context.Context) (converged bool, err error) {
	incoming := make(chan arrival)
	readErr := make(chan error, 1)
	done := make(chan struct{})
	defer close(done)
	go readPump(l.conn, incoming, readErr, done)
	light := l.b.f.cfg.Light
	// A realistic link starts, as the player's does, with a full report
	// (thumbnail included) and the plays not yet confirmed.
	if !light {
		if err := l.sendReport(true); err != nil {
			return false, err
		}
	}
	ticker := time.NewTicker(statusEvery)
	defer ticker.Stop()
	for {
		var err error
		select {
		case <-ctx.Done():
			l.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
			return converged, ctx.Err()
		case err = <-readErr:
			return converged, err
		case a := <-incoming:
			var adopted bool
			adopted, err = l.handle(ctx, a)
			converged = converged || adopted
		case <-l.b.statusCh:
			if l.owe != 0 {
				l.statusDue = true
			} else {
				err = l.sendStatus(false)
			}
		case <-l.b.playsCh:
			if l.owe == 0 && l.b.playsDue(l.periodic) {
				err = l.sendPlays()
			}
		case <-l.b.flushCh:
			err = l.sendPlays()
		case <-l.b.settled:
			if l.owe != 0 && l.b.showing() >= l.owe {
				err = l.flush()
			}
		case <-l.lateC:
			err = l.flush()
		case <-ticker.C:
			if !light {
				// Plays unconfirmed for a whole period are offered again.
				l.b.forgetInFlight()
				err = l.sendReport(false)
			}
		}
		if err != nil {
			return converged, err
		}
	}
}

// handle acts on one frame from the controller.
func (l *link) handle(ctx context.Context, a arrival) (adopted bool, err error) {
	switch a.msg.Type {
	case protocol.TypeManifest:
		if err := l.adopt(ctx, a); err != nil {
			l.send(protocol.NewError("refused", err.Error()))
			return false, err
		}
		return true, nil
	case protocol.TypePlaysAck:
		l.b.confirmPlays()
		if !l.b.playsDue(l.periodic) {
			return false, nil
		}
		return false, l.sendPlays()
	case protocol.TypeError:
		l.b.f.stats.problem("controller báo lỗi", fmt.Errorf("%s: %s", a.msg.Error.Code, a.msg.Error.Message))
		return false, nil
	case protocol.TypeScreenshotRequest:
		if l.shows {
			return false, l.sendScreenshot(a.msg.ScreenshotRequest.ID)
		}
		fallthrough
	default:
		err := fmt.Errorf("controller gửi loại tin nhắn không dành cho bảng: %s", a.msg.Type)
		l.send(protocol.NewError("refused", err.Error()))
		return false, err
	}
}

// ack acknowledges an adopted manifest: at once, or (batch) held until
// the engine shows it.
func (l *link) ack(rev int64) error {
	if !l.batch {
		if err := l.send(protocol.NewAck(rev)); err != nil {
			return err
		}
		l.noteAck(rev)
		return nil
	}
	if l.owe == 0 {
		if l.late == nil {
			l.late = time.NewTimer(maxAckHold)
		} else {
			l.late.Reset(maxAckHold)
		}
		l.lateC = l.late.C
	}
	l.owe = rev
	if l.b.showing() >= rev {
		return l.flush()
	}
	return nil
}

func (l *link) noteAck(rev int64) {
	l.b.f.stats.acks.Add(1)
	l.b.note(&l.b.acks, rev, time.Now(), l.session)
}

// flush sends the held acknowledgement with the status and the plays
// the engine recorded since, as one batch frame (protocol 2.3).
func (l *link) flush() error {
	if l.owe == 0 {
		return nil
	}
	rev := l.owe
	l.owe, l.lateC = 0, nil
	l.late.Stop()
	msgs := []protocol.Message{protocol.NewAck(rev)}
	select {
	case <-l.b.statusCh:
		l.statusDue = true
	default:
	}
	select {
	case <-l.b.playsCh:
	default:
	}
	var st protocol.Status
	if l.statusDue {
		st = l.b.currentStatus(false, l.shows)
		msgs = append(msgs, protocol.NewStatus(&st))
	}
	var recs []protocol.Play
	if l.b.playsDue(l.periodic) {
		recs = l.b.takePlays()
	}
	if len(recs) > 0 {
		msgs = append(msgs, protocol.NewPlays(recs))
	}
	if err := l.sendBatch(msgs); err != nil {
		return err
	}
	l.noteAck(rev)
	if l.statusDue {
		l.statusDue = false
		l.b.f.stats.statuses.Add(1)
	}
	l.b.f.stats.playsSent.Add(int64(len(recs)))
	return nil
}

func (l *link) sendBatch(msgs []protocol.Message) error {
	frame, err := protocol.AppendBatch(nil, msgs...)
	if err != nil {
		return err
	}
	l.conn.SetWriteDeadline(time.Now().Add(writeWait))
	return l.conn.WriteMessage(websocket.TextMessage, frame)
}

// sendReport sends the periodic report: the status and the plays not
// yet confirmed, in one batch frame on a link of 2.4, as the player
// does; before 2.4 in two.
func (l *link) sendReport(withThumbnail bool) error {
	if !l.periodic {
		if err := l.sendStatus(withThumbnail); err != nil {
			return err
		}
		return l.sendPlays()
	}
	st := l.b.currentStatus(withThumbnail, l.shows)
	msgs := []protocol.Message{protocol.NewStatus(&st)}
	recs := l.b.takePlays()
	if len(recs) > 0 {
		msgs = append(msgs, protocol.NewPlays(recs))
	}
	if err := l.sendBatch(msgs); err != nil {
		return err
	}
	l.b.f.stats.statuses.Add(1)
	l.b.f.stats.playsSent.Add(int64(len(recs)))
	return nil
}

func (l *link) send(m protocol.Message) error {
	l.conn.SetWriteDeadline(time.Now().Add(writeWait))
	return l.conn.WriteJSON(m)
}

// sendScreenshot answers a controller's request with the board's own
// pixels, raw in a binary frame, as the player of 2.2 does: here the
// thumbnail of the picture shown.
func (l *link) sendScreenshot(id int64) error {
	st := l.b.currentStatus(false, true)
	_, thumb, _ := l.b.f.pictures.ready(st.Asset)
	frame, err := protocol.AppendBinary(nil, protocol.NewScreenshot(&protocol.Screenshot{ID: id, Asset: st.Asset}), thumb)
	if err != nil {
		return err
	}
	l.conn.SetWriteDeadline(time.Now().Add(writeWait))
	if err := l.conn.WriteMessage(websocket.BinaryMessage, frame); err != nil {
		return err
	}
	l.b.f.stats.screenshots.Add(1)
	return nil
}

func (l *link) sendStatus(withThumbnail bool) error {
	st := l.b.currentStatus(withThumbnail, l.shows)
	if err := l.send(protocol.NewStatus(&st)); err != nil {
		return err
	}
	l.b.f.stats.statuses.Add(1)
	return nil
}

// sendPlays sends the oldest unconfirmed plays, one message in flight at
// a time, as the player does.
func (l *link) sendPlays() error {
	recs := l.b.takePlays()
	if len(recs) == 0 {
		return nil
	}
	if err := l.send(protocol.NewPlays(recs)); err != nil {
		return err
	}
	l.b.f.stats.playsSent.Add(int64(len(recs)))
	return nil
}

// readPump reads frames and stamps when each came off the socket. A
// controller silent for readWait (it pings every 54 s) is gone.
func readPump(conn *websocket.Conn, out chan<- arrival, errc chan<- error, done <-chan struct{}) {
	conn.SetReadLimit(protocol.MaxMessageBytes)
	conn.SetReadDeadline(time.Now().Add(readWait))
	conn.SetPingHandler(func(data string) error {
		conn.SetReadDeadline(time.Now().Add(readWait))
		err := conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(writeWait))
		if errors.Is(err, websocket.ErrCloseSent) {
			return nil
		}
		return err
	})
	for {
		_, data, err := conn.ReadMessage()
		at := time.Now()
		if err != nil {
			errc <- err
			return
		}
		conn.SetReadDeadline(at.Add(readWait))
		msg, err := protocol.Decode(data)
		if err != nil {
			errc <- err
			return
		}
		select {
		case out <- arrival{msg: msg, at: at}:
		case <-done:
			return
		}
	}
}
