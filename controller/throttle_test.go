package controller

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"codong/controller/store"
)

func (h *apiHarness) login(t *testing.T, username, password string) int {
	t.Helper()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"username": {username}, "password": {password}}
	resp, err := noRedirect.Post(h.srv.URL+"/login", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestLoginBurstIsCountedBeforeChecking sends 200 wrong guesses at once:
// each is counted when it arrives, so no more than the limit are ever
// checked, and the rest are refused with 429 without hashing.
func TestLoginBurstIsCountedBeforeChecking(t *testing.T) {
	h := newAPIHarness(t)
	const burst = 200
	codes := make(chan int, burst)
	var wg sync.WaitGroup
	for i := range burst {
		wg.Go(func() { codes <- h.login(t, "admin", fmt.Sprintf("đoán sai %d", i)) })
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	if count[http.StatusUnauthorized] > maxPairFailures || count[http.StatusTooManyRequests] < burst-maxPairFailures {
		t.Fatalf("burst of %d guesses: %v; want at most %d checked (401) and the rest 429", burst, count, maxPairFailures)
	}
	entries, err := h.s.store.Audit(context.Background(), store.AuditFilter{Kind: "login.failed", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > maxPairFailures {
		t.Fatalf("%d failed logins were checked and recorded, want at most %d", len(entries), maxPairFailures)
	}
	if code := h.login(t, "admin", "mật khẩu thử nghiệm đủ dài"); code != http.StatusTooManyRequests {
		t.Fatalf("the guessed account from the guessing address: %d, want 429 until the window passes", code)
	}
}

// TestColleagueBehindSameRouterCanLogIn: someone mistyping five times
// does not keep a colleague at the same address (one commune router)
// out of their own account.
func TestColleagueBehindSameRouterCanLogIn(t *testing.T) {
	h := newAPIHarness(t)
	if _, err := AddUser(context.Background(), h.s.store, testActor, "bientap", "mật khẩu biên tập viên", "editor"); err != nil {
		t.Fatal(err)
	}
	for range maxPairFailures {
		if code := h.login(t, "admin", "sai"); code != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", code)
		}
	}
	if code := h.login(t, "admin", "sai"); code != http.StatusTooManyRequests {
		t.Fatalf("sixth guess at one account from one address: %d, want 429", code)
	}
	if code := h.login(t, "bientap", "mật khẩu biên tập viên"); code != http.StatusSeeOther {
		t.Fatalf("colleague's correct login from the same address: %d, want 303", code)
	}
}

// TestLoginWindows drives the throttle's three windows with a clock.
func TestLoginWindows(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	l := newLoginThrottle(func() time.Time { return now })
	fail := func(user, addr string) bool {
		a, _, ok := l.reserve(user, addr)
		if ok {
			a.failed()
		}
		return ok
	}
	t.Run("address", func(t *testing.T) {
		for i := range maxAddressFailures {
			if !fail(fmt.Sprintf("nguoi%d", i), "10.0.0.1") {
				t.Fatalf("attempt %d refused early", i)
			}
		}
		// A colleague there gets one try at their own name; a second
		// failure is not checked.
		if !fail("dong-nghiep", "10.0.0.1") {
			t.Fatal("a name with no failure at the full address was not checked")
		}
		if fail("dong-nghiep", "10.0.0.1") {
			t.Fatal("address over its limit checked a second failure of one name")
		}
		if !fail("nguoi-moi", "10.0.0.2") {
			t.Fatal("another address was refused")
		}
	})
	t.Run("account", func(t *testing.T) {
		for i := range maxAccountFailures {
			if !fail("admin", fmt.Sprintf("10.1.0.%d", i)) {
				t.Fatalf("attempt %d refused early", i)
			}
		}
		_, retry, ok := l.reserve("ADMIN ", "10.2.0.1")
		if ok || !retry.Equal(now.Add(loginWindow)) {
			t.Fatalf("account over its limit: ok %v, retry %v", ok, retry)
		}
	})
	t.Run("window passes", func(t *testing.T) {
		now = now.Add(loginWindow)
		if !fail("admin", "10.0.0.1") {
			t.Fatal("still refused after the window")
		}
	})
	t.Run("a check that never ran keeps earlier failures", func(t *testing.T) {
		for range maxPairFailures - 1 {
			fail("ban", "10.8.0.1")
		}
		a, _, ok := l.reserve("ban", "10.8.0.1")
		if !ok {
			t.Fatal("refused before the limit")
		}
		a.release()
		if !fail("ban", "10.8.0.1") || fail("ban", "10.8.0.1") {
			t.Fatal("a released attempt wiped or kept the wrong failures")
		}
	})
	t.Run("keys tried once expire", func(t *testing.T) {
		for i := range 1000 {
			fail(fmt.Sprintf("mot-lan-%d", i), fmt.Sprintf("10.7.%d.%d", i/256, i%256))
		}
		before := len(*l.windows[byPair])
		now = now.Add(loginWindow + pruneEvery)
		fail("sau", "10.6.0.1")
		if after := len(*l.windows[byPair]); after >= before || after > 1 {
			t.Fatalf("%d pair keys before the window passed, %d after: expired keys are kept", before, after)
		}
	})
	t.Run("success gives back", func(t *testing.T) {
		for range maxPairFailures - 1 {
			fail("thu", "10.9.0.1")
		}
		a, _, ok := l.reserve("thu", "10.9.0.1")
		if !ok {
			t.Fatal("refused before the limit")
		}
		a.succeeded()
		for i := range maxPairFailures {
			if !fail("thu", "10.9.0.1") {
				t.Fatalf("after a correct login, attempt %d refused: the pair's failures were not forgotten", i)
			}
		}
	})
}
