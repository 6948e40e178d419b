package player

import (
	"context"
	"crypto/ed25519"
	"errors"
	"slices"
	"testing"
	"time"

	"codong/playlists"
	"codong/protocol"
)

// startSession runs a session of p in the background; the test sends
// its ticks. The returned channel gives run's error.
func startSession(ctx context.Context, p *Player) (*session, chan<- time.Time, <-chan error) {
	ticks := make(chan time.Time)
	s := &session{p: p, tick: ticks}
	result := make(chan error, 1)
	go func() { result <- s.run(ctx) }()
	return s, ticks, result
}

// TestSessionAdoptsManifest: the controller's first frame is the
// manifest; the board reports itself with a thumbnail, fetches the
// picture, hands the manifest to the engine, acknowledges it, and lets go
// of the download connection.
func TestSessionAdoptsManifest(t *testing.T) {
	pub, priv := testKey(t)
	fc := newFakeController(t, priv)
	p := testPlayer(t, fc.url(), pub)
	cr := p.credentials()
	cr.BoardID, cr.Revision = 7, 2
	p.setCredentials(cr)
	p.setThumbnail(fc.sum, fc.picture, false, 0, 0)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	adopted := make(chan *playlists.Manifest, 1)
	go func() {
		select {
		case m := <-p.manifests:
			adopted <- m
		case <-ctx.Done():
		}
	}()

	s, _, result := startSession(ctx, p)
	conn := fc.link()
	fc.sendManifest(conn, testManifest(7, 3, fc.sum))
	if st := expect(t, conn, protocol.TypeStatus); len(st.Status.Thumbnail) == 0 {
		t.Error("the status at link start has no thumbnail")
	}
	if ack := expect(t, conn, protocol.TypeAck); ack.Ack.Revision != 3 {
		t.Errorf("acknowledged revision %d, want 3", ack.Ack.Revision)
	}
	if m := within(t, adopted, "manifest for the engine"); m.Revision != 3 {
		t.Errorf("engine got revision %d, want 3", m.Revision)
	}
	if got := p.credentials(); got.BoardID != 7 || got.Revision != 3 {
		t.Errorf("credentials %+v, want board 7 at revision 3", got)
	}
	if n := fc.fetches.Load(); n != 1 {
		t.Errorf("%d downloads, want 1", n)
	}
	within(t, fc.downloadsClosed, "closing of the idle download connection")

	cancel()
	if err := within(t, result, "end of the session"); !errors.Is(err, context.Canceled) {
		t.Errorf("session ended with %v", err)
	}
	if !s.converged {
		t.Error("a session that adopted a manifest did not converge")
	}
}

// TestSessionPlays: plays are offered at link start, offered again at
// the next tick while unconfirmed, and forgotten once confirmed.
func TestSessionPlays(t *testing.T) {
	pub, priv := testKey(t)
	fc := newFakeController(t, priv)
	p := testPlayer(t, fc.url(), pub)
	for id := range int64(2) {
		p.plays.append(protocol.Play{ID: id + 1, Playlist: "default", ItemID: 1, Seconds: 10})
	}
	ids := func(m protocol.Message) []int64 {
		var out []int64
		for _, r := range m.Plays.Records {
			out = append(out, r.ID)
		}
		return out
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	_, ticks, _ := startSession(ctx, p)
	conn := fc.link()

	expect(t, conn, protocol.TypeStatus)
	if got := ids(expect(t, conn, protocol.TypePlays)); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("plays at link start %v, want [1 2]", got)
	}
	ticks <- time.Now()
	expect(t, conn, protocol.TypeStatus)
	if got := ids(expect(t, conn, protocol.TypePlays)); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("unconfirmed plays offered again as %v, want [1 2]", got)
	}

	if err := conn.WriteJSON(protocol.NewPlaysAck(2)); err != nil {
		t.Fatal(err)
	}
	// Whether the new play or the confirmation reaches the session
	// first, the next offer holds only the new play.
	p.plays.append(protocol.Play{ID: 3, Playlist: "default", ItemID: 1, Seconds: 10})
	poke(p.playsCh)
	if got := ids(expect(t, conn, protocol.TypePlays)); !slices.Equal(got, []int64{3}) {
		t.Fatalf("plays after the confirmation %v, want [3]", got)
	}
	if recs, _ := p.plays.pending(10); len(recs) != 1 || recs[0].ID != 3 {
		t.Fatalf("journal after the confirmation: %+v", recs)
	}
}

// TestSessionRefusesManifest: a properly signed manifest for another
// board, or older than the one adopted, is refused, not acknowledged,
// and ends the session; the board keeps what it had.
func TestSessionRefusesManifest(t *testing.T) {
	tests := []struct {
		name           string
		board, rev     int64
		haveB, haveRev int64
	}{
		{"for another board", 8, 3, 7, 2},
		{"older than the one adopted", 7, 4, 7, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pub, priv := testKey(t)
			fc := newFakeController(t, priv)
			p := testPlayer(t, fc.url(), pub)
			cr := p.credentials()
			cr.BoardID, cr.Revision = tc.haveB, tc.haveRev
			p.setCredentials(cr)
			s, _, result := startSession(t.Context(), p)
			conn := fc.link()
			fc.sendManifest(conn, testManifest(tc.board, tc.rev, fc.sum))

			expect(t, conn, protocol.TypeStatus)
			if e := expect(t, conn, protocol.TypeError); e.Error.Code != "refused" {
				t.Errorf("refusal code %q", e.Error.Code)
			}
			if _, data, err := conn.ReadMessage(); err == nil {
				t.Errorf("after the refusal the board sent %s", data)
			}
			if err := within(t, result, "end of the session"); err == nil || errors.Is(err, context.Canceled) {
				t.Errorf("session ended with %v", err)
			}
			if s.converged {
				t.Error("a refused manifest converged the session")
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

// TestSessionRefusedHandshake: a 401 counts as a revocation only when it
// carries one signed by the pinned key for this very connect.
func TestSessionRefusedHandshake(t *testing.T) {
	_, attacker := testKey(t)
	tests := []struct {
		name    string
		refusal func(priv ed25519.PrivateKey) func(token, nonce string) *protocol.Revocation
		want    error
	}{
		{"signed by the pinned key", func(priv ed25519.PrivateKey) func(string, string) *protocol.Revocation {
			return func(token, nonce string) *protocol.Revocation { return protocol.Revoke(token, nonce, priv) }
		}, errRevoked},
		{"signed by another key", func(ed25519.PrivateKey) func(string, string) *protocol.Revocation {
			return func(token, nonce string) *protocol.Revocation { return protocol.Revoke(token, nonce, attacker) }
		}, errForgedRefusal},
		{"replayed from an earlier connect", func(priv ed25519.PrivateKey) func(string, string) *protocol.Revocation {
			return func(token, _ string) *protocol.Revocation { return protocol.Revoke(token, "an earlier nonce", priv) }
		}, errForgedRefusal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pub, priv := testKey(t)
			fc := newFakeController(t, priv)
			fc.refusal = tc.refusal(priv)
			p := testPlayer(t, fc.url(), pub)
			if _, err := p.runSession(t.Context()); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestSessionPlaysOfOneSecond: a turn cut to one second is sent as such
// to a controller of protocol 2.1, which counts real seconds; an older
// controller, which takes a play under the shortest item for one that
// cannot have happened and flags the board, is sent the shortest.
func TestSessionPlaysOfOneSecond(t *testing.T) {
	for _, tc := range []struct {
		level string
		want  int
	}{{"2.1", 1}, {"", playlists.MinItemSeconds}} {
		t.Run("level "+tc.level, func(t *testing.T) {
			pub, priv := testKey(t)
			fc := newFakeController(t, priv)
			fc.level = tc.level
			p := testPlayer(t, fc.url(), pub)
			p.plays.append(protocol.Play{ID: 1, Playlist: "default", ItemID: 1, Seconds: 1})
			startSession(t.Context(), p)
			conn := fc.link()
			expect(t, conn, protocol.TypeStatus)
			if recs := expect(t, conn, protocol.TypePlays).Plays.Records; len(recs) != 1 || recs[0].Seconds != tc.want {
				t.Fatalf("plays %+v, want one of %d s", recs, tc.want)
			}
			if recs, _ := p.plays.pending(10); len(recs) != 1 || recs[0].Seconds != 1 {
				t.Fatalf("journal %+v: the record itself keeps its 1 s", recs)
			}
		})
	}
}
