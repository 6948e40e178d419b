package player

import (
	"net/url"
	"testing"

	"codong/player/display"
	"codong/protocol"
)

type nullDisplay struct{}

func (nullDisplay) Show(display.Frame) error { return nil }
func (nullDisplay) Close() error             { return nil }

// TestStartCredentials: a --token left in a start-up script is adopted
// once; after that the board's own history (re-paired, revoked) wins.
func TestStartCredentials(t *testing.T) {
	const key = "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	t1, t2, t3 := "cdb_MOT", "cdb_HAI", "cdb_BA"
	tests := []struct {
		name  string
		saved credentials
		flag  string
		want  string
	}{
		{"nothing saved, no flag: pair", credentials{}, "", ""},
		{"nothing saved, flag", credentials{}, t1, t1},
		{"saved, no flag", credentials{Token: t2, ControllerKey: key}, "", t2},
		{"re-paired since the flag was adopted", credentials{Token: t2, ControllerKey: key, FlagToken: protocol.TokenHash(t1)}, t1, t2},
		{"revoked since the flag was adopted", credentials{ControllerKey: key, FlagToken: protocol.TokenHash(t1)}, t1, ""},
		{"a new flag token", credentials{Token: t2, ControllerKey: key, FlagToken: protocol.TokenHash(t1)}, t3, t3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			c, _ := openCache(dir)
			if tc.saved != (credentials{}) {
				if err := c.saveCredentials(tc.saved); err != nil {
					t.Fatal(err)
				}
			}
			u, _ := url.Parse("http://127.0.0.1:1")
			p, err := New(Config{Controllers: []*url.URL{u}, Token: tc.flag, CacheDir: dir, Display: nullDisplay{}})
			if err != nil {
				t.Fatal(err)
			}
			if got := p.credentials(); got.Token != tc.want || got.ControllerKey != tc.saved.ControllerKey {
				t.Fatalf("credentials %+v, want token %q and the saved key", got, tc.want)
			}
		})
	}
}
