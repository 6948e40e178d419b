package controller

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"codong/controller/store"
)

// loginPage posts the login form and returns the status, the Retry-After
// header and the page.
func (h *apiHarness) loginPage(t *testing.T, username, password string) (code int, retryAfter, page string) {
	t.Helper()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"username": {username}, "password": {password}}
	resp, err := noRedirect.Post(h.srv.URL+"/login", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Error(err)
		return 0, "", ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After"), string(body)
}

func (h *apiHarness) login(t *testing.T, username, password string) int {
	t.Helper()
	code, _, _ := h.loginPage(t, username, password)
	return code
}

// testClock is a clock the test moves; the server reads it from its
// handlers' goroutines.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestLoginBurstIsCountedBeforeChecking sends 200 wrong guesses at once:
// each is counted when it arrives, so no more than the free failures are
// ever checked, and the rest are refused with 429 without hashing.
func TestLoginBurstIsCountedBeforeChecking(t *testing.T) {
	h := newAPIHarness(t)
	// A clock that stands still: on a loaded machine the burst may take
	// longer than the first pause, and a guess arriving after it would
	// rightly be checked.
	h.s.logins.now = (&testClock{now: time.Now()}).Now
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
	if count[http.StatusUnauthorized] > pairBackoff.free || count[http.StatusTooManyRequests] < burst-pairBackoff.free {
		t.Fatalf("burst of %d guesses: %v; want at most %d checked (401) and the rest 429", burst, count, pairBackoff.free)
	}
	entries, err := h.s.store.Audit(context.Background(), store.AuditFilter{Kind: "login.failed", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > pairBackoff.free {
		t.Fatalf("%d failed logins were checked and recorded, want at most %d", len(entries), pairBackoff.free)
	}
}

// TestColleagueBehindSameRouterCanLogIn: someone mistyping ten times at
// the admin account does not keep a colleague at the same address (one
// commune router) out of their own account, not even for a second; the
// one who mistyped is told how long to wait, in seconds.
func TestColleagueBehindSameRouterCanLogIn(t *testing.T) {
	h := newAPIHarness(t)
	clock := &testClock{now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
	h.s.logins.now = clock.Now
	if _, err := AddUser(context.Background(), h.s.store, testActor, "bientap", "mật khẩu biên tập viên", "editor"); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		code, retry, page := h.loginPage(t, "admin", "sai")
		if code == http.StatusTooManyRequests {
			// The page names the wait, and waiting that long is enough.
			var sec int
			fmt.Sscan(retry, &sec)
			want := fmt.Sprintf("Sai mật khẩu nhiều lần; hãy thử lại sau %s.", waitText(time.Duration(sec)*time.Second))
			if i == pairBackoff.free {
				want = "Sai mật khẩu nhiều lần; hãy thử lại sau 2 giây."
			}
			if !strings.Contains(page, want) {
				t.Fatalf("failure %d refused without naming the wait: Retry-After %q, want page to say %q", i, retry, want)
			}
			clock.Add(time.Duration(sec) * time.Second)
			code = h.login(t, "admin", "sai")
		}
		if code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d, after waiting: %d, want 401", i, code)
		}
	}
	if code, retry, _ := h.loginPage(t, "admin", "mật khẩu thử nghiệm đủ dài"); code != http.StatusTooManyRequests || retry != "256" {
		t.Fatalf("the admin account right after its tenth failure: %d, Retry-After %q; want 429 and 256 s", code, retry)
	}
	if code := h.login(t, "bientap", "mật khẩu biên tập viên"); code != http.StatusSeeOther {
		t.Fatalf("colleague's correct login from the same address: %d, want 303", code)
	}
	clock.Add(256 * time.Second)
	if code := h.login(t, "admin", "mật khẩu thử nghiệm đủ dài"); code != http.StatusSeeOther {
		t.Fatalf("the admin's correct password after the wait: %d, want 303", code)
	}
}

// TestLoginThrottle drives the throttle's rules with a clock.
func TestLoginThrottle(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	l := newLoginThrottle(func() time.Time { return now })
	fail := func(user, addr string) (time.Duration, bool) {
		a, wait, ok := l.reserve(user, addr)
		if ok {
			a.failed()
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
		_, wait, _ := l.reserve("lan", "10.0.0.1")
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
		a, _, ok := l.reserve("ban", "10.8.0.1")
		if !ok {
			t.Fatal("refused before the free failures were used")
		}
		a.release()
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
		a, _, ok := l.reserve("thu", "10.9.0.1")
		if !ok {
			t.Fatal("refused before the free failures were used")
		}
		a.succeeded()
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

func TestWaitText(t *testing.T) {
	tests := map[time.Duration]string{
		300 * time.Millisecond:      "1 giây",
		2 * time.Second:             "2 giây",
		29500 * time.Millisecond:    "30 giây",
		119 * time.Second:           "119 giây",
		5 * time.Minute:             "5 phút",
		4*time.Minute + time.Second: "5 phút",
	}
	for d, want := range tests {
		if got := waitText(d); got != want {
			t.Errorf("waitText(%v) = %q, want %q", d, got, want)
		}
	}
}
