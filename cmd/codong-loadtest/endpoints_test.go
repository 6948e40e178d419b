package main

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"codong/internal/pgtest"
	"codong/protocol"
)

func TestParseLinkTo(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
		ok   bool
	}{
		{"empty: the controller alone", "", nil, true},
		{"two controllers", "http://127.0.0.1:8096, http://127.0.0.1:8097", []string{"http://127.0.0.1:8096", "http://127.0.0.1:8097"}, true},
		{"stray commas", ",http://[::1]:8096,,", []string{"http://[::1]:8096"}, true},
		{"not http", "http://127.0.0.1:8096,ws://127.0.0.1:8097", nil, false},
		{"no host", "http://", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseLinkTo(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("parseLinkTo(%q) = %v, want ok %v", tc.in, err, tc.ok)
			}
			var list []string
			for _, u := range got {
				list = append(list, u.String())
			}
			if !slices.Equal(list, tc.want) {
				t.Errorf("parseLinkTo(%q) = %v, want %v", tc.in, list, tc.want)
			}
		})
	}
}

func TestLinkToCommandLine(t *testing.T) {
	cfg, _, err := parseFlags([]string{"-token", "cda_x", "-controller", "http://127.0.0.1:8096", "-link-to", "http://127.0.0.1:8096,http://localhost:8097"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.LinkTo) != 2 || cfg.LinkTo[1].Host != "localhost:8097" || cfg.Controller.Host != "127.0.0.1:8096" {
		t.Errorf("controller %v, link to %v", cfg.Controller, cfg.LinkTo)
	}
	t.Setenv("CODONG_TOKEN", "")
	up, token, _ := startController(t)
	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"one not loopback", []string{"-token", "cda_x", "-link-to", "http://127.0.0.1:8096,http://192.0.2.1:8097"}, exitUsage, "192.0.2.1"},
		{"not a URL", []string{"-token", "cda_x", "-link-to", "127.0.0.1:8097"}, exitUsage, "không hợp lệ"},
		{"one down", []string{"-token", token, "-controller", up.String(), "-link-to", up.String() + ",http://127.0.0.1:1"}, exitFailed, "không kết nối được controller tại http://127.0.0.1:1 (-link-to)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			if code := runMain(tc.args, &stdout, &stderr); code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.says) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tc.says)
			}
		})
	}
}

func TestRoundRobin(t *testing.T) {
	a, b := endpoint{base: "a", ipv4: true}, endpoint{base: "b", ipv4: true}
	v6 := endpoint{base: "v6"}
	f := &fleet{endpoints: []endpoint{a, b, v6}, sources: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv4(127, 0, 0, 2)}}
	var got []string
	for i := range 7 {
		got = append(got, f.endpointOf(i).base)
	}
	if want := []string{"a", "b", "v6", "a", "b", "v6", "a"}; !slices.Equal(got, want) {
		t.Errorf("boards 0–6 link to %v, want %v", got, want)
	}
	if src := f.sourceFor(1, b); !src.Equal(net.IPv4(127, 0, 0, 2)) {
		t.Errorf("board 1 dials from %v, want 127.0.0.2", src)
	}
	if src := f.sourceFor(2, v6); src != nil {
		t.Errorf("a board linked to an IPv6 controller dials from %v, want the default address", src)
	}
}

// visits records which boards (by token) linked to, and fetched pictures
// from, one listening address.
type visits struct {
	mu      sync.Mutex
	links   map[string]bool
	fetches map[string]bool
}

func (v *visits) wrap(next http.Handler) http.Handler {
	v.links, v.fetches = map[string]bool{}, map[string]bool{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, board := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer cdb_")
		v.mu.Lock()
		switch {
		case board && r.URL.Path == protocol.ConnectPath:
			v.links[token] = true
		case board && strings.HasPrefix(r.URL.Path, protocol.AssetPath):
			v.fetches[token] = true
		}
		v.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// TestLinkToSpreadsBoards runs a small realistic fleet over two
// addresses: each must get half the boards, every one of which links to
// and fetches from that address only, while the operator's API and
// /fleet stay on the first. With PostgreSQL configured the two addresses
// are two real controllers sharing it, as in production; the other case
// is one controller on SQLite listening twice, which checks the
// harness's own wiring on every run.
func TestLinkToSpreadsBoards(t *testing.T) {
	tests := []struct {
		name     string
		postgres bool
	}{
		{"one controller listening twice", false},
		{"two controllers on PostgreSQL", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var first, second visits
			var u1, u2 *url.URL
			var c *testController
			if tc.postgres {
				db := pgtest.URL(t)
				c = newTestController(t, t.TempDir(), db)
				other := newTestController(t, pgtest.SecondDataDir(t, c.data), db)
				u1, u2 = c.serve(t, first.wrap), other.serve(t, second.wrap)
			} else {
				c = newTestController(t, t.TempDir(), "")
				u1, u2 = c.serve(t, first.wrap), c.serve(t, second.wrap)
			}
			const boards = 10
			sizes, _ := parseSizes("384x128")
			phases, _ := parsePhases("edit")
			cfg := Config{
				Controller: u1, LinkTo: []*url.URL{u1, u2}, Token: c.token, ApproverToken: c.approver, Boards: boards, Sizes: sizes, Phases: phases, Warm: true,
				Settle: 200 * time.Millisecond, IdleWindow: time.Second, PlaysGrace: 5 * time.Second,
				Timeout: 50 * time.Second, PhaseTimeout: 30 * time.Second, Progress: testWriter{t},
			}
			rep, err := run(context.Background(), cfg)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if want := []string{u1.String(), u2.String()}; !slices.Equal(rep.LinkTo, want) {
				t.Errorf("report links to %v, want %v", rep.LinkTo, want)
			}
			for _, ch := range rep.Changes {
				if ch.Acked != boards || ch.FleetMs <= 0 {
					t.Errorf("%s: %d/%d acked, /fleet %v ms", ch.ID, ch.Acked, boards, ch.FleetMs)
				}
			}
			if len(first.links) != boards/2 || len(second.links) != boards/2 {
				t.Errorf("%d boards linked to the first address, %d to the second; want %d each", len(first.links), len(second.links), boards/2)
			}
			for token := range first.links {
				if second.links[token] || second.fetches[token] {
					t.Errorf("board cdb_%.6s… reached both addresses", token)
				}
			}
			if !sameKeys(first.fetches, first.links) || !sameKeys(second.fetches, second.links) {
				t.Errorf("boards fetched the edited slogan's picture elsewhere than where they link: %d/%d and %d/%d",
					len(first.fetches), len(first.links), len(second.fetches), len(second.links))
			}
			if rep.Deleted != boards {
				t.Errorf("deleted %d boards, want %d", rep.Deleted, boards)
			}
		})
	}
}

func sameKeys(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}
