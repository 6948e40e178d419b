package player

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"codong/protocol"
)

func TestParseControllers(t *testing.T) {
	tests := []struct {
		name string
		list string
		want []string
		// err is a part of the refusal: the address it names.
		err string
	}{
		{"one address", "http://127.0.0.1:8080", []string{"http://127.0.0.1:8080"}, ""},
		{"several, spaces ignored", "http://10.0.0.1:8080, https://dieu-khien.xa.vn/codong ,http://10.0.0.2:8080",
			[]string{"http://10.0.0.1:8080", "https://dieu-khien.xa.vn/codong", "http://10.0.0.2:8080"}, ""},
		{"the most allowed", strings.Join(eightAddresses(), ","), eightAddresses(), ""},
		{"too many", strings.Join(eightAddresses(), ",") + ",http://10.0.0.9:8080", nil, "tối đa 8"},
		{"no scheme", "http://10.0.0.1:8080,10.0.0.2:8080", nil, "“10.0.0.2:8080” không hợp lệ"},
		{"another scheme", "ftp://10.0.0.1", nil, "“ftp://10.0.0.1” không hợp lệ"},
		{"no host", "http://", nil, "“http://” không hợp lệ"},
		{"unparsable", "http://10.0.0.1:80:80/%zz", nil, "“http://10.0.0.1:80:80/%zz” không hợp lệ"},
		{"an empty item", "http://10.0.0.1:8080,", nil, "“” không hợp lệ"},
		{"empty", "", nil, "“” không hợp lệ"},
		{"the same twice", "http://10.0.0.1:8080,http://10.0.0.2:8080,http://10.0.0.1:8080", nil, "“http://10.0.0.1:8080” được ghi hai lần"},
		{"the same, spelled otherwise", "http://May-Chu:8080,http://may-chu:8080/", nil, "“http://may-chu:8080/” được ghi hai lần"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			urls, err := ParseControllers(tc.list)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one saying %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range urls {
				got = append(got, u.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func eightAddresses() []string {
	var list []string
	for i := range MaxControllers {
		list = append(list, "http://10.0.0."+string(rune('1'+i))+":8080")
	}
	return list
}

// TestNewRefusesBadControllers: a Config built in code gets the checks
// the command line gets.
func TestNewRefusesBadControllers(t *testing.T) {
	a, _ := url.Parse("http://10.0.0.1:8080")
	noScheme := &url.URL{Host: "10.0.0.2:8080"}
	tests := []struct {
		name string
		urls []*url.URL
	}{
		{"none", nil},
		{"a nil one", []*url.URL{a, nil}},
		{"no scheme", []*url.URL{a, noScheme}},
		{"twice", []*url.URL{a, a}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(Config{Controllers: tc.urls, CacheDir: t.TempDir(), Display: nullDisplay{}})
			if err == nil {
				t.Fatal("New accepted the list")
			}
		})
	}
}

func TestControllersRotate(t *testing.T) {
	urls, err := ParseControllers("http://a:1,http://b:1,http://c:1")
	if err != nil {
		t.Fatal(err)
	}
	c := &controllers{urls: urls}
	got := []string{c.current().Host}
	for range 4 {
		next, moved := c.advance()
		if !moved || next != c.current() {
			t.Fatalf("advance gave %v (moved %v), current is %v", next, moved, c.current())
		}
		got = append(got, next.Host)
	}
	if want := []string{"a:1", "b:1", "c:1", "a:1", "b:1"}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	one := &controllers{urls: urls[:1]}
	if next, moved := one.advance(); moved || next != urls[0] {
		t.Fatalf("a single address moved to %v (moved %v)", next, moved)
	}
}

// TestSupervisorFailsOver: every failure moves the board to the next
// controller, and it stays on one that works; a damaged picture
// reconnects to the controller it was just on, a failed pairing tries
// the next, and a revocation pairs again with the one that revoked.
func TestSupervisorFailsOver(t *testing.T) {
	lost := outcome{false, errLinkLost}
	tests := []struct {
		name     string
		outcomes []outcome
		// want is the controller of each session, the last one the
		// session that ends the test.
		want []string
	}{
		{"round-robin on failures", []outcome{lost, lost, lost, lost}, []string{"a", "b", "c", "a", "b"}},
		{"a forged refusal tries the next", []outcome{{false, errForgedRefusal}}, []string{"a", "b"}},
		{"a converged session that drops tries the next", []outcome{{true, errLinkLost}, lost}, []string{"a", "b", "c"}},
		{"a damaged picture stays", []outcome{{true, errCacheDamaged}, lost}, []string{"a", "a", "b"}},
		{"a revocation stays", []outcome{{false, errRevoked}}, []string{"a", "a"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pub, _ := testKey(t)
			p := testPlayer(t, nil, pub, threeControllers)
			ctx, cancel := context.WithCancel(t.Context())
			go drainManifests(ctx, p) // a revoked board blanks the engine
			sup, _, _ := scripted(p, cancel, tc.outcomes...)
			sup.pair = func(context.Context) error { return p.setCredentials(credentials{Token: "cdb_NEW"}) }
			var got []string
			session := sup.session
			sup.session = func(ctx context.Context) (bool, error) {
				got = append(got, p.controllers.current().Hostname())
				return session(ctx)
			}
			sup.run(ctx)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("sessions on %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("a failed pairing tries the next", func(t *testing.T) {
		pub, _ := testKey(t)
		p := testPlayer(t, nil, pub, threeControllers)
		p.setCredentials(credentials{ControllerKey: protocol.EncodeKey(pub)})
		ctx, cancel := context.WithCancel(t.Context())
		sup, _, _ := scripted(p, cancel)
		var got []string
		sup.pair = func(context.Context) error {
			if got = append(got, p.controllers.current().Hostname()); len(got) < 3 {
				return errors.New("controller unreachable")
			}
			return p.setCredentials(credentials{Token: "cdb_NEW"})
		}
		sup.run(ctx)
		if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
			t.Fatalf("pairings on %v, want %v", got, want)
		}
	})
}

func drainManifests(ctx context.Context, p *Player) {
	for {
		select {
		case <-p.manifests:
		case <-ctx.Done():
			return
		}
	}
}

func threeControllers(c *Config) {
	c.Controllers, _ = ParseControllers("http://a:1,http://b:1,http://c:1")
}
