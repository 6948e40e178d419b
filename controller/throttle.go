package controller

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"time"
)

// loginThrottle slows password guessing without locking colleagues out.
//
// Every attempt reserves a place in three windows before its password is
// checked: the account's (guesses at one name from anywhere), the
// address's (one router, which may be a whole commune office) and the
// pair's (one person at one address mistyping). A full window refuses
// the attempt with 429 before any hashing, so a burst of parallel
// guesses is counted as it arrives rather than after the slow hash. A
// correct password gives its reservations back and clears the pair's
// failures; a wrong one keeps them as failures until the window passes.
//
// The limits are set so that a colleague behind the same router who
// types the right password is not refused because someone else there
// mistyped theirs five times: the pair's window is the tight one, the
// address's leaves room for a whole office.
type loginThrottle struct {
	mu      sync.Mutex
	now     func() time.Time
	windows [3]*window // account, address, pair: see the kind constants
	pruned  time.Time  // last sweep of expired keys
	// hashing bounds the password checks running at once, so a burst
	// cannot take every core from the boards' links and /healthz.
	hashing chan struct{}
}

const (
	byAccount = iota
	byAddress
	byPair
)

// Login limits, per loginWindow. Each is a count of failed (or still
// being checked) attempts.
const (
	loginWindow = 15 * time.Minute
	// maxPairFailures: one person mistyping at one address.
	maxPairFailures = 5
	// maxAccountFailures: guesses at one account from every address
	// together; higher than the pair's so that an attacker elsewhere
	// cannot keep the owner out with five guesses.
	maxAccountFailures = 20
	// maxAddressFailures: a commune office of a dozen people behind one
	// router, each allowed to mistype a few times.
	maxAddressFailures = 50
	// maxThrottleKeys bounds the memory of the windows: names are chosen
	// by whoever guesses. When full, attempts are refused (closed, not
	// open) until old entries expire.
	maxThrottleKeys = 100_000
	// hashWait is how long an attempt waits for a free password check
	// before it is refused as busy.
	hashWait = 3 * time.Second
	// pruneEvery: how often expired keys are swept (a sweep of a full
	// table takes milliseconds).
	pruneEvery = time.Minute
	// maxThrottleNameBytes: a typed name longer than any user name is
	// still one key, not a megabyte of memory.
	maxThrottleNameBytes = 4 * 50
)

var windowLimits = [3]int{byAccount: maxAccountFailures, byAddress: maxAddressFailures, byPair: maxPairFailures}

// window holds, per key, the times of failed attempts and of attempts
// still being checked.
type window map[string][]time.Time

func newLoginThrottle(now func() time.Time) *loginThrottle {
	if now == nil {
		now = time.Now
	}
	l := &loginThrottle{now: now, hashing: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))}
	for i := range l.windows {
		l.windows[i] = &window{}
	}
	return l
}

// loginAttempt is one reservation; exactly one of succeeded or failed
// must be called.
type loginAttempt struct {
	l    *loginThrottle
	keys [3]string
	at   time.Time
}

// reserve counts an attempt at username from address before it is
// checked. It returns ok false, and the time when an attempt may be made
// again, when a window is full. The address's window does not stop a
// person whose own name at that address has no recent failure: a
// colleague behind a router where someone else mistyped still gets one
// try, and a guesser there gets one per account (then the pair's window
// holds it) under the account's own limit.
func (l *loginThrottle) reserve(username, address string) (a *loginAttempt, retry time.Time, ok bool) {
	account := strings.ToLower(strings.TrimSpace(username))
	if len(account) > maxThrottleNameBytes {
		account = account[:maxThrottleNameBytes]
	}
	keys := [3]string{byAccount: account, byAddress: address, byPair: account + "\x00" + address}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.prune(now)
	clean := len(l.windows[byPair].recent(keys[byPair], now)) == 0
	for i, w := range l.windows {
		times := w.recent(keys[i], now)
		switch {
		case i == byAddress && clean:
		case len(times) >= windowLimits[i]:
			retry = later(retry, times[len(times)-windowLimits[i]].Add(loginWindow))
		case len(*w) >= maxThrottleKeys && times == nil:
			retry = later(retry, now.Add(time.Minute))
		}
	}
	if !retry.IsZero() {
		return nil, retry, false
	}
	for i, w := range l.windows {
		(*w)[keys[i]] = append((*w)[keys[i]], now)
	}
	return &loginAttempt{l: l, keys: keys, at: now}, time.Time{}, true
}

// prune forgets keys whose window has passed, at most every pruneEvery,
// so names and addresses tried once do not fill the windows for good.
func (l *loginThrottle) prune(now time.Time) {
	if now.Sub(l.pruned) < pruneEvery {
		return
	}
	l.pruned = now
	for _, w := range l.windows {
		for key := range *w {
			w.recent(key, now)
		}
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// recent drops the key's times older than the window and returns the rest.
func (w *window) recent(key string, now time.Time) []time.Time {
	times := (*w)[key]
	i := 0
	for i < len(times) && now.Sub(times[i]) >= loginWindow {
		i++
	}
	if i == len(times) {
		delete(*w, key)
		return nil
	}
	(*w)[key] = times[i:]
	return times[i:]
}

// remove takes one reservation made at t out of the key's times.
func (w *window) remove(key string, t time.Time) {
	times := (*w)[key]
	for i := len(times) - 1; i >= 0; i-- {
		if times[i].Equal(t) {
			times = append(times[:i:i], times[i+1:]...)
			break
		}
	}
	if len(times) == 0 {
		delete(*w, key)
	} else {
		(*w)[key] = times
	}
}

// succeeded gives the attempt's reservations back and forgets the pair's
// earlier mistakes: the person at that address knows the password.
func (a *loginAttempt) succeeded() {
	a.release()
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	delete(*a.l.windows[byPair], a.keys[byPair])
}

// release gives the attempt's reservations back, as if it had not been
// made (it was never checked), keeping earlier failures.
func (a *loginAttempt) release() {
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	for i, w := range a.l.windows {
		w.remove(a.keys[i], a.at)
	}
}

// failed keeps the reservations as failures.
func (a *loginAttempt) failed() {}

// check runs fn (the password check) when a place is free, or reports
// false if none frees up in time.
func (l *loginThrottle) check(ctx context.Context, fn func()) bool {
	t := time.NewTimer(hashWait)
	defer t.Stop()
	select {
	case l.hashing <- struct{}{}:
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
	defer func() { <-l.hashing }()
	fn()
	return true
}
