package netguard

import (
	"context"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
)

// Players' requests are checked before anything else happens: requireBoard
// looks the board token up before a websocket is upgraded or a picture
// served, and pairing takes no token at all. Those unauthenticated
// requests are what anyone on the internet can pile up, so a handshake
// gate bounds how many are handled at once: a request waits a moment
// for a place, then is refused with 503 and Retry-After. The gate is
// left as soon as the token is found good (HandshakeDone), so a board's
// websocket link or a long picture download holds no place.
const (
	// DefaultMaxHandshakes: a token check is one indexed SQLite read, a
	// millisecond or so; 64 at once keeps both CPUs busy and the database
	// pool queue short while a whole fleet reconnects after a restart.
	DefaultMaxHandshakes = 64
	// handshakeWait is how long a player's request waits for a place:
	// long enough to ride out a reconnect burst, short enough that
	// refused players back off (as they do on any error) instead of
	// holding connections.
	handshakeWait = 2 * time.Second
	// handshakeRetryAfter is what a refused player is told to wait.
	handshakeRetryAfter = 5 * time.Second
)

// Semaphore bounds work done at once.
type Semaphore chan struct{}

// Acquire takes a place, waiting for one at most wait (or forever when
// wait is negative); false means none came free in time.
func (s Semaphore) Acquire(ctx context.Context, wait time.Duration) bool {
	select {
	case s <- struct{}{}:
		return true
	default:
	}
	var timeout <-chan time.Time
	if wait >= 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case s <- struct{}{}:
		return true
	case <-timeout:
		return false
	case <-ctx.Done():
		return false
	}
}

func (s Semaphore) Release() { <-s }

// HandshakeGate is the gate described above.
type HandshakeGate struct {
	Slots Semaphore
	Wait  time.Duration
}

const gateReleaseKey = "codong.gate"

func NewHandshakeGate(n int) *HandshakeGate {
	return &HandshakeGate{Slots: make(Semaphore, n), Wait: handshakeWait}
}

// Enter is the middleware put before the token check.
func (g *HandshakeGate) Enter(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !g.Slots.Acquire(c.Request().Context(), g.Wait) {
			return respond.Busy(c, handshakeRetryAfter, "Máy chủ đang bận tiếp nhận nhiều bảng cùng lúc; bảng sẽ tự thử lại sau ít giây.")
		}
		var once sync.Once
		leave := func() { once.Do(g.Slots.Release) }
		defer leave()
		c.Set(gateReleaseKey, leave)
		return next(c)
	}
}

// HandshakeDone is the middleware put after the token check: the player
// is known, it leaves the gate.
func HandshakeDone(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if leave, ok := c.Get(gateReleaseKey).(func()); ok {
			leave()
		}
		return next(c)
	}
}
