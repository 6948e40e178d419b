package store

import (
	"context"
	"testing"
	"time"

	"codong/internal/pgtest"
)

// TestPresenceShared: a board one controller has online shows in the
// others' view with its state; its going offline there removes it; a
// board that moved to another controller stays that one's, whatever the
// first says late; and a controller that stops vouching (died) drops out
// once its word is stale.
func TestPresenceShared(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: on SQLite presence is the one controller's memory")
	}
	ctx := context.Background()
	url := pgtest.URL(t)
	a, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	seen := func(s *Store, at time.Time) map[int64]Presence {
		t.Helper()
		ps, err := s.OthersPresence(ctx, at.Add(-10*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]Presence{}
		for _, p := range ps {
			out[p.BoardID] = p
		}
		return out
	}
	on := Presence{BoardID: 7, Online: true, Since: now, Sent: 5, Acked: 5, UpToDate: true, Status: `{"title":"Mừng Đảng"}`, Thumbnail: []byte("png")}
	if err := a.SavePresence(ctx, []Presence{on}, now); err != nil {
		t.Fatal(err)
	}
	got := seen(b, now)[7]
	if !got.Online || got.Controller != a.Instance() || got.Acked != 5 || !got.UpToDate || got.Status != on.Status || string(got.Thumbnail) != "png" || !got.Since.Equal(now) {
		t.Fatalf("the other controller sees %+v", got)
	}
	if _, mine := seen(a, now)[7]; mine {
		t.Fatal("a controller sees its own board among the others'")
	}
	// The board moves to b; a's late word that it left does not count.
	if err := b.SavePresence(ctx, []Presence{on}, now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := a.SavePresence(ctx, []Presence{{BoardID: 7, Left: now.Add(time.Second)}}, now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if p, ok := seen(a, now.Add(time.Second))[7]; !ok || p.Controller != b.Instance() {
		t.Fatalf("after moving to the second controller the first sees %+v", p)
	}
	// b keeps vouching with heartbeats; then b dies and its word goes stale.
	if err := b.SavePresence(ctx, nil, now.Add(5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, ok := seen(a, now.Add(12*time.Second))[7]; !ok {
		t.Fatal("a board vouched for 7 s ago is not seen")
	}
	if _, ok := seen(a, now.Add(20*time.Second))[7]; ok {
		t.Fatal("a board whose controller stopped vouching 15 s ago is still seen")
	}
	// Its own controller says it went offline.
	if err := b.SavePresence(ctx, []Presence{{BoardID: 7, Left: now.Add(21 * time.Second)}}, now.Add(21*time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, ok := seen(a, now.Add(21*time.Second))[7]; ok {
		t.Fatal("a board gone offline is still seen")
	}
}
