package auth

import (
	"fmt"
	"testing"
	"time"
)

// TestLoginThrottle drives the throttle's rules with a clock.
func TestLoginThrottle(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	l := NewLoginThrottle(func() time.Time { return now })
	fail := func(user, addr string) (time.Duration, bool) {
		a, wait, ok := l.Reserve(user, addr)
		if ok {
			a.Failed()
		}
		return wait, ok
	}
	// failAfterWait fails once, first waiting as long as asked.
	failAfterWait := func(user, addr string) time.Duration {
		wait, ok := fail(user, addr)
		if !ok {
			now = now.Add(wait)
			if _, ok := fail(user, addr); !ok {
				t.Fatalf("%s at %s refused again after waiting %v", user, addr, wait)
			}
		}
		return wait
	}
	t.Run("delays grow", func(t *testing.T) {
		var waits []time.Duration
		for range 14 {
			waits = append(waits, failAfterWait("lan", "10.0.0.1"))
		}
		want := []time.Duration{0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300}
		for i := range want {
			want[i] *= time.Second
		}
		if fmt.Sprint(waits) != fmt.Sprint(want) {
			t.Fatalf("waits before each failure: %v, want %v", waits, want)
		}
	})
	t.Run("one second short is still refused", func(t *testing.T) {
		_, wait, _ := l.Reserve("lan", "10.0.0.1")
		now = now.Add(wait - time.Second)
		if _, ok := fail("lan", "10.0.0.1"); ok {
			t.Fatal("an attempt before the wait ended was let in")
		}
		now = now.Add(time.Second)
	})
	t.Run("others are not slowed", func(t *testing.T) {
		if _, ok := fail("dong-nghiep", "10.0.0.1"); !ok {
			t.Fatal("a colleague at the same address was slowed by someone else's failures")
		}
		if _, ok := fail("lan", "10.0.0.2"); !ok {
			t.Fatal("the same account from another address was slowed before the account's own bound")
		}
	})
	t.Run("spraying many accounts from one address", func(t *testing.T) {
		for i := range addressBackoff.free {
			if _, ok := fail(fmt.Sprintf("nguoi%d", i), "10.5.0.1"); !ok {
				t.Fatalf("account %d refused below the address's bound", i)
			}
		}
		if wait, ok := fail("ten-moi", "10.5.0.1"); ok || wait != 2*time.Second {
			t.Fatalf("a new name at an address that failed %d accounts: ok %v, wait %v; want a 2 s wait", addressBackoff.free, ok, wait)
		}
		if _, ok := fail("nguoi0", "10.5.0.1"); !ok {
			t.Fatal("a name that failed once there is slowed by the address's bound as well as its own")
		}
		if _, ok := fail("ten-moi", "10.5.0.2"); !ok {
			t.Fatal("another address was slowed")
		}
	})
	t.Run("one account guessed from many addresses", func(t *testing.T) {
		for i := range accountBackoff.free {
			if _, ok := fail("admin", fmt.Sprintf("10.1.0.%d", i)); !ok {
				t.Fatalf("attempt %d refused early", i)
			}
		}
		if wait, ok := fail("ADMIN ", "10.2.0.1"); ok || wait != 2*time.Second {
			t.Fatalf("account over its bound: ok %v, wait %v; want a 2 s wait", ok, wait)
		}
	})
	t.Run("window passes", func(t *testing.T) {
		now = now.Add(loginWindow)
		for i := range pairBackoff.free {
			if _, ok := fail("lan", "10.0.0.1"); !ok {
				t.Fatalf("attempt %d after the window refused: old failures still count", i)
			}
		}
	})
	t.Run("a check that never ran keeps earlier failures", func(t *testing.T) {
		for range pairBackoff.free - 1 {
			fail("ban", "10.8.0.1")
		}
		a, _, ok := l.Reserve("ban", "10.8.0.1")
		if !ok {
			t.Fatal("refused before the free failures were used")
		}
		a.Release()
		if _, ok := fail("ban", "10.8.0.1"); !ok {
			t.Fatal("a released attempt counted as a failure")
		}
		if _, ok := fail("ban", "10.8.0.1"); ok {
			t.Fatal("a released attempt wiped the earlier failures")
		}
	})
	t.Run("success forgets the pair's failures", func(t *testing.T) {
		for range pairBackoff.free - 1 {
			fail("thu", "10.9.0.1")
		}
		a, _, ok := l.Reserve("thu", "10.9.0.1")
		if !ok {
			t.Fatal("refused before the free failures were used")
		}
		a.Succeeded()
		for i := range pairBackoff.free {
			if _, ok := fail("thu", "10.9.0.1"); !ok {
				t.Fatalf("after a correct login, attempt %d refused: the pair's failures were not forgotten", i)
			}
		}
	})
	t.Run("keys tried once expire", func(t *testing.T) {
		for i := range 1000 {
			fail(fmt.Sprintf("mot-lan-%d", i), fmt.Sprintf("10.7.%d.%d", i/256, i%256))
		}
		before := len(l.pairs)
		now = now.Add(loginWindow + pruneEvery)
		fail("sau", "10.6.0.1")
		if after := len(l.pairs) + len(l.accounts) + len(l.addresses); after >= before || after > 3 {
			t.Fatalf("%d pair keys before the window passed, %d keys after: expired keys are kept", before, after)
		}
	})
}
