package playlists

import (
	"testing"
	"time"
)

// TestPageAt: the pages of an item share its seconds equally, in order,
// the last one staying to the end; an item of one page or none is page 0.
func TestPageAt(t *testing.T) {
	since := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	cases := []struct {
		elapsed        time.Duration
		seconds, pages int
		want           int
	}{
		{0, 12, 3, 0},
		{3999 * time.Millisecond, 12, 3, 0},
		{4 * time.Second, 12, 3, 1},
		{8 * time.Second, 12, 3, 2},
		{11999 * time.Millisecond, 12, 3, 2},
		{13 * time.Second, 12, 3, 2}, // late wake-up: still the last page
		{-time.Second, 12, 3, 0},     // clock stepped back
		{5 * time.Second, 10, 0, 0},
		{5 * time.Second, 10, 1, 0},
		{5 * time.Second, 10, 2, 1},
		// Shares that are no whole number of nanoseconds.
		{3333333333, 10, 3, 0},
		{3333333334, 10, 3, 1},
		{6666666667, 10, 3, 2},
		{2857142857, 20, 7, 0},
		{2857142858, 20, 7, 1},
	}
	for _, c := range cases {
		if got := PageAt(c.elapsed, c.seconds, c.pages); got != c.want {
			t.Errorf("PageAt(%v, %d s, %d pages) = %d, want %d", c.elapsed, c.seconds, c.pages, got, c.want)
		}
		if c.pages > 1 && c.elapsed >= 0 && c.want < c.pages-1 {
			// The page turns exactly when PageStarts says, not a
			// nanosecond later nor sooner.
			next := PageStarts(since, c.want+1, c.seconds, c.pages)
			if got := PageAt(next.Sub(since), c.seconds, c.pages); got != c.want+1 {
				t.Errorf("at PageStarts(%d) = +%v the page is %d", c.want+1, next.Sub(since), got)
			}
			if got := PageAt(next.Sub(since)-1, c.seconds, c.pages); got != c.want {
				t.Errorf("just before PageStarts(%d) = +%v the page is %d", c.want+1, next.Sub(since), got)
			}
		}
	}
	if got := PagedSeconds(10, 2); got != 10 {
		t.Errorf("PagedSeconds(10, 2) = %d: two pages fit in the set 10 s", got)
	}
	if got := PagedSeconds(10, 5); got != 5*PageSeconds {
		t.Errorf("PagedSeconds(10, 5) = %d, want every page its %d s", got, PageSeconds)
	}
}

// testHash is a well-formed asset hash.
const testHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// TestManifestRefusesBadPages: a player refuses more pages than it
// takes, and pages that also scroll.
func TestManifestRefusesBadPages(t *testing.T) {
	for _, it := range []Item{
		{ID: 1, Asset: testHash, Seconds: 10, Pages: MaxPages + 1},
		{ID: 1, Asset: testHash, Seconds: 10, Pages: -1},
		{ID: 1, Asset: testHash, Seconds: 10, Pages: 2, Scroll: true},
		{ID: 1, Asset: testHash, Seconds: 10, Pages: 2, Countdown: true},
	} {
		m := &Manifest{Board: Board{Width: 192, Height: 64}, Content: Content{Playlists: []Playlist{{Slug: DefaultSlug, Items: []Item{it}}}}}
		if err := m.Validate(); err == nil {
			t.Errorf("manifest with item %+v accepted", it)
		}
	}
	ok := &Manifest{Board: Board{Width: 192, Height: 64}, Content: Content{Playlists: []Playlist{{Slug: DefaultSlug, Items: []Item{{ID: 1, Asset: testHash, Seconds: 12, Pages: 3}}}}}}
	if err := ok.Validate(); err != nil {
		t.Errorf("manifest with 3 pages refused: %v", err)
	}
}
