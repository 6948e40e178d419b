package netguard

import (
	"container/list"
	"context"
	"crypto/tls"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
)

// DefaultMaxConnsPerAddress bounds the connections one address may hold
// open. Many boards and officers share one public address: a commune's
// office router with its boards and the staff's browsers (six
// connections each), and above all boards on mobile data, which carriers
// put behind shared (CGNAT) addresses by the hundred. 256 leaves room for
// that while one address, whatever it does, holds only a sliver of the
// many thousands of connections a controller's file limit allows.
const DefaultMaxConnsPerAddress = 256

// FallbackMaxConns bounds open connections when the open-file limit
// cannot be read (Windows has no RLIMIT_NOFILE): a province's ten
// thousand boards, each with its link and now and then a download.
const FallbackMaxConns = 20000

// MaxConnsFor is the cap on open connections under an open-file limit:
// the limit less FileReserve, so the database, the pictures and the
// listener always find a descriptor and /healthz keeps answering. Below
// the reserve (a limit no board could live with anyway; the start-up
// note says so) half the limit goes to connections.
func MaxConnsFor(limit uint64, known bool) int {
	switch {
	case !known:
		return FallbackMaxConns
	case limit <= FileReserve:
		return int(max(limit/2, 1))
	default:
		return int(min(limit-FileReserve, 1<<30))
	}
}

// ConnLimiter is the listener with caps on open connections, in all and
// per address. At a cap it first closes the connection that has been
// idle longest (a keep-alive waiting for its next request, or a new one
// that has not finished its request line and headers), from the same
// address when the address is at its cap; only when every connection is
// busy (a request being served, a board's websocket link) is the newcomer
// refused, by closing it at once. So a flood of idle connections cannot
// lock anyone out: each newcomer displaces the flood's oldest member,
// and /healthz answers.
//
// A connection stops counting against its address once a request on it
// has proved a board's token (BoardProven): a province's boards behind
// one carrier address, with their links and their downloads after an
// edit, are bounded by the boards registered, not by this cap, and must
// not lock the officers behind the same router out of the console. It
// still counts in all.
//
// Closing at accept rather than answering 503 keeps a refusal as cheap
// as possible and is the same under TLS, whose handshake has not begun.
type ConnLimiter struct {
	net.Listener
	max, perAddress int
	log             *slog.Logger

	mu     sync.Mutex
	open   int
	idle   list.List // of *limitedConn, longest idle first
	byAddr map[string]*addressConns
}

type addressConns struct {
	open int
	idle list.List // of *limitedConn, longest idle first
}

// limitedConn is a connection counted by its ConnLimiter until closed.
type limitedConn struct {
	net.Conn
	l    *ConnLimiter
	addr string
	// Guarded by l.mu: counted until released, and in its address's
	// count until then or until it becomes a board's link; idle elements
	// while idle.
	counted, perAddress bool
	idleAll, idleOwned  *list.Element
}

func NewConnLimiter(ln net.Listener, maxConns, perAddress int, log *slog.Logger) *ConnLimiter {
	return &ConnLimiter{Listener: ln, max: maxConns, perAddress: perAddress, log: log, byAddr: make(map[string]*addressConns)}
}

// Accept returns the next connection within the caps; refused ones are
// closed here and never reach the server.
func (l *ConnLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if lc := l.admit(c); lc != nil {
			return lc, nil
		}
		c.Close()
	}
}

func (l *ConnLimiter) admit(c net.Conn) *limitedConn {
	addr := remoteAddressKey(c.RemoteAddr())
	var victims []*limitedConn
	defer func() {
		for _, v := range victims {
			v.Conn.Close()
		}
	}()
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.byAddr[addr]
	if a == nil {
		a = &addressConns{}
		l.byAddr[addr] = a
	}
	if a.open >= l.perAddress {
		v := oldest(&a.idle)
		if v == nil {
			l.refusedLocked(addr, a)
			l.log.Debug("connection refused: too many from its address", "address", addr, "open", a.open)
			return nil
		}
		l.releaseLocked(v)
		victims = append(victims, v)
	}
	if l.open >= l.max {
		v := oldest(&l.idle)
		if v == nil {
			l.refusedLocked(addr, a)
			l.log.Debug("connection refused: too many open", "open", l.open)
			return nil
		}
		l.releaseLocked(v)
		victims = append(victims, v)
	}
	lc := &limitedConn{Conn: c, l: l, addr: addr, counted: true, perAddress: true}
	l.open++
	a.open++
	l.markIdleLocked(lc, a)
	return lc
}

// refusedLocked forgets an address entry made for a refused newcomer.
func (l *ConnLimiter) refusedLocked(addr string, a *addressConns) {
	if a.open == 0 {
		delete(l.byAddr, addr)
	}
}

func oldest(idle *list.List) *limitedConn {
	if e := idle.Front(); e != nil {
		return e.Value.(*limitedConn)
	}
	return nil
}

func (l *ConnLimiter) markIdleLocked(c *limitedConn, a *addressConns) {
	if !c.counted || c.idleAll != nil {
		return
	}
	c.idleAll = l.idle.PushBack(c)
	if c.perAddress && a != nil {
		c.idleOwned = a.idle.PushBack(c)
	}
}

func (l *ConnLimiter) markBusyLocked(c *limitedConn, a *addressConns) {
	if c.idleAll != nil {
		l.idle.Remove(c.idleAll)
		c.idleAll = nil
	}
	if c.idleOwned != nil {
		a.idle.Remove(c.idleOwned)
		c.idleOwned = nil
	}
}

// releaseLocked stops counting c; its Close then only closes.
func (l *ConnLimiter) releaseLocked(c *limitedConn) {
	if !c.counted {
		return
	}
	l.markBusyLocked(c, l.byAddr[c.addr])
	l.leaveAddressLocked(c)
	c.counted = false
	l.open--
}

// leaveAddressLocked stops counting c against its address.
func (l *ConnLimiter) leaveAddressLocked(c *limitedConn) {
	if !c.perAddress {
		return
	}
	a := l.byAddr[c.addr]
	if c.idleOwned != nil {
		a.idle.Remove(c.idleOwned)
		c.idleOwned = nil
	}
	c.perAddress = false
	if a.open--; a.open == 0 {
		delete(l.byAddr, c.addr)
	}
}

// Close closes the connection and frees its place.
func (c *limitedConn) Close() error {
	c.l.mu.Lock()
	c.l.releaseLocked(c)
	c.l.mu.Unlock()
	return c.Conn.Close()
}

// TrackState is the http.Server's ConnState hook: it tells the limiter
// which connections are idle, hence may be closed to make room.
func (l *ConnLimiter) TrackState(nc net.Conn, state http.ConnState) {
	if tc, ok := nc.(*tls.Conn); ok {
		nc = tc.NetConn()
	}
	c, ok := nc.(*limitedConn)
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !c.counted {
		return
	}
	switch state {
	case http.StateNew, http.StateIdle:
		l.markIdleLocked(c, l.byAddr[c.addr])
	case http.StateActive, http.StateHijacked:
		l.markBusyLocked(c, l.byAddr[c.addr])
	}
}

// connKey finds a request's connection in its context.
type connKey struct{}

// ConnContext is the http.Server's ConnContext hook: requests carry
// their connection, so a handler can tell the limiter what it learnt.
func (l *ConnLimiter) ConnContext(ctx context.Context, nc net.Conn) context.Context {
	if tc, ok := nc.(*tls.Conn); ok {
		nc = tc.NetConn()
	}
	if c, ok := nc.(*limitedConn); ok {
		return context.WithValue(ctx, connKey{}, c)
	}
	return ctx
}

// BoardProven stops counting the request's connection against its
// address: a request on it proved a board's token.
func BoardProven(ctx context.Context) {
	c, ok := ctx.Value(connKey{}).(*limitedConn)
	if !ok {
		return
	}
	c.l.mu.Lock()
	defer c.l.mu.Unlock()
	if c.counted {
		c.l.leaveAddressLocked(c)
	}
}

// Counts reports the open connections in all and from addr (tests).
func (l *ConnLimiter) Counts(addr string) (all, fromAddr int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if a := l.byAddr[addr]; a != nil {
		fromAddr = a.open
	}
	return l.open, fromAddr
}

// Busy reports the connections from addr being served (tests).
func (l *ConnLimiter) Busy(addr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if a := l.byAddr[addr]; a != nil {
		return a.open - a.idle.Len()
	}
	return 0
}

// remoteAddressKey groups connections as pairing does: by IPv4 address
// or IPv6 /64.
func remoteAddressKey(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok {
		return AddressKey(ta.AddrPort().Addr().Unmap().String())
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return AddressKey(host)
}

// AddressKey groups waiting players by where they come from: one IPv4
// address, or one IPv6 /64 (what a single site is usually given).
func AddressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Is4() || a.Is4In6() {
		return ip
	}
	p, _ := a.Prefix(64)
	return p.String()
}
