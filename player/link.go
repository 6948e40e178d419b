package player

import (
	"context"
	"crypto/ed25519"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

// Timing of the link. The controller pings every 54 s; a link silent for
// readWait is dead (a half-open TCP connection after a router reboot
// would otherwise hang forever).
const (
	readWait       = 90 * time.Second
	writeWait      = 10 * time.Second
	statusEvery    = 30 * time.Second
	backoffMin     = time.Second
	backoffMax     = 60 * time.Second
	maxAssetBytes  = 64 << 20
	handshakeLimit = 15 * time.Second
)

// backoff is exponential with full jitter, so a fleet that lost its
// controller does not reconnect in lockstep when it returns.
type backoff struct{ attempt int }

func (b *backoff) next() time.Duration {
	ceil := backoffMin << min(b.attempt, 10)
	b.attempt++
	if ceil > backoffMax || ceil <= 0 {
		ceil = backoffMax
	}
	return time.Duration(rand.Int64N(int64(ceil))) + 100*time.Millisecond
}

func (b *backoff) reset() { b.attempt = 0 }

func (p *Player) linkLoop(ctx context.Context) {
	var b backoff
	for ctx.Err() == nil {
		if p.credentials().Token == "" {
			if err := p.pair(ctx); err != nil {
				if ctx.Err() == nil {
					p.log.Error("pairing failed", "err", err)
				}
				sleep(ctx, b.next())
				continue
			}
			b.reset()
		}
		converged, err := p.session(ctx)
		if errors.Is(err, errRevoked) {
			p.revoked(ctx)
			continue
		}
		if ctx.Err() != nil {
			return
		}
		if converged {
			b.reset()
		}
		wait := b.next()
		p.log.Warn("link to controller lost, retrying", "err", err, "in", wait.Round(time.Millisecond))
		sleep(ctx, wait)
	}
}

// revoked takes a removed board out of service: it forgets its secret
// and its manifest and stops rotating, so what stays on the display is
// the pairing code, not content nobody manages any more.
func (p *Player) revoked(ctx context.Context) {
	p.log.Error("controller revoked our token: the board was removed; back to pairing")
	// Keep the pinned key: the board pairs again only with the same
	// controller. Moving it to another controller is a manual step
	// (delete board.json).
	cr := p.credentials()
	if err := p.setCredentials(credentials{ControllerKey: cr.ControllerKey, FlagToken: cr.FlagToken, Revision: cr.Revision}); err != nil {
		p.log.Error("cannot forget credentials", "err", err)
	}
	if err := p.cache.forgetManifest(); err != nil {
		p.log.Error("cannot forget the manifest", "err", err)
	}
	// Unconfirmed plays belonged to the removed board: never count them
	// under whatever board this one becomes.
	if err := p.plays.drop(); err != nil {
		p.log.Error("cannot drop the play journal", "err", err)
	}
	select {
	case p.manifests <- nil:
	case <-ctx.Done():
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// errRevoked means the controller no longer knows the board's token.
var errRevoked = errors.New("máy chủ từ chối mã bảng (bảng đã bị xoá hoặc thu hồi)")

// errForgedRefusal is a 401 whose revocation is not signed by the pinned
// key: maybe forged by someone on the network. The board keeps playing
// and keeps trying.
var errForgedRefusal = errors.New("nhận lời từ chối mã bảng không có chữ ký hợp lệ của máy chủ; bỏ qua và thử lại")

// isRevocation reads a refused handshake: a real deletion carries a
// revocation signed by the pinned key. With no key pinned yet there is
// nothing to protect, and a bare refusal is taken as it is.
func (p *Player) isRevocation(resp *http.Response, nonce string) bool {
	cr := p.credentials()
	key, err := cr.pinnedKey()
	if err != nil || key == nil {
		return true
	}
	var body struct {
		Revocation *protocol.Revocation `json:"revocation"`
	}
	if resp.Body != nil {
		json.NewDecoder(io.LimitReader(resp.Body, 1<<14)).Decode(&body)
	}
	return body.Revocation.Verify(cr.Token, nonce, key)
}

func (p *Player) connectURL() string {
	u := *p.cfg.Controller
	u.Scheme = map[string]string{"https": "wss", "http": "ws"}[u.Scheme]
	u.Path = strings.TrimSuffix(u.Path, "/") + protocol.ConnectPath
	return u.String()
}

// session runs one link until it fails. converged tells whether the
// link delivered a manifest (so the backoff starts over).
func (p *Player) session(ctx context.Context) (converged bool, err error) {
	tc, err := p.cfg.tlsConfig()
	if err != nil {
		return false, err
	}
	dialer := websocket.Dialer{HandshakeTimeout: handshakeLimit, Proxy: http.ProxyFromEnvironment, TLSClientConfig: tc}
	nonce := crand.Text()
	hdr := http.Header{"Authorization": {"Bearer " + p.credentials().Token}, protocol.NonceHeader: {nonce}}
	conn, resp, err := dialer.DialContext(ctx, p.connectURL(), hdr)
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusUnauthorized {
			if p.isRevocation(resp, nonce) {
				return false, errRevoked
			}
			return false, errForgedRefusal
		}
		return false, err
	}
	defer conn.Close()
	p.log.Info("connected to controller", "url", p.cfg.Controller.String())

	incoming := make(chan protocol.Message)
	readErr := make(chan error, 1)
	done := make(chan struct{})
	defer close(done)
	go p.readPump(conn, incoming, readErr, done)

	ticker := time.NewTicker(statusEvery)
	defer ticker.Stop()
	send := func(m protocol.Message) error {
		conn.SetWriteDeadline(time.Now().Add(writeWait))
		return conn.WriteJSON(m)
	}
	// A new link starts with a full report, thumbnail included, and any
	// plays the controller has not confirmed.
	var playsInFlight map[int64]bool // the IDs sent and not yet confirmed
	sendStatus := func(withThumbnail bool) error {
		st := p.currentStatus()
		st.Thumbnail = p.takeThumbnail(withThumbnail)
		return send(protocol.NewStatus(&st))
	}
	sendPlays := func() error {
		if playsInFlight != nil {
			return nil
		}
		recs, err := p.plays.pending(protocol.MaxPlaysPerMessage)
		if err != nil || len(recs) == 0 {
			return err
		}
		playsInFlight = make(map[int64]bool, len(recs))
		for _, r := range recs {
			playsInFlight[r.ID] = true
		}
		return send(protocol.NewPlays(recs))
	}
	if err := sendStatus(true); err != nil {
		return false, err
	}
	if err := sendPlays(); err != nil {
		return false, err
	}
	for {
		var err error
		select {
		case <-ctx.Done():
			conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
			return converged, ctx.Err()
		case err = <-readErr:
			return converged, err
		case msg := <-incoming:
			if msg.Type == protocol.TypePlaysAck {
				sent := playsInFlight
				playsInFlight = nil
				if sent != nil {
					if err = p.plays.confirm(sent); err == nil {
						err = sendPlays()
					}
				}
				break
			}
			if err = p.handle(ctx, msg, send); err != nil {
				send(protocol.NewError("refused", err.Error()))
				return converged, err
			}
			converged = converged || msg.Type == protocol.TypeManifest
		case <-p.statusCh:
			err = sendStatus(false)
		case <-p.playsCh:
			err = sendPlays()
		case <-ticker.C:
			// Plays unconfirmed for a whole period (the controller
			// could not store them) are offered again.
			playsInFlight = nil
			if err = sendStatus(false); err == nil {
				err = sendPlays()
			}
		}
		if err != nil {
			return converged, err
		}
	}
}

func (p *Player) readPump(conn *websocket.Conn, out chan<- protocol.Message, errc chan<- error, done <-chan struct{}) {
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

// handle acts on one message from the controller.
func (p *Player) handle(ctx context.Context, msg protocol.Message, send func(protocol.Message) error) error {
	switch msg.Type {
	case protocol.TypeManifest:
		return p.adopt(ctx, msg.Manifest, send)
	case protocol.TypeError:
		p.log.Error("controller refused us", "code", msg.Error.Code, "message", msg.Error.Message)
		return nil
	default:
		return fmt.Errorf("máy chủ gửi loại tin nhắn không dành cho bảng: %s", msg.Type)
	}
}

// adopt makes a manifest the one the board plays: verify its signature
// with the pinned key, fetch and verify every missing picture, save it,
// hand it to the engine, acknowledge, and only then remove pictures no
// longer needed. A manifest that fails any step is not adopted: the
// board keeps playing the previous one.
func (p *Player) adopt(ctx context.Context, signed *protocol.SignedManifest, send func(protocol.Message) error) error {
	received := p.cfg.Now()
	key, err := p.trustKey(signed)
	if err != nil {
		return err
	}
	m, err := signed.Open(key)
	if err != nil {
		return fmt.Errorf("từ chối bản kê: %w", err)
	}
	cr := p.credentials()
	if cr.BoardID != 0 && m.Board.ID != cr.BoardID {
		return fmt.Errorf("từ chối bản kê: dành cho bảng số %d, không phải bảng này (số %d)", m.Board.ID, cr.BoardID)
	}
	if m.Revision < cr.Revision {
		return fmt.Errorf("từ chối bản kê: phiên bản %d cũ hơn bản đã nhận %d (bị phát lại?)", m.Revision, cr.Revision)
	}
	for _, sum := range p.cache.missing(m) {
		if err := p.fetch(ctx, sum); err != nil {
			return fmt.Errorf("tải ảnh %s…: %w", sum[:12], err)
		}
	}
	if err := p.cache.saveManifest(signed); err != nil {
		return fmt.Errorf("lưu bản kê: %w", err)
	}
	cr.BoardID, cr.Revision = m.Board.ID, m.Revision
	if err := p.setCredentials(cr); err != nil {
		return fmt.Errorf("lưu thông tin bảng: %w", err)
	}
	p.correctClock(m.IssuedAt, received)
	select {
	case p.manifests <- m:
	case <-ctx.Done():
		return ctx.Err()
	}
	p.log.Info("manifest adopted", "revision", m.Revision, "assets", len(m.Assets()))
	if n, err := p.cache.prune(m, p.currentStatus().Asset); err != nil {
		p.log.Warn("cache prune failed", "err", err)
	} else if n > 0 {
		p.log.Info("removed unused pictures", "count", n)
	}
	return send(protocol.NewAck(m.Revision))
}

// trustKey returns the pinned controller key. A board set up by hand
// with only a token pins the key of the first manifest it gets (trust on
// first use, logged); a board that paired pinned it then.
func (p *Player) trustKey(signed *protocol.SignedManifest) (ed25519.PublicKey, error) {
	cr := p.credentials()
	if key, err := cr.pinnedKey(); err != nil || key != nil {
		return key, err
	}
	key, err := protocol.ParseKey(signed.Key)
	if err != nil {
		return nil, err
	}
	p.log.Warn("pinning the controller's key on first contact", "key", signed.Key)
	cr.ControllerKey = signed.Key
	return key, p.setCredentials(cr)
}

// maxClockSkew is how far the board's clock may drift before the
// controller's time is used instead.
const maxClockSkew = 2 * time.Second

func (p *Player) correctClock(controller, received time.Time) {
	if controller.IsZero() {
		return
	}
	off := controller.Sub(received)
	if off > -maxClockSkew && off < maxClockSkew {
		off = 0
	}
	if old := time.Duration(p.clockOffset.Swap(int64(off))); (off - old).Abs() > maxClockSkew {
		p.log.Warn("board clock differs from the controller's; following the controller", "offset", off.Round(time.Millisecond))
	}
}

// fetch downloads one picture into the cache, refusing content whose
// sha256 differs from its name.
func (p *Player) fetch(ctx context.Context, sum string) error {
	u, err := url.JoinPath(p.cfg.Controller.String(), protocol.AssetPath+sum)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+p.credentials().Token)
	resp, err := p.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("máy chủ trả về %s", resp.Status)
	}
	return p.cache.assets.PutStream(sum, resp.Body, maxAssetBytes)
}
