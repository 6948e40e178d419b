package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"

	"codong/protocol"
)

// endpoint is a controller boards link to: several controllers can
// share one PostgreSQL database, and a province's boards are then spread
// over them. Every address is checked loopback-only, as -controller is.
type endpoint struct {
	base  string // URL with its host replaced by the checked address
	wsURL string
	ipv4  bool // only IPv4 targets can be dialed from 127.0.0.K
}

func newEndpoint(u *url.URL, ip net.IP) endpoint {
	base := withHost(u, ip).String()
	return endpoint{base: base, wsURL: "ws" + base[len("http"):] + protocol.ConnectPath, ipv4: ip.To4() != nil}
}

// linkEndpoints checks and resolves every address boards link to: the
// -link-to list, or the operator's controller alone.
func linkEndpoints(ctx context.Context, cfg Config) ([]endpoint, error) {
	addrs := cfg.LinkTo
	if len(addrs) == 0 {
		addrs = []*url.URL{cfg.Controller}
	}
	out := make([]endpoint, 0, len(addrs))
	for _, u := range addrs {
		ip, err := loopbackTarget(ctx, u)
		if err != nil {
			return nil, err
		}
		out = append(out, newEndpoint(u, ip))
	}
	return out, nil
}

// endpointOf is the controller board i (in creation order) links to:
// round-robin, so each controller gets every size and group.
func (f *fleet) endpointOf(i int) endpoint { return f.endpoints[i%len(f.endpoints)] }

// sourceFor is the local address board i dials from; towards an IPv6
// controller it is the default one (nil), whatever the sources are.
func (f *fleet) sourceFor(i int, ep endpoint) net.IP {
	if !ep.ipv4 {
		return nil
	}
	return f.sources[i%len(f.sources)]
}

// checkEndpoints makes sure every controller boards link to answers
// before any board is created, so a mistyped port fails at once.
func (f *fleet) checkEndpoints(ctx context.Context) error {
	client := &http.Client{Timeout: healthTimeout}
	defer client.CloseIdleConnections()
	for _, ep := range f.endpoints {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ep.base+"/healthz", nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("không kết nối được controller tại %s (-link-to): %w", ep.base, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("controller tại %s (-link-to) trả về %s cho /healthz", ep.base, resp.Status)
		}
	}
	return nil
}

// linkedTo counts the boards linked to the controller at base.
func (f *fleet) linkedTo(base string) int {
	n := 0
	for _, b := range f.all() {
		if b.ep.base == base {
			n++
		}
	}
	return n
}
