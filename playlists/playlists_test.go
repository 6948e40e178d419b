package playlists

import (
	"strings"
	"testing"
	"time"
)

func hash(c byte) string { return strings.Repeat(string(c), 64) }

func testManifest() *Manifest {
	return &Manifest{
		Board: Board{ID: 1, Name: "Bảng LED chợ", Width: 384, Height: 128, Groups: []string{"cho"}},
		Content: Content{Default: DefaultSlug, Playlists: []Playlist{
			{Slug: DefaultSlug, Name: "Chào mừng Đại hội", Items: []Item{
				{ID: 1, Seconds: 10, Asset: hash('a')},
				{ID: 2, Seconds: 5, Asset: hash('b')},
				{ID: 3, Seconds: 5, Asset: hash('c')},
			}},
			{Slug: CongressSuccessSlug, Name: "Mừng Đại hội thành công", Items: []Item{
				{ID: 9, Seconds: 8, Asset: hash('d')},
			}},
		}},
	}
}

func TestRotation(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		offset time.Duration
		want   int64
	}{
		{"first item at start", 0, 1},
		{"first item just before its end", 9999 * time.Millisecond, 1},
		{"second item", 10 * time.Second, 2},
		{"third item", 17 * time.Second, 3},
		{"wraps to first", 20 * time.Second, 1},
		{"skips whole rotations after a long sleep", 10*time.Hour + 12*time.Second, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := testManifest()
			var r Rotation
			r.At(m, t0)
			p, ok := r.At(m, t0.Add(tc.offset))
			if !ok || p.Item.ID != tc.want {
				t.Fatalf("at +%v: got item %d (ok=%v), want %d", tc.offset, p.Item.ID, ok, tc.want)
			}
			if p.Until.Sub(p.Since) != time.Duration(p.Item.Seconds)*time.Second {
				t.Errorf("since %v until %v does not span %ds", p.Since, p.Until, p.Item.Seconds)
			}
		})
	}
}

func TestRotationKeepsPositionWhenContentChanges(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	m := testManifest()
	var r Rotation
	r.At(m, t0)
	r.At(m, t0.Add(11*time.Second)) // item 2
	m.Playlists[0].Items[1].Asset = hash('e')
	p, _ := r.At(m, t0.Add(12*time.Second))
	if p.Item.ID != 2 || p.Item.Asset != hash('e') {
		t.Fatalf("after edit got item %d asset %s, want item 2 with the new asset", p.Item.ID, p.Item.Asset[:4])
	}
}

func TestOverride(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		ov   *Override
		at   time.Time
		want string
	}{
		{"no override", nil, t0, DefaultSlug},
		{"all boards", &Override{Playlist: CongressSuccessSlug, Since: t0}, t0, CongressSuccessSlug},
		{"this group", &Override{Playlist: CongressSuccessSlug, Group: "cho", Since: t0}, t0, CongressSuccessSlug},
		{"other group", &Override{Playlist: CongressSuccessSlug, Group: "hoi-truong", Since: t0}, t0, DefaultSlug},
		{"this board", &Override{Playlist: CongressSuccessSlug, Board: 1, Since: t0}, t0, CongressSuccessSlug},
		{"other board", &Override{Playlist: CongressSuccessSlug, Board: 2, Since: t0}, t0, DefaultSlug},
		{"expired", &Override{Playlist: CongressSuccessSlug, Since: t0, Until: t0.Add(time.Minute)}, t0.Add(time.Minute), DefaultSlug},
		{"not yet", &Override{Playlist: CongressSuccessSlug, Since: t0.Add(time.Minute)}, t0, DefaultSlug},
		{"unknown playlist falls back", &Override{Playlist: "khong-co", Since: t0}, t0, DefaultSlug},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := testManifest()
			m.Override = tc.ov
			var r Rotation
			p, ok := r.At(m, tc.at)
			if !ok || p.Playlist != tc.want {
				t.Fatalf("got %q (ok=%v), want %q", p.Playlist, ok, tc.want)
			}
		})
	}
}

func TestOverrideStartsAtFirstItemAndReturns(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	m := testManifest()
	var r Rotation
	r.At(m, t0)
	r.At(m, t0.Add(12*time.Second))
	m.Override = &Override{Playlist: CongressSuccessSlug, Since: t0.Add(13 * time.Second)}
	if p, _ := r.At(m, t0.Add(13*time.Second)); p.Item.ID != 9 {
		t.Fatalf("override: got item %d, want 9", p.Item.ID)
	}
	m.Override = nil
	if p, _ := r.At(m, t0.Add(14*time.Second)); p.Playlist != DefaultSlug || p.Index != 0 {
		t.Fatalf("after override: got %s[%d], want default[0]", p.Playlist, p.Index)
	}
}

func TestNothingToPlay(t *testing.T) {
	m := &Manifest{Board: Board{Width: 10, Height: 10}, Content: Content{Default: DefaultSlug}}
	var r Rotation
	if _, ok := r.At(m, time.Now()); ok {
		t.Fatal("empty manifest: want nothing to play")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Manifest)
		ok     bool
	}{
		{"valid", func(*Manifest) {}, true},
		{"bad hash", func(m *Manifest) { m.Playlists[0].Items[0].Asset = "../../etc/passwd" }, false},
		{"uppercase hash", func(m *Manifest) { m.Playlists[0].Items[0].Asset = strings.Repeat("A", 64) }, false},
		{"zero seconds", func(m *Manifest) { m.Playlists[0].Items[0].Seconds = 0 }, false},
		{"bad slug", func(m *Manifest) { m.Playlists[0].Slug = "Mặc định" }, false},
		{"no size", func(m *Manifest) { m.Board.Width = 0 }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := testManifest()
			tc.mutate(m)
			if err := m.Validate(); (err == nil) != tc.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestAssetsOnceEach(t *testing.T) {
	m := testManifest()
	m.Playlists[1].Items[0].Asset = hash('a')
	got := m.Assets()
	if len(got) != 3 || got[0] != hash('a') {
		t.Fatalf("Assets() = %v", got)
	}
}

func TestRotationSurvivesClockGoingBack(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	m := testManifest()
	var r Rotation
	r.At(m, t0)
	back := t0.Add(-7 * time.Hour)
	p, _ := r.At(m, back)
	if p.Until.Sub(back) > 10*time.Second {
		t.Fatalf("after the clock went back 7 h the item lasts until %v (%v away)", p.Until, p.Until.Sub(back))
	}
	if p2, _ := r.At(m, back.Add(11*time.Second)); p2.Item.ID == p.Item.ID {
		t.Fatalf("rotation frozen on item %d", p.Item.ID)
	}
}
