package store

import (
	"context"
	"testing"
	"time"
)

// TestPresenceShared: a board one controller has online shows in the
// others' view with its state; its going offline there removes it; a
// board that moved to another controller stays that one's, whatever the
// first says late; and a controller that stops vouching (died) drops out
// once its word is stale, by the database's clock.
func TestPresenceShared(t *testing.T) {
	ctx := context.Background()
	a, b := twoStores(t)
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	seen := func(s *Store, stale time.Duration) map[int64]Presence {
		t.Helper()
		ps, err := s.OthersPresence(ctx, stale)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]Presence{}
		for _, p := range ps {
			out[p.BoardID] = p
		}
		return out
	}
	const fresh = 10 * time.Second
	on := Presence{BoardID: 7, Online: true, Since: now, Sent: 5, Acked: 5, Digest: "d1", Status: `{"title":"Mừng Đảng"}`, Thumbnail: []byte("png")}
	if err := a.SavePresence(ctx, []Presence{on}); err != nil {
		t.Fatal(err)
	}
	got := seen(b, fresh)[7]
	if !got.Online || got.Controller != a.Instance() || got.Acked != 5 || got.Digest != "d1" || got.Status != on.Status || string(got.Thumbnail) != "png" || !got.Since.Equal(now) {
		t.Fatalf("the other controller sees %+v", got)
	}
	if _, mine := seen(a, fresh)[7]; mine {
		t.Fatal("a controller sees its own board among the others'")
	}
	// The board moves to b; a's late word that it left does not count.
	if err := b.SavePresence(ctx, []Presence{on}); err != nil {
		t.Fatal(err)
	}
	if err := a.SavePresence(ctx, []Presence{{BoardID: 7, Left: now.Add(time.Second)}}); err != nil {
		t.Fatal(err)
	}
	if p, ok := seen(a, fresh)[7]; !ok || p.Controller != b.Instance() {
		t.Fatalf("after moving to the second controller the first sees %+v", p)
	}
	// b stops vouching (it died): past the staleness its board drops out.
	time.Sleep(1500 * time.Millisecond)
	if _, ok := seen(a, time.Second)[7]; ok {
		t.Fatal("a board whose controller stopped vouching 1.5 s ago is still seen with 1 s of staleness")
	}
	if _, ok := seen(a, fresh)[7]; !ok {
		t.Fatal("a board vouched for 1.5 s ago is not seen with 10 s of staleness")
	}
	// Its own controller says it went offline.
	if err := b.SavePresence(ctx, []Presence{{BoardID: 7, Left: now.Add(21 * time.Second)}}); err != nil {
		t.Fatal(err)
	}
	if _, ok := seen(a, fresh)[7]; ok {
		t.Fatal("a board gone offline is still seen")
	}
}
