package auth

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"time"
)

// LoginThrottle slows password guessing without locking colleagues out.
//
// Failures are counted under three keys, each forgotten after loginWindow
// without a new one: the pair (one
// account tried from one address: a person mistyping, or a guesser), the
// account (that name tried from anywhere) and the address (one router,
// which may be a whole commune office). Past a few free failures each key
// asks for a wait that doubles with every further failure, up to a
// ceiling, instead of a wall for the whole window: the person who
// mistyped waits seconds, a guesser waits minutes per guess.
//
// The address's key counts distinct accounts that failed there, not
// failures: someone mistyping ten times at one account is one account, so
// a colleague behind the same router typing their own password is never
// slowed by it. Only spraying many accounts from one address is.
//
// Every attempt is counted when it arrives, before its password is
// checked, so a burst of parallel guesses is slowed as it comes rather
// than after the slow hash. A correct password gives its reservation
// back and forgets the pair's failures.
type LoginThrottle struct {
	mu        sync.Mutex
	Now       func() time.Time
	pairs     map[string]strikes              // account+address
	accounts  map[string]strikes              // account, from any address
	addresses map[string]map[string]time.Time // address → failing account → last failure
	pruned    time.Time                       // last sweep of expired keys
	// hashing bounds the password checks running at once, so a burst
	// cannot take every core from the boards' links and /healthz.
	hashing chan struct{}
}

// strikes are a key's failures (and attempts still being checked) since
// it was last quiet for loginWindow.
type strikes struct {
	n    int
	last time.Time
}

// A key's rule: failures below free cost nothing; each one from free on
// doubles the wait before the next attempt, from one second up to ceiling.
type backoff struct {
	free    int
	ceiling time.Duration
}

// FreeFailures is how many wrong passwords one person at one address
// types before waiting.
const FreeFailures = 3

var (
	// pairBackoff: one person at one address. Three mistakes are normal;
	// the fourth attempt waits 2 s, then 4, 8, 16… up to five minutes.
	pairBackoff = backoff{free: FreeFailures, ceiling: 5 * time.Minute}
	// accountBackoff: one account from every address together. Higher
	// than the pair's so a guesser elsewhere cannot slow the owner with a
	// few guesses, and capped low so that even then the owner waits at
	// most a minute; it still bounds guessing spread over many addresses.
	accountBackoff = backoff{free: 20, ceiling: time.Minute}
	// addressBackoff counts distinct failing accounts: a commune office
	// has a dozen people; thirty different accounts failing from one
	// address in 15 minutes is someone trying names.
	addressBackoff = backoff{free: 30, ceiling: 15 * time.Minute}
)

const (
	// loginWindow is how long a key's failures are remembered after its
	// latest one. Longer than every ceiling, so a guesser waiting out
	// each pause is never forgotten.
	loginWindow = 15 * time.Minute
	// maxThrottleKeys bounds the memory of the throttle: names are
	// chosen by whoever guesses. When full, attempts under new keys are
	// refused (closed, not open) until old entries expire.
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

// wait is how long after the latest of n failures the next attempt must
// wait.
func (b backoff) wait(n int) time.Duration {
	if n < b.free {
		return 0
	}
	return min(time.Second<<min(n-b.free+1, 30), b.ceiling)
}

func NewLoginThrottle(now func() time.Time) *LoginThrottle {
	if now == nil {
		now = time.Now
	}
	return &LoginThrottle{
		Now:       now,
		pairs:     map[string]strikes{},
		accounts:  map[string]strikes{},
		addresses: map[string]map[string]time.Time{},
		hashing:   make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2)),
	}
}

// LoginAttempt is one reservation; exactly one of succeeded, failed or
// Release must be called.
type LoginAttempt struct {
	l                      *LoginThrottle
	account, address, pair string
	at                     time.Time
	// The keys' earlier state, put back when the attempt is released.
	pairBefore, accountBefore strikes
	addressBefore             time.Time
}

// Reserve counts an attempt at username from address before it is
// checked. It refuses, saying how long to wait, when one of the keys
// still asks for a pause.
func (l *LoginThrottle) Reserve(username, address string) (a *LoginAttempt, wait time.Duration, ok bool) {
	account := strings.ToLower(strings.TrimSpace(username))
	if len(account) > maxThrottleNameBytes {
		account = account[:maxThrottleNameBytes]
	}
	pair := account + "\x00" + address
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	l.prune(now)
	pairStrikes, accountStrikes := recent(l.pairs, pair, now), recent(l.accounts, account, now)
	failing := l.failingAccounts(address, now)
	until := later(pairStrikes.next(pairBackoff), accountStrikes.next(accountBackoff))
	if _, known := failing[account]; !known && len(failing) >= addressBackoff.free {
		// Only a new name at a spraying address waits: people there who
		// already failed are slowed by their own pair's rule.
		until = later(until, latest(failing).Add(addressBackoff.wait(len(failing))))
	}
	if pairStrikes.n == 0 && len(l.pairs) >= maxThrottleKeys {
		until = later(until, now.Add(time.Minute))
	}
	if until.After(now) {
		return nil, until.Sub(now), false
	}
	a = &LoginAttempt{l: l, account: account, address: address, pair: pair, at: now,
		pairBefore: pairStrikes, accountBefore: accountStrikes, addressBefore: failing[account]}
	l.pairs[pair] = strikes{n: pairStrikes.n + 1, last: now}
	l.accounts[account] = strikes{n: accountStrikes.n + 1, last: now}
	if failing == nil {
		failing = map[string]time.Time{}
		l.addresses[address] = failing
	}
	failing[account] = now
	return a, 0, true
}

// next is when the rule lets the next attempt in.
func (s strikes) next(b backoff) time.Time {
	if s.n == 0 {
		return time.Time{}
	}
	return s.last.Add(b.wait(s.n))
}

func latest(m map[string]time.Time) time.Time {
	var t time.Time
	for _, v := range m {
		t = later(t, v)
	}
	return t
}

// failingAccounts returns the accounts that failed at address within the
// window, forgetting older ones.
func (l *LoginThrottle) failingAccounts(address string, now time.Time) map[string]time.Time {
	m := l.addresses[address]
	for account, t := range m {
		if now.Sub(t) >= loginWindow {
			delete(m, account)
		}
	}
	if m != nil && len(m) == 0 {
		delete(l.addresses, address)
		return nil
	}
	return m
}

// prune forgets keys whose window has passed, at most every pruneEvery,
// so names and addresses tried once do not fill the memory for good.
func (l *LoginThrottle) prune(now time.Time) {
	if now.Sub(l.pruned) < pruneEvery {
		return
	}
	l.pruned = now
	for key := range l.pairs {
		recent(l.pairs, key, now)
	}
	for key := range l.accounts {
		recent(l.accounts, key, now)
	}
	for address := range l.addresses {
		l.failingAccounts(address, now)
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// recent returns the key's strikes, forgetting them once the key has
// been quiet for the window.
func recent(w map[string]strikes, key string, now time.Time) strikes {
	s := w[key]
	if s.n > 0 && now.Sub(s.last) >= loginWindow {
		delete(w, key)
		return strikes{}
	}
	return s
}

// undo takes one attempt made at t back out of the key's strikes,
// putting back the latest time from before it unless a later attempt has
// come since.
func undo(w map[string]strikes, key string, t time.Time, before strikes) {
	s, ok := w[key]
	if !ok {
		return
	}
	s.n--
	if s.last.Equal(t) {
		s.last = before.last
	}
	if s.n <= 0 {
		delete(w, key)
	} else {
		w[key] = s
	}
}

// Succeeded gives the attempt's reservation back and forgets the pair's
// earlier mistakes: the person at that address knows the password.
func (a *LoginAttempt) Succeeded() {
	l := a.l
	l.mu.Lock()
	defer l.mu.Unlock()
	undo(l.accounts, a.account, a.at, a.accountBefore)
	delete(l.pairs, a.pair)
	if m := l.addresses[a.address]; m != nil && m[a.account].Equal(a.at) {
		delete(m, a.account)
	}
}

// Release gives the attempt's reservation back, as if it had not been
// made (it was never checked), keeping earlier failures.
func (a *LoginAttempt) Release() {
	l := a.l
	l.mu.Lock()
	defer l.mu.Unlock()
	undo(l.accounts, a.account, a.at, a.accountBefore)
	undo(l.pairs, a.pair, a.at, a.pairBefore)
	if m := l.addresses[a.address]; m != nil && m[a.account].Equal(a.at) {
		if a.addressBefore.IsZero() {
			delete(m, a.account)
		} else {
			m[a.account] = a.addressBefore
		}
	}
}

// Failed keeps the reservation as a failure.
func (a *LoginAttempt) Failed() {}

// Check runs fn (the password check) when a place is free, or reports
// false if none frees up in time.
func (l *LoginThrottle) Check(ctx context.Context, fn func()) bool {
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
