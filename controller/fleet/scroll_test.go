package fleet

import (
	"testing"

	"codong/assets"
	"codong/controller/store"
	"codong/playlists"
)

// stripRenderer makes the texts it knows strips of the widths given, as
// the renderer does with a slogan too long for the board.
type stripRenderer struct {
	fakeRenderer
	strips map[string]int
}

func (r *stripRenderer) Asset(text, style string, size assets.Size, speed int) (Picture, error) {
	pic, err := r.fakeRenderer.Asset(text, style, size, speed)
	pic.Strip = r.strips[text]
	return pic, err
}

// TestScrollingItemLastsAWholePass: on a 192×64 board a slogan cut into
// a 1,856-pixel strip stays on the board for one whole pass (in at the
// right edge, out at the left) at the board's speed, not its set 10 s;
// a slogan that fits keeps its seconds, and a faster board gets shorter
// passes from the same pictures.
func TestScrollingItemLastsAWholePass(t *testing.T) {
	const long, short = "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh, nâng cao đời sống nhân dân", "Mừng Xuân"
	fast := target(2, 192, 64, "cho")
	fast.ScrollSpeed = 200
	r := &stripRenderer{fakeRenderer: fakeRenderer{calls: map[string]int{}}, strips: map[string]int{long: 1856}}
	rg := newRigWith(t, func(c *Config) {
		st := &fakeStore{d: store.Desired{
			Revision: 7,
			Playlists: []store.Playlist{{Slug: playlists.DefaultSlug, Name: "Mặc định", Items: []store.PlaylistItem{
				{ID: 1, SloganID: 1, Text: long, Seconds: 10},
				{ID: 2, SloganID: 2, Text: short, Seconds: 10},
			}}},
			Boards: []store.Target{target(1, 192, 64, "cho"), fast, target(3, 384, 128, "cho"), target(4, 1920, 1080, "")},
		}}
		c.Store, c.Renderer = st, r
	})
	rg.connect(1, 2)
	rg.waitManifests(t, 1, 1, 2)
	for _, tc := range []struct {
		name          string
		board         int64
		speed, scroll int
	}{
		// (1856 + 192) / 60 = 34.1: 35 s.
		{"default speed of a 64-pixel board", 1, 60, 35},
		// (1856 + 192) / 200 = 10.24: 11 s, still over the set 10.
		{"the board's own speed", 2, 200, 11},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := rg.manifests(t, tc.board)[0]
			if m.Board.ScrollSpeed != tc.speed {
				t.Fatalf("manifest board speed %d, want %d", m.Board.ScrollSpeed, tc.speed)
			}
			items := m.Playlists[0].Items
			if !items[0].Scroll || items[0].Seconds != tc.scroll {
				t.Fatalf("strip item: scroll %v, %d s; want a whole pass of %d s", items[0].Scroll, items[0].Seconds, tc.scroll)
			}
			pass := float64(1856+192) / float64(tc.speed)
			if float64(items[0].Seconds) < pass {
				t.Fatalf("%d s do not cover a pass of %.1f s", items[0].Seconds, pass)
			}
			if items[1].Scroll || items[1].Seconds != 10 {
				t.Fatalf("still item: scroll %v, %d s; want its set 10 s", items[1].Scroll, items[1].Seconds)
			}
		})
	}
}
