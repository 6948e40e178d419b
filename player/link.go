package player

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"codong/playlists"
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
		converged, err := p.session(ctx)
		if ctx.Err() != nil {
			return
		}
		if converged {
			b.reset()
		}
		wait := b.next()
		p.log.Warn("link to controller lost, retrying", "err", err, "in", wait.Round(time.Millisecond))
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
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
	dialer := websocket.Dialer{HandshakeTimeout: handshakeLimit, Proxy: http.ProxyFromEnvironment}
	hdr := http.Header{"Authorization": {"Bearer " + p.cfg.Token}}
	conn, resp, err := dialer.DialContext(ctx, p.connectURL(), hdr)
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusUnauthorized {
			return false, fmt.Errorf("máy chủ từ chối mã bảng (bảng đã bị xoá hoặc mã sai)")
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
	for {
		select {
		case <-ctx.Done():
			conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
			return converged, ctx.Err()
		case err := <-readErr:
			return converged, err
		case msg := <-incoming:
			if err := p.handle(ctx, msg, send); err != nil {
				send(protocol.NewError("refused", err.Error()))
				return converged, err
			}
			converged = converged || msg.Type == protocol.TypeManifest
		case <-p.statusCh:
			st := p.currentStatus()
			if err := send(protocol.NewStatus(&st)); err != nil {
				return converged, err
			}
		case <-ticker.C:
			st := p.currentStatus()
			if err := send(protocol.NewStatus(&st)); err != nil {
				return converged, err
			}
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

// adopt makes a manifest the one the board plays: validate it, fetch and
// verify every missing picture, save it, hand it to the engine, then
// acknowledge. A manifest whose pictures cannot all be fetched is not
// adopted: the board keeps playing the previous one.
func (p *Player) adopt(ctx context.Context, m *playlists.Manifest, send func(protocol.Message) error) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("bản kê không hợp lệ: %w", err)
	}
	for _, sum := range p.cache.missing(m) {
		if err := p.fetch(ctx, sum); err != nil {
			return fmt.Errorf("tải ảnh %s…: %w", sum[:12], err)
		}
	}
	if err := p.cache.saveManifest(m); err != nil {
		return fmt.Errorf("lưu bản kê: %w", err)
	}
	select {
	case p.manifests <- m:
	case <-ctx.Done():
		return ctx.Err()
	}
	p.log.Info("manifest adopted", "revision", m.Revision, "assets", len(m.Assets()))
	return send(protocol.NewAck(m.Revision))
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
	req.Header.Set("Authorization", "Bearer "+p.cfg.Token)
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
