package player

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// Waits between sessions. backoffFloor keeps even the luckiest draw of
// the jitter from reconnecting in a tight loop.
const (
	backoffMin   = time.Second
	backoffMax   = 60 * time.Second
	backoffFloor = 100 * time.Millisecond
)

// backoff is exponential with full jitter, so a fleet that lost its
// controller does not reconnect in lockstep when it returns.
type backoff struct {
	attempt int
	// jitter draws a number in [0, n); nil means math/rand/v2. Tests
	// inject their own.
	jitter func(n int64) int64
}

func (b *backoff) next() time.Duration {
	ceil := backoffMin << min(b.attempt, 10)
	b.attempt++
	if ceil > backoffMax || ceil <= 0 {
		ceil = backoffMax
	}
	jitter := b.jitter
	if jitter == nil {
		jitter = rand.Int64N
	}
	return time.Duration(jitter(int64(ceil))) + backoffFloor
}

func (b *backoff) reset() { b.attempt = 0 }

// supervisor keeps the board linked to its controller: it pairs while
// the board has no token, runs sessions one after another, moves to the
// next controller and waits between them, and takes the board out of
// service when the controller revokes it. Its parts are fields so that tests drive it without a network or
// a clock.
type supervisor struct {
	p       *Player
	pair    func(context.Context) error
	session func(context.Context) (converged bool, err error)
	sleep   func(context.Context, time.Duration)
	backoff backoff
}

func newSupervisor(p *Player) *supervisor {
	return &supervisor{p: p, pair: p.pair, session: p.runSession, sleep: sleep}
}

// run supervises until ctx ends.
func (s *supervisor) run(ctx context.Context) {
	log := s.p.log
	// damagedBefore: the last session ended for a damaged picture.
	damagedBefore := false
	for ctx.Err() == nil {
		if s.p.credentials().Token == "" {
			if err := s.pair(ctx); err != nil {
				if ctx.Err() == nil {
					log.Error("ghép nối không thành công", "err", err)
					s.p.switchController()
				}
				s.sleep(ctx, s.backoff.next())
				continue
			}
			s.backoff.reset()
		}
		converged, err := s.session(ctx)
		if errors.Is(err, errRevoked) {
			s.p.revoked(ctx)
			continue
		}
		if ctx.Err() != nil || errors.Is(err, ErrRestart) {
			return
		}
		if errors.Is(err, errCacheReset) {
			// The controller was there a moment ago: link again at once,
			// to the same controller, for the pictures.
			continue
		}
		damaged := errors.Is(err, errCacheDamaged)
		if damaged && !damagedBefore {
			// The controller was there a moment ago and must send the
			// manifest again: reconnect at once.
			damagedBefore = true
			log.Warn("ảnh trong bộ nhớ đệm bị hỏng; kết nối lại để tải lại")
			continue
		}
		damagedBefore = damaged
		// A session that delivered a manifest proves the controller
		// healthy: the next failure is a fresh one. Not when pictures
		// keep going bad right after they are fetched (a failing card):
		// then the board backs off like any repeated failure instead of
		// downloading in a loop.
		// Nor when the link ended on a manifest tampered with: a line
		// that lets a link's first manifest through and alters the next
		// would otherwise have the board reconnect at once, every time.
		if converged && !damaged && !isTampered(err) {
			s.backoff.reset()
		}
		// Whatever ended the link (a refused or failed handshake, a
		// drop), another controller of the installation may serve the
		// board: try the next one. A revocation does not get here, as
		// every controller shares the database that revoked the board.
		s.p.switchController()
		wait := s.backoff.next()
		log.Warn("mất kết nối tới máy chủ điều khiển; sẽ thử lại", "err", err, "in", wait.Round(time.Millisecond))
		s.sleep(ctx, wait)
	}
}

// revoked takes a removed board out of service: it forgets its secret
// and its manifest and stops rotating, so what stays on the display is
// the pairing code, not content nobody manages any more.
func (p *Player) revoked(ctx context.Context) {
	p.log.Error("máy chủ điều khiển đã thu hồi mã bảng (bảng đã bị xoá); trở lại chờ ghép nối")
	// Keep the pinned key and installation: the board pairs again only
	// with the same controller. Moving it to another controller is a manual step
	// (delete board.json).
	cr := p.credentials()
	if err := p.setCredentials(credentials{ControllerKey: cr.ControllerKey, Installation: cr.Installation, FlagToken: cr.FlagToken, Revision: cr.Revision}); err != nil {
		p.log.Error("không xoá được thông tin bảng", "err", err)
	}
	if err := p.cache.forgetManifest(); err != nil {
		p.log.Error("không xoá được bản kê", "err", err)
	}
	// Unconfirmed plays belonged to the removed board: never count them
	// under whatever board this one becomes.
	if err := p.plays.drop(); err != nil {
		p.log.Error("không xoá được nhật ký phát", "err", err)
	}
	select {
	case p.manifests <- nil:
	case <-ctx.Done():
	}
}

// sleep waits for d, or less if ctx ends first.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
