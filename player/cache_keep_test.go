package player

import (
	"image/color"
	"os"
	"testing"
	"time"

	"codong/playlists"
	"codong/protocol"
)

// A board switched to another playlist and back fetches nothing the
// second time: the pictures of the playlist it left stay in the cache
// (within its budget), so the controller serves each picture once, not
// once per switch to ten thousand boards.
func TestSwitchBackFetchesNothing(t *testing.T) {
	pub, priv := testKey(t)
	fc := newFakeController(t, priv)
	fc.level = protocol.Level
	// Two pictures a playlist: the one on screen is kept anyway when the
	// board switches away, the other one is not, unless the cache keeps it.
	second := fc.addPicture(color.RGBA{B: 255, A: 255})
	congress := fc.addPicture(color.RGBA{G: 255, A: 255})
	congress2 := fc.addPicture(color.RGBA{R: 9, G: 255, A: 255})
	p := testPlayer(t, fc.url(), pub)
	cr := p.credentials()
	cr.BoardID, cr.Revision = 7, 2
	p.setCredentials(cr)
	runUntilEnd(t, p)
	conn := fc.link()

	playlist := func(rev, first int64, a, b string) *playlists.Manifest {
		m := testManifest(7, rev, a)
		items := &m.Content.Playlists[0].Items
		(*items)[0].ID = first
		*items = append(*items, playlists.Item{ID: first + 1, Title: "Mừng Đại hội", Seconds: 10, Asset: b})
		return m
	}
	schedule := func(rev int64) *playlists.Manifest { return playlist(rev, 1, fc.sum, second) }
	switched := func(rev int64) *playlists.Manifest { return playlist(rev, 3, congress, congress2) }
	for i, m := range []*playlists.Manifest{schedule(3), switched(4), schedule(5), switched(6), schedule(7)} {
		fc.sendManifest(conn, m)
		readUntilAck(t, conn, m.Revision)
		if i >= 1 {
			if n := fc.fetches.Load(); n != 4 {
				t.Fatalf("after %d switches the board fetched %d pictures, want each of the 4 once", i, n)
			}
		}
	}
}

// Over its budget, the cache evicts the picture shown longest ago first,
// and never one the manifest or the frame on the board needs, even when
// those alone are over the budget.
func TestCacheEvictsLongestUnshownFirst(t *testing.T) {
	c, err := openCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	put := func(b byte) string {
		sum, err := c.assets.Put(append(make([]byte, 999), b))
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	needed, onScreen, oldest, older, recent := put(1), put(2), put(3), put(4), put(5)
	at := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	for i, sum := range []string{needed, oldest, older, onScreen, recent} {
		c.touch(sum, at.Add(time.Duration(i)*time.Hour))
	}
	m := testManifest(7, 3, needed)

	// Five pictures of 1000 bytes; room for four: only the oldest goes.
	if n, err := c.trim(m, onScreen, 4000); err != nil || n != 1 {
		t.Fatalf("trim to 4000 bytes removed %d (%v), want 1", n, err)
	}
	for sum, want := range map[string]bool{needed: true, onScreen: true, oldest: false, older: true, recent: true} {
		if c.assets.Has(sum) != want {
			t.Errorf("picture %.8s kept %v, want %v", sum, !want, want)
		}
	}
	// A budget below what is needed: every spare picture goes, the
	// needed ones stay.
	if n, err := c.trim(m, onScreen, 10); err != nil || n != 2 {
		t.Fatalf("trim to 10 bytes removed %d (%v), want 2", n, err)
	}
	if !c.assets.Has(needed) || !c.assets.Has(onScreen) || c.assets.Has(older) || c.assets.Has(recent) {
		t.Error("a budget below need removed a needed picture or kept a spare one")
	}
	// A leftover of an interrupted download is always removed.
	if err := os.WriteFile(c.assets.Dir()+"/.tmp-123", []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.trim(m, onScreen, DefaultCacheBudget); n != 1 {
		t.Errorf("trim removed %d files, want the leftover only", n)
	}
}
