package player

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"codong/protocol"
)

const testToken = "cdb_TEST_TOKEN_OF_A_BOARD_SET_UP_BY_HAND_1234"

// testPlayer is a player of a board set up by hand with a token and the
// controller's key, talking to controller (nil: nowhere); opts change
// its configuration.
func testPlayer(t *testing.T, controller *url.URL, pub ed25519.PublicKey, opts ...func(*Config)) *Player {
	t.Helper()
	if controller == nil {
		controller, _ = url.Parse("http://127.0.0.1:1")
	}
	cfg := Config{
		Controllers: []*url.URL{controller}, Token: testToken, ControllerKey: protocol.EncodeKey(pub),
		CacheDir: t.TempDir(), Display: nullDisplay{}, Logger: slog.New(slog.DiscardHandler),
	}
	for _, o := range opts {
		o(&cfg)
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func testKey(t *testing.T) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

// widest is a jitter that always draws the top of its range, so waits
// are known in advance.
func widest(n int64) int64 { return n - 1 }

func TestBackoff(t *testing.T) {
	t.Run("grows and is capped", func(t *testing.T) {
		var ceilings []time.Duration
		b := backoff{jitter: func(n int64) int64 { ceilings = append(ceilings, time.Duration(n)); return 0 }}
		for range 13 {
			if d := b.next(); d != backoffFloor {
				t.Fatalf("jitter 0 gave %v, want %v", d, backoffFloor)
			}
		}
		s, m := time.Second, time.Minute
		want := []time.Duration{s, 2 * s, 4 * s, 8 * s, 16 * s, 32 * s, m, m, m, m, m, m, m}
		if !slices.Equal(ceilings, want) {
			t.Fatalf("ceilings %v, want %v", ceilings, want)
		}
	})
	t.Run("full jitter stays within bounds", func(t *testing.T) {
		top := backoff{jitter: widest}
		for range 8 {
			top.next()
		}
		if d := top.next(); d != backoffMax+backoffFloor-1 {
			t.Fatalf("widest draw %v, want just under %v", d, backoffMax+backoffFloor)
		}
		var random backoff // the default source
		for i := range 1000 {
			ceil := backoffMin << min(i, 6)
			if i >= 6 {
				ceil = backoffMax
			}
			if d := random.next(); d < backoffFloor || d >= ceil+backoffFloor {
				t.Fatalf("attempt %d: %v outside [%v, %v)", i, d, backoffFloor, ceil+backoffFloor)
			}
		}
	})
	t.Run("reset starts over", func(t *testing.T) {
		b := backoff{jitter: widest}
		b.next()
		b.next()
		b.reset()
		if d := b.next(); d != backoffMin+backoffFloor-1 {
			t.Fatalf("after reset %v, want just under %v", d, backoffMin+backoffFloor)
		}
	})
}

// outcome is what a fake session returns.
type outcome struct {
	converged bool
	err       error
}

var errLinkLost = errors.New("link lost")

// scripted returns a supervisor whose sessions return outcomes in turn,
// then end the test by cancelling ctx; its waits are recorded, in whole
// seconds of the backoff's ceiling (the jitter draws the top), not slept.
func scripted(p *Player, cancel context.CancelFunc, outcomes ...outcome) (*supervisor, *[]time.Duration, *int) {
	var waits []time.Duration
	sessions := 0
	s := &supervisor{
		p:    p,
		pair: func(context.Context) error { panic("unexpected pairing") },
		session: func(ctx context.Context) (bool, error) {
			sessions++
			if len(outcomes) == 0 {
				cancel()
				return false, ctx.Err()
			}
			o := outcomes[0]
			outcomes = outcomes[1:]
			return o.converged, o.err
		},
		sleep:   func(_ context.Context, d time.Duration) { waits = append(waits, d-backoffFloor+1) },
		backoff: backoff{jitter: widest},
	}
	return s, &waits, &sessions
}

func TestSupervisorBacksOff(t *testing.T) {
	s, m := time.Second, time.Minute
	lost, forged := outcome{false, errLinkLost}, outcome{false, errForgedRefusal}
	damaged := outcome{true, errCacheDamaged}
	tamperedAfterHonest := outcome{true, tampered(errors.New("từ chối bản kê: chữ ký bản kê không hợp lệ"))}
	tests := []struct {
		name     string
		outcomes []outcome
		want     []time.Duration
	}{
		{"failures wait longer each time", []outcome{lost, lost, lost, lost}, []time.Duration{s, 2 * s, 4 * s, 8 * s}},
		{"the wait is capped", slices.Repeat([]outcome{lost}, 9), []time.Duration{s, 2 * s, 4 * s, 8 * s, 16 * s, 32 * s, m, m, m}},
		{"a converged session starts over", []outcome{lost, lost, lost, {true, errLinkLost}, lost}, []time.Duration{s, 2 * s, 4 * s, s, 2 * s}},
		{"a forged refusal is retried like a lost link", []outcome{forged, forged, lost}, []time.Duration{s, 2 * s, 4 * s}},
		{"a damaged picture reconnects at once, then backs off if it repeats", []outcome{damaged, damaged, damaged, {true, errLinkLost}, lost}, []time.Duration{s, 2 * s, s, 2 * s}},
		{"damage after another failure reconnects at once", []outcome{lost, damaged, lost}, []time.Duration{s, 2 * s}},
		{"a link that ends on a tampered manifest backs off, even after an honest one", []outcome{tamperedAfterHonest, tamperedAfterHonest, tamperedAfterHonest, lost}, []time.Duration{s, 2 * s, 4 * s, 8 * s}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pub, _ := testKey(t)
			p := testPlayer(t, nil, pub)
			before := p.credentials()
			ctx, cancel := context.WithCancel(t.Context())
			sup, waits, sessions := scripted(p, cancel, tc.outcomes...)
			sup.run(ctx)
			if !slices.Equal(*waits, tc.want) {
				t.Errorf("waits %v, want %v", *waits, tc.want)
			}
			if *sessions != len(tc.outcomes)+1 {
				t.Errorf("%d sessions, want %d", *sessions, len(tc.outcomes)+1)
			}
			if got := p.credentials(); got != before {
				t.Errorf("credentials changed: %+v, were %+v", got, before)
			}
		})
	}
}

// TestSupervisorRevoked: a revoked board forgets its token, manifest and
// unconfirmed plays, blanks the engine's rotation, and pairs again, at
// once and with the same controller key.
func TestSupervisorRevoked(t *testing.T) {
	pub, priv := testKey(t)
	p := testPlayer(t, nil, pub)
	signed, err := protocol.Sign(testManifest(7, 3, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"), priv)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cache.saveManifest(signed); err != nil {
		t.Fatal(err)
	}
	if err := p.plays.append(protocol.Play{ID: 1, Playlist: "default"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	toEngine := make(chan bool, 1)
	go func() {
		select {
		case m := <-p.manifests:
			toEngine <- m == nil
		case <-ctx.Done():
		}
	}()

	sup, waits, _ := scripted(p, cancel, outcome{false, errRevoked})
	var atPairing []credentials
	sup.pair = func(context.Context) error {
		atPairing = append(atPairing, p.credentials())
		return p.setCredentials(credentials{Token: "cdb_NEW", ControllerKey: p.credentials().ControllerKey})
	}
	sup.run(ctx)

	if len(atPairing) != 1 || atPairing[0].Token != "" || atPairing[0].ControllerKey != protocol.EncodeKey(pub) {
		t.Fatalf("pairing saw %+v; want one pairing, no token, the same key", atPairing)
	}
	if len(*waits) != 0 {
		t.Errorf("waited %v before pairing again", *waits)
	}
	if !<-toEngine {
		t.Error("the engine was given a manifest, not told to stop rotating")
	}
	if _, err := os.Stat(filepath.Join(p.cfg.CacheDir, manifestFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("cached manifest kept: %v", err)
	}
	if recs, _ := p.plays.pending(10); len(recs) != 0 {
		t.Errorf("plays of the removed board kept: %+v", recs)
	}
}

func TestSupervisorPairingFailureBacksOff(t *testing.T) {
	pub, _ := testKey(t)
	p := testPlayer(t, nil, pub)
	p.setCredentials(credentials{ControllerKey: protocol.EncodeKey(pub)})
	ctx, cancel := context.WithCancel(t.Context())
	sup, waits, _ := scripted(p, cancel, outcome{false, errLinkLost})
	pairings := 0
	sup.pair = func(context.Context) error {
		if pairings++; pairings < 3 {
			return errors.New("controller unreachable")
		}
		return p.setCredentials(credentials{Token: "cdb_NEW"})
	}
	sup.run(ctx)
	// Two failed pairings, then a paired board starts over.
	if want := []time.Duration{time.Second, 2 * time.Second, time.Second}; !slices.Equal(*waits, want) {
		t.Fatalf("waits %v, want %v", *waits, want)
	}
}

func TestSupervisorStopsOnCancel(t *testing.T) {
	tests := []struct {
		name string
		// block is where the supervisor is when ctx ends.
		block func(s *supervisor, blocked chan<- struct{})
	}{
		{"during a session", func(s *supervisor, blocked chan<- struct{}) {
			s.session = func(ctx context.Context) (bool, error) {
				close(blocked)
				<-ctx.Done()
				return true, ctx.Err()
			}
		}},
		{"while waiting to reconnect", func(s *supervisor, blocked chan<- struct{}) {
			s.session = func(context.Context) (bool, error) { return false, errLinkLost }
			s.sleep = func(ctx context.Context, d time.Duration) {
				close(blocked)
				sleep(ctx, time.Hour) // the real one: it must return on cancel
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pub, _ := testKey(t)
			p := testPlayer(t, nil, pub)
			sup := &supervisor{p: p, pair: func(context.Context) error { panic("unexpected pairing") }, sleep: func(context.Context, time.Duration) { t.Error("waited after cancel") }}
			blocked := make(chan struct{})
			tc.block(sup, blocked)
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan struct{})
			go func() {
				defer close(done)
				sup.run(ctx)
			}()
			<-blocked
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the supervisor did not stop")
			}
		})
	}
}
