package player

import (
	"context"
	"errors"
	"testing"

	"codong/protocol"
)

const (
	installationX = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	installationY = "aaaabbbbccccddddeeeeffff00001111"
)

// TestSessionRefusesOtherInstallation: a board that pinned installation
// X refuses a manifest properly signed with its pinned key by
// installation Y, or naming none, as it refuses one for another board:
// not acknowledged, nothing fetched, credentials unchanged.
func TestSessionRefusesOtherInstallation(t *testing.T) {
	for name, from := range map[string]string{"from another installation": installationY, "naming no installation": ""} {
		t.Run(name, func(t *testing.T) {
			pub, priv := testKey(t)
			fc := newFakeController(t, priv)
			p := testPlayer(t, fc.url(), pub)
			cr := p.credentials()
			cr.BoardID, cr.Revision, cr.Installation = 7, 2, installationX
			p.setCredentials(cr)
			_, _, result := startSession(t.Context(), p)
			conn := fc.link()
			m := testManifest(7, 3, fc.sum)
			m.Installation = from
			fc.sendManifest(conn, m)
			expect(t, conn, protocol.TypeStatus)
			if e := expect(t, conn, protocol.TypeError); e.Error.Code != "refused" {
				t.Errorf("refusal code %q", e.Error.Code)
			}
			if err := within(t, result, "end of the session"); err == nil || errors.Is(err, context.Canceled) {
				t.Errorf("session ended with %v", err)
			}
			if got := p.credentials(); got != cr {
				t.Errorf("credentials %+v, want %+v", got, cr)
			}
			if n := fc.fetches.Load(); n != 0 {
				t.Errorf("%d pictures fetched for a refused manifest", n)
			}
		})
	}
}

// TestSessionPinsInstallation: a board paired before installations had
// IDs (none pinned) adopts the first manifest that names one and pins
// it; from then on it is that installation's.
func TestSessionPinsInstallation(t *testing.T) {
	pub, priv := testKey(t)
	fc := newFakeController(t, priv)
	p := testPlayer(t, fc.url(), pub)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		for {
			select {
			case <-p.manifests:
			case <-ctx.Done():
				return
			}
		}
	}()
	_, _, result := startSession(ctx, p)
	conn := fc.link()
	m := testManifest(7, 3, fc.sum)
	m.Installation = installationX
	fc.sendManifest(conn, m)
	expect(t, conn, protocol.TypeStatus)
	expect(t, conn, protocol.TypeAck)
	if got := p.credentials().Installation; got != installationX {
		t.Fatalf("pinned installation %q, want %q", got, installationX)
	}
	saved, err := p.cache.credentials()
	if err != nil || saved.Installation != installationX {
		t.Fatalf("saved credentials %+v, %v; want installation %q", saved, err, installationX)
	}
	cancel()
	within(t, result, "end of the session")
}

// TestSessionRevocationOfOtherInstallation: a revocation signed with the
// pinned key counts only from the pinned installation; one from another
// installation is refused (errForeignRevocation), and a board that
// pinned none takes either, as before.
func TestSessionRevocationOfOtherInstallation(t *testing.T) {
	tests := []struct {
		name       string
		pinned, by string
		want       error
	}{
		{"from the pinned installation", installationX, installationX, errRevoked},
		{"from another installation", installationX, installationY, errForeignRevocation},
		{"naming no installation", installationX, "", errForeignRevocation},
		{"none pinned", "", installationY, errRevoked},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pub, priv := testKey(t)
			fc := newFakeController(t, priv)
			fc.refusal = func(token, nonce string) *protocol.Revocation { return protocol.RevokeFor(token, nonce, tc.by, priv) }
			p := testPlayer(t, fc.url(), pub)
			cr := p.credentials()
			cr.Installation = tc.pinned
			p.setCredentials(cr)
			if _, err := p.runSession(t.Context()); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}
