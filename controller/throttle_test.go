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

	"codong/controller/auth"
	"codong/controller/console"
	"codong/controller/staff"
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
	h.s.logins.Now = (&testClock{now: time.Now()}).Now
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
	if count[http.StatusUnauthorized] > auth.FreeFailures || count[http.StatusTooManyRequests] < burst-auth.FreeFailures {
		t.Fatalf("burst of %d guesses: %v; want at most %d checked (401) and the rest 429", burst, count, auth.FreeFailures)
	}
	entries, err := h.s.store.Audit(context.Background(), store.Everything, store.AuditFilter{Kind: "login.failed", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > auth.FreeFailures {
		t.Fatalf("%d failed logins were checked and recorded, want at most %d", len(entries), auth.FreeFailures)
	}
}

// TestColleagueBehindSameRouterCanLogIn: someone mistyping ten times at
// the admin account does not keep a colleague at the same address (one
// commune router) out of their own account, not even for a second; the
// one who mistyped is told how long to wait, in seconds.
func TestColleagueBehindSameRouterCanLogIn(t *testing.T) {
	h := newAPIHarness(t)
	clock := &testClock{now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
	h.s.logins.Now = clock.Now
	if _, err := staff.AddUser(context.Background(), h.s.store, testActor, "bientap", "mật khẩu biên tập viên", "editor"); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		code, retry, page := h.loginPage(t, "admin", "sai")
		if code == http.StatusTooManyRequests {
			// The page names the wait, and waiting that long is enough.
			var sec int
			fmt.Sscan(retry, &sec)
			want := fmt.Sprintf("Sai mật khẩu nhiều lần; hãy thử lại sau %s.", console.WaitText(time.Duration(sec)*time.Second))
			if i == auth.FreeFailures {
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
