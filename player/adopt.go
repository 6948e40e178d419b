package player

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"codong/assets"
	"codong/playlists"
	"codong/protocol"
)

// maxAssetBytes bounds one downloaded picture.
const maxAssetBytes = 64 << 20

// adopt makes a manifest the one the board plays: verify its signature
// with the pinned key, fetch and verify every missing picture, save it,
// hand it to the engine, acknowledge, and only then make room in the
// cache (cache.trim: pictures no longer needed stay up to a budget). A manifest that fails any step is not adopted: the
// board keeps playing the previous one.
func (p *Player) adopt(ctx context.Context, signed *protocol.SignedManifest, send func(protocol.Message) error) error {
	received := p.cfg.Now()
	key, err := p.trustKey(signed)
	if err != nil {
		return err
	}
	m, err := signed.Open(key)
	if err != nil {
		if pinned := protocol.EncodeKey(key); signed.Key != "" && signed.Key != pinned {
			// Re-signed on the way, or the controller lost its key file:
			// the board cannot tell which, and says both.
			return tampered(fmt.Errorf("từ chối bản kê: ký bằng khoá %.24s…, không phải khoá đã ghim %.24s… (bản kê bị ký lại trên đường truyền, hoặc máy chủ đã đổi khoá ký vì mất controller.key): %w", signed.Key, pinned, err))
		}
		return tampered(fmt.Errorf("từ chối bản kê: %w", err))
	}
	cr := p.credentials()
	if cr.Installation != "" && m.Installation != cr.Installation {
		p.log.Error("từ chối bản kê của một hệ thống khác (cùng khoá ký, khác mã hệ thống: máy chủ chạy trên cơ sở dữ liệu mới?); bảng tiếp tục phát nội dung đã lưu",
			"installation", m.Installation, "pinned", cr.Installation)
		return fmt.Errorf("từ chối bản kê: của hệ thống %q, không phải hệ thống %q đã ghép nối bảng này", m.Installation, cr.Installation)
	}
	if cr.BoardID != 0 && m.Board.ID != cr.BoardID {
		return tampered(fmt.Errorf("từ chối bản kê: dành cho bảng số %d, không phải bảng này (số %d)", m.Board.ID, cr.BoardID))
	}
	if m.Revision < cr.Revision {
		return tampered(fmt.Errorf("từ chối bản kê: phiên bản %d cũ hơn bản đã nhận %d (bị phát lại?)", m.Revision, cr.Revision))
	}
	if err := p.fetchMissing(ctx, m); err != nil {
		if errors.Is(err, assets.ErrHashMismatch) {
			// The controller names every picture by its sha256: other
			// bytes under that name were changed on the way.
			return tampered(err)
		}
		return err
	}
	p.repaired()
	if err := p.cache.saveManifest(signed); err != nil {
		return fmt.Errorf("lưu bản kê: %w", err)
	}
	cr.BoardID, cr.Revision = m.Board.ID, m.Revision
	if cr.Installation == "" && m.Installation != "" {
		// Paired before installations had IDs: pin it now, as the key
		// was pinned, from a manifest signed with the pinned key.
		p.log.Info("ghim mã hệ thống của máy chủ từ bản kê đầu tiên có mã", "installation", m.Installation)
		cr.Installation = m.Installation
	}
	if err := p.setCredentials(cr); err != nil {
		return fmt.Errorf("lưu thông tin bảng: %w", err)
	}
	p.correctClock(m.IssuedAt, received)
	select {
	case p.manifests <- m:
	case <-ctx.Done():
		return ctx.Err()
	}
	p.log.Info("đã nhận bản kê mới", "revision", m.Revision, "assets", len(m.Assets()))
	if n, err := p.cache.trim(m, p.currentStatus().Asset, cacheBudget(p.cfg.CacheBudget)); err != nil {
		p.log.Warn("không dọn được bộ nhớ đệm", "err", err)
	} else if n > 0 {
		p.log.Info("đã xoá các ảnh lâu không hiện để giữ bộ nhớ đệm trong hạn mức", "count", n)
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
	p.log.Warn("lần kết nối đầu tiên: ghim khoá của máy chủ điều khiển", "key", signed.Key)
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
		p.log.Warn("đồng hồ máy bảng lệch so với máy chủ điều khiển; bảng theo giờ của máy chủ", "offset", off.Round(time.Millisecond))
	}
}

// fetchMissing downloads the manifest's pictures not in the cache. The
// download connections are closed once done: a board that kept one
// alive would hold memory on the controller for nothing, and there may
// be ten thousand boards.
func (p *Player) fetchMissing(ctx context.Context, m *playlists.Manifest) error {
	defer p.http.CloseIdleConnections()
	for _, sum := range p.cache.missing(m) {
		if err := p.fetch(ctx, sum); err != nil {
			return fmt.Errorf("tải ảnh %s…: %w", sum[:12], err)
		}
	}
	return nil
}

// fetch downloads one picture into the cache, refusing content whose
// sha256 differs from its name.
func (p *Player) fetch(ctx context.Context, sum string) error {
	u, err := url.JoinPath(p.controllers.current().String(), protocol.AssetPath+sum)
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
