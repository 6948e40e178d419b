package fleet

import (
	"encoding/hex"
	"testing"
)

// TestRemoteBoardUpToDate: a board linked to another controller counts
// up to date only when it acknowledged what it was sent and that is what
// this controller's own latest publication has for it; the other
// controller's flag, stale from the moment a change is published, is not
// trusted, and a change still being cut makes no board up to date.
func TestRemoteBoardUpToDate(t *testing.T) {
	cur, old := digest{1}, digest{2}
	f := New(Config{})
	f.pub = &publication{revision: 10, cuts: map[int64]*cut{7: {digest: cur}}}
	f.wanted = 10
	f.remote = map[int64]remoteBoard{7: {}}
	cases := []struct {
		name        string
		sent, acked int64
		sentDigest  digest
		wanted      int64
		want        bool
	}{
		{"acknowledged this publication's manifest", 10, 10, cur, 10, true},
		{"acknowledged an older manifest unchanged since", 8, 8, cur, 10, true},
		{"sent the current manifest, not acknowledged yet", 10, 9, cur, 10, false},
		{"acknowledged a manifest this publication replaced", 9, 9, old, 10, false},
		{"a newer change is being cut", 10, 10, cur, 11, false},
		{"never sent anything", 0, 0, cur, 10, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f.wanted = c.wanted
			// The other controller's own flag says up to date every time.
			r := remoteBoard{digest: hex.EncodeToString(c.sentDigest[:]), view: View{Online: true, Sent: c.sent, Acked: c.acked, UpToDate: true}}
			// As the presence exchange sets it, counted for Summary.
			f.mu.Lock()
			f.setRemote(map[int64]remoteBoard{7: r})
			f.mu.Unlock()
			if got := f.View(7).UpToDate; got != c.want {
				t.Errorf("View: up to date %v, want %v", got, c.want)
			}
			if got := f.Summary().UpToDate == 1; got != c.want {
				t.Errorf("Summary: up to date %v, want %v", got, c.want)
			}
		})
	}
}
