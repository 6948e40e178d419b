package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestFormKeysCreateOnce: the first POST with a key claims it; while it
// runs a second one waits; once it has led somewhere every later one is
// sent there; a refused one frees its key; keys are per person and per
// form; they are forgotten after FormKeyLife, a stalled claim is taken
// over after FormKeyStall, and one person keeps at most
// MaxFormKeysPerActor. On both engines.
func TestFormKeysCreateOnce(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	claim := func(actor, key, path string) FormClaim {
		t.Helper()
		c, err := s.ClaimFormKey(ctx, actor, key, path)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := claim("user:1", "k1", "/slogans/new"); !c.First {
		t.Fatalf("first claim: %+v", c)
	}
	if c := claim("user:1", "k1", "/slogans/new"); c.First || c.Result != "" {
		t.Fatalf("second claim while the first runs: %+v", c)
	}
	if err := s.FinishFormKey(ctx, "user:1", "k1", "/slogans/new", "/slogans#s-7"); err != nil {
		t.Fatal(err)
	}
	if c := claim("user:1", "k1", "/slogans/new"); c.First || c.Result != "/slogans#s-7" {
		t.Fatalf("claim after the first succeeded: %+v", c)
	}
	if c := claim("user:2", "k1", "/slogans/new"); !c.First {
		t.Fatalf("another person's key: %+v", c)
	}
	if c := claim("user:1", "k1", "/groups"); !c.First {
		t.Fatalf("another form on the same page: %+v", c)
	}
	// A refused submission frees the key for the corrected form.
	claim("user:1", "k2", "/playlists")
	if err := s.ReleaseFormKey(ctx, "user:1", "k2", "/playlists"); err != nil {
		t.Fatal(err)
	}
	if c := claim("user:1", "k2", "/playlists"); !c.First {
		t.Fatalf("after a refusal: %+v", c)
	}
	// A claim cut off by a restart holds back only for FormKeyStall.
	now = now.Add(FormKeyStall + time.Second)
	if c := claim("user:1", "k2", "/playlists"); !c.First {
		t.Fatalf("stalled claim not taken over: %+v", c)
	}
	now = now.Add(FormKeyLife)
	if c := claim("user:1", "k1", "/slogans/new"); !c.First {
		t.Fatalf("a day later the key is forgotten: %+v", c)
	}
	for _, bad := range []string{"", strings.Repeat("a", MaxFormKeyBytes+1), "a b", "khóa", "a'--"} {
		if _, err := s.ClaimFormKey(ctx, "user:1", bad, "/groups"); !errors.Is(err, ErrBadFormKey) {
			t.Errorf("key %q: %v, want ErrBadFormKey", bad, err)
		}
	}
	t.Run("at most MaxFormKeysPerActor per person", func(t *testing.T) {
		for i := range MaxFormKeysPerActor + 5 {
			now = now.Add(time.Millisecond)
			claim("user:9", fmt.Sprintf("n%d", i), "/groups")
		}
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM form_keys WHERE actor = 'user:9'`).Scan(&n); err != nil || n != MaxFormKeysPerActor {
			t.Fatalf("%d kept (%v), want %d", n, err, MaxFormKeysPerActor)
		}
		if c := claim("user:9", fmt.Sprintf("n%d", MaxFormKeysPerActor+4), "/groups"); c.First {
			t.Fatal("the newest key was forgotten")
		}
	})
	t.Run("a double click claims once", func(t *testing.T) {
		var firsts int
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				c, err := s.ClaimFormKey(ctx, "user:3", "double", "/users")
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				if c.First {
					firsts++
				}
				mu.Unlock()
			})
		}
		wg.Wait()
		if firsts != 1 {
			t.Fatalf("%d requests claimed the key, want 1", firsts)
		}
	})
}
