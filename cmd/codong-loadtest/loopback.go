package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// errRefusedTarget marks a controller address the harness will not load:
// it opens thousands of connections and must never be pointed, by a typo,
// at a controller other people depend on across a network.
var errRefusedTarget = errors.New("chỉ được thử tải controller trên chính máy này (địa chỉ loopback)")

// loopbackTarget resolves the controller's host and returns the address to
// dial, refusing unless every address the name resolves to is loopback.
// IPv4 is preferred, since only it offers the many source addresses.
func loopbackTarget(ctx context.Context, u *url.URL) (net.IP, error) {
	host := u.Hostname()
	var ips []net.IP
	if ip := net.ParseIP(host); ip != nil {
		ips = []net.IP{ip}
	} else {
		addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
		if err != nil || len(addrs) == 0 {
			return nil, fmt.Errorf("%w: không phân giải được “%s”", errRefusedTarget, host)
		}
		for _, a := range addrs {
			ips = append(ips, a.IP)
		}
	}
	var outside []string
	for _, ip := range ips {
		if !ip.IsLoopback() {
			outside = append(outside, ip.String())
		}
	}
	if len(outside) > 0 {
		return nil, fmt.Errorf("%w: “%s” trỏ tới %s, không phải địa chỉ loopback", errRefusedTarget, host, strings.Join(outside, ", "))
	}
	for _, ip := range ips {
		if ip.To4() != nil {
			return ip, nil
		}
	}
	return ips[0], nil
}

// withHost is u with its host replaced by ip (port kept), so every
// connection goes to the address that was checked.
func withHost(u *url.URL, ip net.IP) *url.URL {
	out := *u
	port := u.Port()
	if port == "" {
		port = "80"
	}
	out.Host = net.JoinHostPort(ip.String(), port)
	out.Path = strings.TrimSuffix(out.Path, "/")
	return &out
}

// Source addresses. Linux has about 28,000 ephemeral ports (32768–60999)
// per source address; connections are spread so each source stays far
// below that, with room for sockets still closing. A controller also
// caps the connections one address holds before they prove a board's
// token (256 by default): a realistic board's picture downloads after an
// edit all open at once, so a source carries at most perSourceBoards of
// them, as a commune's router does, not a whole province's fleet.
const (
	perSourceConnections = 8000
	perSourceBoards      = 200
	maxSources           = 250
)

// autoSources is how many source addresses a run needs: at most
// perSourceBoards boards behind each, light or not, since in the
// reconnect storm every board of a source dials within the same second
// and the controller refuses an address's connections beyond its cap
// until they prove a board's token; and few enough connections per
// source for its ports (a realistic board holds two: its link and its
// picture downloads, a light one only its link).
func autoSources(boards int, light bool) int {
	conns := boards * 2
	if light {
		conns = boards
	}
	need := (boards + perSourceBoards - 1) / perSourceBoards
	need = max(need, (conns+perSourceConnections-1)/perSourceConnections)
	return min(max(need, 1), maxSources)
}

// sourceAddrs lists the local addresses boards dial from. Only IPv4 has a
// whole loopback network (127.0.0.0/8); towards ::1 every board dials from
// the one default address (nil).
func sourceAddrs(target net.IP, k int) []net.IP {
	if target.To4() == nil {
		return []net.IP{nil}
	}
	out := make([]net.IP, k)
	for i := range out {
		out[i] = net.IPv4(127, 0, 0, byte(i+1))
	}
	return out
}

// dialerFrom returns a dialer bound to a source address (nil: any).
func dialerFrom(src net.IP) *net.Dialer {
	d := &net.Dialer{Timeout: handshakeLimit}
	if src != nil {
		d.LocalAddr = &net.TCPAddr{IP: src}
	}
	return d
}
