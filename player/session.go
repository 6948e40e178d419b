package player

import (
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"codong/playlists"
	"codong/protocol"
)

// Timing of a session. The controller pings every 54 s; a link silent
// for readWait is dead (a half-open TCP connection after a router reboot
// would otherwise hang forever).
const (
	readWait       = 90 * time.Second
	writeWait      = 10 * time.Second
	handshakeLimit = 15 * time.Second
)

// errRevoked means the controller no longer knows the board's token.
var errRevoked = errors.New("máy chủ từ chối mã bảng (bảng đã bị xoá hoặc thu hồi)")

// errCacheDamaged ends a session whose acknowledgement no longer holds:
// a picture of the adopted manifest was found damaged on disk.
var errCacheDamaged = errors.New("ảnh trong bộ nhớ đệm bị hỏng; kết nối lại để máy chủ gửi lại bản kê và tải lại ảnh")

// errForgedRefusal is a 401 whose revocation is not signed by the pinned
// key: maybe forged by someone on the network. The board keeps playing
// and keeps trying.
var errForgedRefusal = errors.New("nhận lời từ chối mã bảng không có chữ ký hợp lệ của máy chủ; bỏ qua và thử lại")

// errForeignRevocation is a revocation signed with the pinned key by
// another installation than the board's: a controller started on an
// empty or wrong database beside the old key file, which knows no board.
// The board keeps playing and keeps trying; restoring the database ends
// it.
var errForeignRevocation = errors.New("nhận lời thu hồi mã bảng từ một hệ thống khác (cùng khoá ký nhưng khác mã hệ thống đã ghim: máy chủ chạy trên cơ sở dữ liệu trống hay nhầm?); bỏ qua, tiếp tục phát nội dung đã lưu và thử lại")

// session is one link to the controller, from dial to failure.
type session struct {
	p    *Player
	conn *websocket.Conn
	// tick paces status reports and the re-offer of unconfirmed plays.
	tick <-chan time.Time
	// playsInFlight holds the IDs of the plays sent and not yet confirmed.
	playsInFlight map[int64]bool
	// converged tells whether the session delivered a manifest.
	converged bool
	// batch: the controller announced 2.3. The acknowledgement of a
	// manifest then waits (owe) until the engine shows the manifest, at
	// most maxAckHold, and leaves in one frame with the status and the
	// plays that showing it changed: one read for the controller, not
	// three, on every board after every switch.
	batch     bool
	owe       int64
	late      *time.Timer
	lateC     <-chan time.Time
	statusDue bool
	// speaks tells whether the controller announced protocol 2.1, and
	// so takes a report of tampered manifests; told is the report sent
	// on this link, forgotten once the link delivers a manifest.
	speaks bool
	told   *protocol.Tampered
	// shows tells whether the controller announced protocol 2.2: it
	// makes the board's thumbnail itself from what the status says the
	// board shows, and asks for the board's own pixels when it wants them.
	shows bool
	// periodic tells whether the controller announced protocol 2.4: the
	// board keeps its plays for its periodic report (or until it holds
	// protocol.PlaysEarly), so a switch costs the controller one read
	// and no plays_ack to write.
	periodic bool
	// care tells whether the controller announced protocol 2.6, and so
	// may ask for remote care (care.go).
	care bool
}

// runSession runs one session until it fails. converged tells whether
// it delivered a manifest (so the backoff starts over).
func (p *Player) runSession(ctx context.Context) (converged bool, err error) {
	t := time.NewTicker(p.cfg.ReportEvery)
	defer t.Stop()
	s := &session{p: p, tick: t.C}
	err = s.run(ctx)
	return s.converged, err
}

func (s *session) run(ctx context.Context) error {
	conn, level, err := s.p.dial(ctx)
	if err != nil {
		return err
	}
	s.speaks = protocol.Speaks(level, "2.1")
	s.shows = protocol.Speaks(level, "2.2")
	s.batch = protocol.Speaks(level, "2.3")
	s.periodic = protocol.Speaks(level, "2.4")
	s.care = protocol.Speaks(level, "2.6")
	defer conn.Close()
	s.conn = conn
	s.p.log.Info("đã kết nối tới máy chủ điều khiển", "url", s.p.controllers.current().String())

	incoming := make(chan protocol.Message)
	readErr := make(chan error, 1)
	done := make(chan struct{})
	defer close(done)
	go readPump(conn, incoming, readErr, done)

	// A new link starts with a full report, thumbnail included, and any
	// plays the controller has not confirmed.
	if err := s.sendReport(true); err != nil {
		return err
	}
	s.p.noteLinked()
	// Manifests refused on an earlier link, maybe the attacker's: this
	// one may reach the controller.
	if err := s.sendTamper(); err != nil {
		return err
	}
	for {
		var err error
		select {
		case <-ctx.Done():
			conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
			return ctx.Err()
		case err = <-readErr:
		case msg := <-incoming:
			err = s.handle(ctx, msg)
		case <-s.p.statusCh:
			if s.owe != 0 {
				s.statusDue = true
			} else {
				err = s.sendStatus(false)
			}
		case <-s.p.showsCh:
			if s.owe != 0 {
				s.statusDue = true
			} else if s.shows {
				err = s.sendStatus(false)
			}
		case <-s.p.playsCh:
			if s.owe == 0 && s.playsDue() {
				err = s.sendPlays()
			}
		case <-s.p.settled:
			if s.owe != 0 && s.p.shownRev.Load() >= s.owe {
				err = s.flush()
			}
		case <-s.lateC:
			err = s.flush()
		case <-s.p.refetch:
			err = s.retract()
		case <-s.tick:
			// Plays unconfirmed for a whole period (the controller
			// could not store them) are offered again.
			s.playsInFlight = nil
			err = s.sendReport(false)
		}
		if err != nil {
			return err
		}
	}
}

// dial opens the link with a fresh nonce, which the controller must sign
// into a revocation for a refusal to count. level is the protocol level
// the controller announced ("" for none: older than 2.1).
func (p *Player) dial(ctx context.Context) (conn *websocket.Conn, level string, err error) {
	tc, err := p.cfg.tlsConfig()
	if err != nil {
		return nil, "", err
	}
	dialer := websocket.Dialer{HandshakeTimeout: handshakeLimit, Proxy: http.ProxyFromEnvironment, TLSClientConfig: tc}
	nonce := crand.Text()
	hdr := http.Header{"Authorization": {"Bearer " + p.credentials().Token}, protocol.NonceHeader: {nonce}, protocol.LevelHeader: {protocol.Level}}
	conn, resp, err := dialer.DialContext(ctx, p.connectURL(), hdr)
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusUnauthorized {
			return nil, "", p.refusal(resp, nonce)
		}
		return nil, "", err
	}
	return conn, resp.Header.Get(protocol.LevelHeader), nil
}

// refusal reads a refused handshake: a real deletion carries a
// revocation signed by the pinned key for the pinned installation
// (errRevoked). With no key pinned yet there is nothing to protect, and
// a bare refusal is taken as it is.
func (p *Player) refusal(resp *http.Response, nonce string) error {
	cr := p.credentials()
	key, err := cr.pinnedKey()
	if err != nil || key == nil {
		return errRevoked
	}
	var body struct {
		Revocation *protocol.Revocation `json:"revocation"`
	}
	if resp.Body != nil {
		json.NewDecoder(io.LimitReader(resp.Body, 1<<14)).Decode(&body)
	}
	r := body.Revocation
	switch {
	case r.VerifyInstallation(cr.Token, nonce, key, cr.Installation):
		return errRevoked
	case r.Verify(cr.Token, nonce, key):
		p.log.Error(errForeignRevocation.Error(), "installation", r.Installation, "pinned", cr.Installation)
		return errForeignRevocation
	}
	return errForgedRefusal
}

func (p *Player) connectURL() string {
	u := *p.controllers.current()
	u.Scheme = map[string]string{"https": "wss", "http": "ws"}[u.Scheme]
	u.Path = strings.TrimSuffix(u.Path, "/") + protocol.ConnectPath
	return u.String()
}

// retract ends the session when this session acknowledged a manifest
// and one of its pictures has since been found damaged: the controller
// counts a board up to date by the acknowledgements of its current link,
// and forgets them when the link drops. The board says what is wrong,
// closes the link and connects again at once (see supervisor.run); the
// controller then sends the manifest again, and adopting it fetches the
// picture through the same download path as any new one. Before this
// session acknowledged anything, there is nothing to take back: the
// manifest it is about to receive repairs the cache.
func (s *session) retract() error {
	if !s.converged || !s.p.hasDamage() {
		return nil
	}
	if err := s.sendStatus(false); err != nil {
		return err
	}
	s.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(writeWait))
	return errCacheDamaged
}

func (s *session) send(m protocol.Message) error {
	s.conn.SetWriteDeadline(time.Now().Add(writeWait))
	return s.conn.WriteJSON(m)
}

// sendStatus reports what the board shows: to a controller of 2.2,
// which picture and which part of it (no pixels: it makes the thumbnail
// itself); to an older one, with the thumbnail when the frame changed.
func (s *session) sendStatus(withThumbnail bool) error {
	st := s.p.currentStatus()
	if s.shows {
		st.Shows = s.p.shows(st.Asset)
	} else {
		st.Thumbnail = s.p.takeThumbnail(withThumbnail)
	}
	return s.send(protocol.NewStatus(&st))
}

// sendScreenshot answers a controller's request with the board's own
// pixels: the thumbnail of the frame it draws, raw in a binary frame.
func (s *session) sendScreenshot(id int64) error {
	shot := &protocol.Screenshot{ID: id}
	png := s.p.thumbnailNow()
	if png != nil {
		shot.Asset = s.p.currentStatus().Asset
	}
	if len(png) > protocol.MaxScreenshotBytes {
		png = nil
	}
	frame, err := protocol.AppendBinary(nil, protocol.NewScreenshot(shot), png)
	if err != nil {
		return err
	}
	s.conn.SetWriteDeadline(time.Now().Add(writeWait))
	return s.conn.WriteMessage(websocket.BinaryMessage, frame)
}

// maxAckHold bounds how long an acknowledgement waits for the engine
// to show its manifest (a picture is drawn in milliseconds); past it, it
// leaves alone.
const maxAckHold = time.Second

// ack acknowledges an adopted manifest: at once, or to a controller of
// 2.3 once the engine shows it, with what that changed (flush).
func (s *session) ack(m protocol.Message) error {
	if !s.batch || m.Type != protocol.TypeAck {
		return s.send(m)
	}
	if s.owe == 0 {
		if s.late == nil {
			s.late = time.NewTimer(maxAckHold)
		} else {
			s.late.Reset(maxAckHold)
		}
		s.lateC = s.late.C
	}
	s.owe = m.Ack.Revision
	if s.p.shownRev.Load() >= s.owe {
		return s.flush()
	}
	return nil
}

// flush sends the held acknowledgement, then the status and the plays
// waiting, as one batch frame (protocol 2.3).
func (s *session) flush() error {
	if s.owe == 0 {
		return nil
	}
	msgs := []protocol.Message{protocol.NewAck(s.owe)}
	s.owe, s.lateC = 0, nil
	s.late.Stop()
	select {
	case <-s.p.statusCh:
		s.statusDue = true
	default:
	}
	select {
	case <-s.p.showsCh:
		s.statusDue = true
	default:
	}
	select {
	case <-s.p.playsCh:
	default:
	}
	if s.statusDue {
		s.statusDue = false
		st := s.p.currentStatus()
		st.Shows = s.p.shows(st.Asset)
		msgs = append(msgs, protocol.NewStatus(&st))
	}
	if s.playsDue() {
		plays, err := s.playsMessage()
		if err != nil {
			return err
		}
		if plays != nil {
			msgs = append(msgs, *plays)
		}
	}
	return s.sendBatch(msgs)
}

func (s *session) sendBatch(msgs []protocol.Message) error {
	frame, err := protocol.AppendBatch(nil, msgs...)
	if err != nil {
		return err
	}
	s.conn.SetWriteDeadline(time.Now().Add(writeWait))
	return s.conn.WriteMessage(websocket.TextMessage, frame)
}

// sendReport sends the periodic report: the status, then the plays not
// yet confirmed. To a controller of 2.4 both leave in one batch frame,
// and the report is the only time plays leave unasked (see playsDue).
func (s *session) sendReport(withThumbnail bool) error {
	if !s.periodic {
		if err := s.sendStatus(withThumbnail); err != nil {
			return err
		}
		return s.sendPlays()
	}
	st := s.p.currentStatus()
	st.Shows = s.p.shows(st.Asset)
	msgs := []protocol.Message{protocol.NewStatus(&st)}
	plays, err := s.playsMessage()
	if err != nil {
		return err
	}
	if plays != nil {
		msgs = append(msgs, *plays)
	}
	return s.sendBatch(msgs)
}

// playsDue tells whether plays leave now, outside a periodic report: to
// a controller before 2.4 always; to one of 2.4 only once the board
// holds protocol.PlaysEarly unconfirmed (a backlog left by an outage, or
// plays the controller could not store), so a switch is answered
// without plays and the controller writes no plays_ack for it.
func (s *session) playsDue() bool {
	if !s.periodic {
		return true
	}
	recs, err := s.p.plays.pending(protocol.PlaysEarly)
	return err != nil || len(recs) >= protocol.PlaysEarly
}

// sendPlays offers the oldest unconfirmed plays, unless some are still
// waiting for the controller's answer.
func (s *session) sendPlays() error {
	m, err := s.playsMessage()
	if err != nil || m == nil {
		return err
	}
	return s.send(*m)
}

// playsMessage takes the oldest unconfirmed plays to offer, nil if none
// or if some are still waiting for the controller's answer.
func (s *session) playsMessage() (*protocol.Message, error) {
	if s.playsInFlight != nil {
		return nil, nil
	}
	recs, err := s.p.plays.pending(protocol.MaxPlaysPerMessage)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	s.playsInFlight = make(map[int64]bool, len(recs))
	for i, r := range recs {
		s.playsInFlight[r.ID] = true
		if !s.speaks {
			// A controller before 2.1 takes a play under the shortest
			// item for one that cannot have happened, and flags the
			// board: it gets the shortest instead.
			recs[i].Seconds = max(r.Seconds, playlists.MinItemSeconds)
		}
	}
	m := protocol.NewPlays(recs)
	return &m, nil
}

// confirmPlays forgets the plays the controller stored and offers the
// next ones.
func (s *session) confirmPlays() error {
	sent := s.playsInFlight
	s.playsInFlight = nil
	if sent == nil {
		return nil
	}
	if err := s.p.plays.confirm(sent); err != nil {
		return err
	}
	if !s.playsDue() {
		return nil
	}
	return s.sendPlays()
}

// sendTamper tells the controller of the manifests the board refused
// as tampered with, if it owes such a report and the controller takes
// one.
func (s *session) sendTamper() error {
	rep := s.p.tamperReport()
	if rep == nil || !s.speaks {
		return nil
	}
	s.told = rep
	return s.send(protocol.NewTampered(rep))
}

// handle acts on one message from the controller. A message the board
// refuses is answered with an error, and ends the session; a manifest
// refused as tampered with is also reported (see tamper.go).
func (s *session) handle(ctx context.Context, msg protocol.Message) error {
	var err error
	switch msg.Type {
	case protocol.TypePlaysAck:
		return s.confirmPlays()
	case protocol.TypeManifest:
		if err = s.p.adopt(ctx, msg.Manifest, s.ack); err == nil {
			s.converged = true
			if s.told != nil {
				s.p.tamperTold(*s.told)
				s.told = nil
			}
		} else if isTampered(err) {
			s.p.noteTampered(err)
			s.p.showTamperNotice()
			s.send(protocol.NewError("refused", err.Error()))
			s.sendTamper()
			return err
		}
	case protocol.TypeError:
		s.p.log.Error("máy chủ điều khiển từ chối bảng này", "code", msg.Error.Code, "message", msg.Error.Message)
	case protocol.TypeScreenshotRequest:
		if s.shows {
			return s.sendScreenshot(msg.ScreenshotRequest.ID)
		}
		err = fmt.Errorf("máy chủ yêu cầu chụp màn hình nhưng không báo mức giao thức 2.2")
	case protocol.TypeCareRequest:
		if s.care {
			return s.answerCare(msg.CareRequest)
		}
		err = fmt.Errorf("máy chủ yêu cầu chăm sóc từ xa nhưng không báo mức giao thức 2.6")
	default:
		err = fmt.Errorf("máy chủ gửi loại tin nhắn không dành cho bảng: %s", msg.Type)
	}
	if err != nil {
		s.send(protocol.NewError("refused", err.Error()))
	}
	return err
}

func readPump(conn *websocket.Conn, out chan<- protocol.Message, errc chan<- error, done <-chan struct{}) {
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
		if err != nil {
			errc <- err
			return
		}
		conn.SetReadDeadline(time.Now().Add(readWait))
		msg, err := protocol.Decode(data)
		if err != nil {
			errc <- err
			return
		}
		select {
		case out <- msg:
		case <-done:
			return
		}
	}
}
