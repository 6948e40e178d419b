package player

import (
	"context"
	"image/color"
	"testing"
	"time"

	"codong/assets"
	"codong/player/display"
	"codong/playlists"
	"codong/protocol"
)

// move sets the clock forward by d without firing timers: the test
// knows none is due (the item on the board ends later).
func (c *testClock) move(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// TestPlaysCountTimeOnAir: a play is recorded when its picture leaves
// the board, with the seconds it was up: a whole turn counts its planned
// seconds; an edit mid-turn ends the old picture's play and starts one
// of the new picture; a switch cuts the turn under way to what was
// shown; the board dimmed to off ends a play; the player stopping ends
// the play on the board; a flash under a second counts nothing.
func TestPlaysCountTimeOnAir(t *testing.T) {
	pub, priv := testKey(t)
	fc := newFakeController(t, priv)
	a, b := fc.sum, fc.addPicture(color.RGBA{G: 255, A: 255})
	edited, c := fc.addPicture(color.RGBA{B: 255, A: 255}), fc.addPicture(color.RGBA{R: 9, A: 255})
	clock := newTestClock()
	screen := frameDisplay{frames: make(chan display.Frame, 16)}
	p := testPlayer(t, fc.url(), pub, func(cfg *Config) { cfg.Now, cfg.Display = clock.Now, screen })
	p.after = clock.After
	t0 := clock.Now()
	m := testManifest(7, 3, a)
	m.TimeZone = "UTC"
	m.Content.Playlists[0].Items = []playlists.Item{
		{ID: 1, Title: "A", Seconds: 10, Asset: a},
		{ID: 2, Title: "B", Seconds: 10, Asset: b},
	}
	m.Content.Playlists = append(m.Content.Playlists, playlists.Playlist{Slug: playlists.CongressSuccessSlug, Name: "Mừng Đại hội", Items: []playlists.Item{
		{ID: 3, Title: "C", Seconds: 3600, Asset: c},
	}})

	ctx, cancel := context.WithCancel(t.Context())
	stopped := make(chan error, 1)
	go func() { stopped <- p.Run(ctx) }()
	t.Cleanup(cancel)
	conn := fc.link()
	publish := func(rev int64, what string, want string) {
		t.Helper()
		m.Revision = rev
		// The engine arms its next turn's timer after it shows the new
		// manifest; the timer of the turn it left stays on the test
		// clock, due too. Wait for the new one before the clock moves,
		// or a step can fire only the old one.
		select {
		case <-clock.armed:
		default:
		}
		fc.sendManifest(conn, m)
		until(t, conn, "the acknowledgement of "+what, isAck(rev))
		if f := within(t, screen.frames, what); assets.Sum(f.PNG) != want {
			t.Fatalf("%s: frame %.8s…, want %.8s…", what, assets.Sum(f.PNG), want)
		}
		within(t, clock.armed, "the engine's timer after "+what)
	}
	next := func(d time.Duration, what, want string) {
		t.Helper()
		clock.Advance(t, d)
		if f := within(t, screen.frames, what); assets.Sum(f.PNG) != want {
			t.Fatalf("%s: frame %.8s…, want %.8s…", what, assets.Sum(f.PNG), want)
		}
	}

	publish(3, "A at 0 s", a)
	next(10*time.Second, "B at 10 s", b)
	// At 14 s, B is edited: its new picture goes up at once.
	clock.move(4 * time.Second)
	m.Content.Playlists[0].Items[1].Asset, m.Content.Playlists[0].Items[1].Title = edited, "B sửa"
	publish(4, "the edited B at 14 s", edited)
	next(6*time.Second, "A at 20 s", a)
	// At 27 s the congress-success button cuts A short.
	clock.move(7 * time.Second)
	m.Override = &playlists.Override{Playlist: playlists.CongressSuccessSlug, Since: clock.Now()}
	publish(5, "C at 27 s", c)
	// At 30 s the operator goes back to the schedule, and at 30.4 s
	// switches again: A's flash counts nothing.
	clock.move(3 * time.Second)
	m.Override = nil
	publish(6, "A at 30 s", a)
	clock.move(400 * time.Millisecond)
	m.Override = &playlists.Override{Playlist: playlists.CongressSuccessSlug, Since: clock.Now()}
	publish(7, "C at 30.4 s", c)
	// At 35.4 s the board is dimmed to off for the rest of the day.
	clock.move(5 * time.Second)
	m.Board.Power = []playlists.PowerWindow{{Start: "00:00", End: "23:59", Brightness: 0}}
	m.Revision = 8
	fc.sendManifest(conn, m)
	until(t, conn, "the acknowledgement of the board off", isAck(8))
	if f := within(t, screen.frames, "the board off"); !f.Off {
		t.Fatal("the board was not switched off")
	}
	// At 37.4 s it is lit again; at 39.4 s the player stops.
	clock.move(2 * time.Second)
	m.Board.Power = nil
	publish(9, "C lit again at 37.4 s", c)
	clock.move(2 * time.Second)
	cancel()
	within(t, stopped, "end of the player")

	got, err := p.plays.pending(100)
	if err != nil {
		t.Fatal(err)
	}
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond).UTC() }
	want := []protocol.Play{
		{ItemID: 1, Title: "A", Asset: a, Start: at(0), Seconds: 10},
		{ItemID: 2, Title: "B", Asset: b, Start: at(10000), Seconds: 4},
		{ItemID: 2, Title: "B sửa", Asset: edited, Start: at(14000), Seconds: 6},
		{ItemID: 1, Title: "A", Asset: a, Start: at(20000), Seconds: 7},
		{ItemID: 3, Title: "C", Asset: c, Start: at(27000), Seconds: 3},
		{ItemID: 3, Title: "C", Asset: c, Start: at(30400), Seconds: 5},
		{ItemID: 3, Title: "C", Asset: c, Start: at(37400), Seconds: 2},
	}
	if len(got) != len(want) {
		t.Fatalf("%d plays recorded, want %d:\n%+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.ItemID != w.ItemID || g.Title != w.Title || g.Asset != w.Asset || !g.Start.Equal(w.Start) || g.Seconds != w.Seconds || g.ID != w.Start.UnixNano() {
			t.Errorf("play %d: item %d %q %.8s… from %v for %d s, want item %d %q %.8s… from %v for %d s",
				i, g.ItemID, g.Title, g.Asset, g.Start.Sub(t0), g.Seconds, w.ItemID, w.Title, w.Asset, w.Start.Sub(t0), w.Seconds)
		}
	}
}
