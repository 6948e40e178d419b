package fleet

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"codong/assets"
	"codong/controller/hub"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// scrollingRenderer marks every picture as a strip to scroll: the
// longest item a manifest can carry.
type scrollingRenderer struct{ fakeRenderer }

func (r *scrollingRenderer) Asset(text, style string, size assets.Size, speed int) (Picture, error) {
	pic, err := r.fakeRenderer.Asset(text, style, size, speed)
	pic.Strip = 4 * size.W
	return pic, err
}

// sizedLinks records the size of every manifest frame sent.
type sizedLinks struct {
	fakeLinks
	sizes chan int
}

func (l *sizedLinks) SendAll(ds []hub.Delivery) {
	l.fakeLinks.SendAll(ds)
	for _, d := range ds {
		n := 0
		for _, p := range d.Frame {
			n += len(p)
		}
		l.sizes <- n
	}
}

// TestWorstCaseManifestFits fills every stored field to the limit the
// store allows, with the characters JSON spells longest, and checks the
// board still gets its manifest within the protocol's frame limit: no
// accepted request can cut boards off by growing their manifest.
func TestWorstCaseManifestFits(t *testing.T) {
	// '<' is written \u003c by encoding/json: six bytes for one character.
	long := func(n int) string { return strings.Repeat("<", n) }
	slug := func(i int) string { return fmt.Sprintf("%s%02d", strings.Repeat("a", 61), i%100) }
	group := long(store.MaxGroupRunes)

	var pls []store.Playlist
	items := 0
	for p := range store.MaxPlaylists {
		pl := store.Playlist{ID: int64(p + 1), Slug: slug(p), Name: long(store.MaxNameRunes)}
		for i := 0; i < store.MaxItems && items < store.MaxTotalItems; i++ {
			items++
			pl.Items = append(pl.Items, store.PlaylistItem{
				ID: math.MaxInt64 - int64(items), SloganID: math.MaxInt64 - int64(items),
				Text: long(playlists.MaxTitleRunes-5) + fmt.Sprint(items), Seconds: playlists.MaxItemSeconds,
			})
			if items <= store.MaxCountdowns {
				// Countdowns to the furthest day allowed carry a full
				// window of dated pictures each, and two texts.
				it := &pl.Items[len(pl.Items)-1]
				it.Text = long(store.MaxCountdownTextRunes-8) + fmt.Sprintf("%05d", items) + playlists.CountdownPlaceholder
				it.Countdown = &store.Countdown{Date: fmt.Sprintf("%d-12-31", store.MaxCountdownYear), After: long(playlists.MaxTitleRunes)}
			}
		}
		pls = append(pls, pl)
	}
	pls[0].Slug = playlists.DefaultSlug
	var slots []store.ScheduleSlot
	for i := range store.MaxSlots {
		slots = append(slots, store.ScheduleSlot{ID: math.MaxInt64 - int64(i), Slot: playlists.Slot{
			Playlist: slug(i), Start: "23:59", End: "00:01", Overnight: true, Group: group,
			Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}, From: "2026-12-01", To: "9999-12-31", Priority: playlists.MaxPriority,
		}})
	}
	var power []playlists.PowerWindow
	for i := range store.MaxPowerWindows {
		power = append(power, playlists.PowerWindow{Start: fmt.Sprintf("%02d:00", i), End: fmt.Sprintf("%02d:30", i), Brightness: 100})
	}
	board := store.Target{ID: math.MaxInt64, TokenHash: "hash-worst", Board: playlists.Board{
		ID: math.MaxInt64, Name: long(store.MaxNameRunes), Width: store.MaxBoardSide, Height: store.MaxBoardSide,
		Groups: slices.Repeat([]string{group}, store.MaxBoardGroups), Power: power,
	}}
	until := time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
	// In force now (a board is given only the switch it plays), and as
	// long written as until.
	since := time.Date(2000, 12, 31, 23, 59, 59, 999999999, time.UTC)
	st := &fakeStore{d: store.Desired{
		Revision:  math.MaxInt64 / 2,
		Playlists: pls,
		Schedule:  slots,
		Switches:  []store.Switch{{UnitID: store.RootUnit, Override: playlists.Override{Playlist: slug(99), Group: group, Since: since, Until: until}}},
		Boards:    []store.Target{board},
	}}

	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	links := &sizedLinks{fakeLinks: fakeLinks{frames: map[int64][]protocol.Message{}, got: make(chan struct{}, 1)}, sizes: make(chan int, 1)}
	f := New(Config{Store: st, Renderer: &scrollingRenderer{fakeRenderer{calls: map[string]int{}}}, Key: priv,
		TimeZone: "Asia/Ho_Chi_Minh", Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		FlushEvery: time.Millisecond, SeenEvery: time.Millisecond, StatusEvery: time.Millisecond, RetryEvery: time.Millisecond})
	f.Attach(links)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	f.Connected(board.ID, 1, "192.0.2.1", protocol.Level)

	select {
	case n := <-links.sizes:
		if n > protocol.MaxMessageBytes {
			t.Fatalf("worst-case manifest is %d bytes, over the protocol's %d", n, protocol.MaxMessageBytes)
		}
		t.Logf("worst-case manifest: %d items, %d bytes of %d allowed", items, n, protocol.MaxMessageBytes)
	case <-time.After(30 * time.Second):
		t.Fatal("the worst case allowed by the limits got no manifest: the fleet refused to cut it")
	}
	ms := links.of(board.ID, protocol.TypeManifest)
	if len(ms) != 1 {
		t.Fatalf("board got %d manifests", len(ms))
	}
	m, err := ms[0].Manifest.Open(priv.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m.Countdowns); n != store.MaxCountdowns || len(m.Countdowns[0].Days) != playlists.CountdownWindow {
		t.Fatalf("the worst case carried %d countdowns, not %d with a full window each", n, store.MaxCountdowns)
	}
}
