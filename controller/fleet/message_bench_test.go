package fleet

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"codong/assets"
	"codong/controller/store"
	"codong/player"
	"codong/playlists"
	"codong/protocol"
)

// boardAnswer is what a realistic board sends after a switch, as frames
// on the wire: its acknowledgement, its status (what it shows now) and
// the record of the play the switch ended.
type boardAnswer struct{ ack, status, plays []byte }

// realisticAnswers are a board's answer as a player of protocol 2.1
// sends it (its status carries the thumbnail it made of its frame) and
// as one of 2.2 does (its status says which picture it shows).
func realisticAnswers(b *testing.B, now time.Time) (old, shows boardAnswer) {
	old = realisticAnswer(b, now)
	var m protocol.Message
	if err := json.Unmarshal(old.status, &m); err != nil {
		b.Fatal(err)
	}
	m.Status.Thumbnail, m.Status.Shows = nil, &protocol.Shows{}
	shows = old
	shows.status, _ = json.Marshal(m)
	return old, shows
}

// realisticAnswer renders a real slogan at a market board's size and
// builds the frames a board of the old protocol sends for it: the status
// carries the thumbnail the board made of its frame.
func realisticAnswer(b *testing.B, now time.Time) boardAnswer {
	r, err := assets.NewRenderer(assets.Options{})
	if err != nil {
		b.Fatal(err)
	}
	pic, err := r.Render(assets.Request{Text: "Mừng Đảng, mừng Xuân, mừng Đại hội thành công tốt đẹp", Size: assets.Size{W: 384, H: 128}})
	if err != nil {
		b.Fatal(err)
	}
	st := protocol.Status{Revision: 2, Playlist: playlists.CongressSuccessSlug, ItemID: 3, Title: "Mừng Đại hội thành công tốt đẹp",
		Asset: assetOf("Mừng Đại hội thành công tốt đẹp", 384, 128), Since: now, Version: "1.0.0", Brightness: 100, DisplayWidth: 384, DisplayHeight: 128,
		CacheBytes: 1 << 20, UptimeSeconds: 3600, ClockOffsetMs: 3, Thumbnail: player.Thumbnail(pic.PNG)}
	play := protocol.Play{ID: now.Add(-10 * time.Second).UnixNano(), Playlist: playlists.DefaultSlug, ItemID: 1, Title: "Mừng Đảng, mừng Xuân",
		Asset: assetOf("Mừng Đảng, mừng Xuân", 384, 128), Start: now.Add(-10 * time.Second), Seconds: 10}
	var a boardAnswer
	a.ack, _ = json.Marshal(protocol.NewAck(2))
	a.status, _ = json.Marshal(protocol.NewStatus(&st))
	a.plays, _ = json.Marshal(protocol.NewPlays([]protocol.Play{play}))
	return a
}

// BenchmarkBoardMessage measures the controller's work for one board's
// answer to a switch, from the frames' bytes: decoding them, the fleet's
// checks and live state, and the telemetry written for them (one batch
// per thousand boards, to a store that keeps nothing). Reported per
// board; with -benchmem, the allocation per board.
func BenchmarkBoardMessage(b *testing.B) {
	t0 := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	old, shows := realisticAnswers(b, t0)
	b.Run("protocol-2.1", func(b *testing.B) { benchAnswer(b, t0, old) })
	b.Run("protocol-2.2", func(b *testing.B) { benchAnswer(b, t0, shows) })
}

func benchAnswer(b *testing.B, t0 time.Time, a boardAnswer) {
	const boards = 1000
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	st := &fakeStore{d: store1000()}
	// A board answers each switch once; switches come a minute apart,
	// within every rate a board is held to.
	clk := &clock{t: t0}
	f := New(Config{Store: st, Renderer: &fakeRenderer{calls: map[string]int{}}, Key: priv, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		MaxQueuedPlays: 1 << 30, Now: clk.now})
	f.Attach(nullLinks{})
	ctx := context.Background()
	if err := f.rebuild(ctx); err != nil {
		b.Fatal(err)
	}
	for i := range boards {
		f.Connected(int64(i+1), uint64(i+1), "192.0.2.1", protocol.Level)
	}
	f.sendPending()
	b.SetBytes(int64(len(a.ack) + len(a.status) + len(a.plays)))
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	b.ResetTimer()
	for i := range b.N {
		id := int64(i%boards + 1)
		link := uint64(id)
		if rev, ok := protocol.ParseAck(a.ack); ok {
			f.Ack(id, link, rev)
		}
		for _, frame := range [][]byte{a.status, a.plays} {
			m, err := protocol.Decode(frame)
			if err != nil {
				b.Fatal(err)
			}
			switch m.Type {
			case protocol.TypeStatus:
				f.Status(id, link, m.Status)
			case protocol.TypePlays:
				f.Plays(id, link, m.Plays)
			}
		}
		if id == boards {
			f.tel.Flush(ctx, true, true, true)
			f.forgetSpans(allBoards(boards))
			clk.add(time.Minute)
		}
	}
	b.StopTimer()
	if cpu1, ok := processCPU(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
}

// store1000 is a thousand market boards showing one playlist.
func store1000() store.Desired {
	d := store.Desired{Revision: 2, Playlists: []store.Playlist{
		{Slug: playlists.DefaultSlug, Name: "Chào mừng Đại hội", Items: []store.PlaylistItem{{ID: 1, Text: "Mừng Đảng, mừng Xuân", Seconds: 10}}},
		{Slug: playlists.CongressSuccessSlug, Name: "Mừng Đại hội thành công", Items: []store.PlaylistItem{{ID: 3, Text: "Mừng Đại hội thành công tốt đẹp", Seconds: 10}}},
	}}
	for i := range 1000 {
		d.Boards = append(d.Boards, target(int64(i+1), 384, 128, fmt.Sprintf("thon-%d", i%40)))
	}
	return d
}

func allBoards(n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	return ids
}

// The benchmark's frames are taken as a real board's: nothing refused,
// every play stored, every status kept.
func TestBenchAnswerIsTaken(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	res := testing.Benchmark(func(b *testing.B) { benchAnswer(b, t0, realisticAnswer(b, t0)) })
	if res.N == 0 {
		t.Fatal("benchmark did not run")
	}
}
