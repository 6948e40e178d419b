package fleet

import (
	"errors"
	"fmt"
	"time"

	"codong/controller/hub"
	"codong/playlists"
)

// What a board may send. A stolen board token must not be able to fill
// the disk, flood the log or make the dashboard believe anything, so
// every frame a board sends is counted here, in one place, against what
// a real player sends (see player/session.go): a status when a link
// starts, every 30 s and when its picture changes (at most every
// playlists.MinItemSeconds); one ack per manifest; one plays message at a
// time, the next only once the last is confirmed; an error only when it
// refuses a manifest, and then it ends the link.
//
// A frame over its rate is refused (an error frame, not processed, plays
// not confirmed, so a real board sends them again later). Every refusal
// flags the board for the dashboard, and takes a token from the board's
// abuse bucket: a board refused again and again has its link closed.
//
// The buckets live with the board, not the link: reconnecting does not
// refill them.

// kind is a type of frame a board sends, for its rate.
type kind int

const (
	kindStatus kind = iota
	kindAck
	kindPlays
	kindError
	kindLink // a new link (websocket connect)
	kindTampered
	kinds
)

// kindNames are the frame kinds as the dashboard's reasons say them.
var kindNames = [kinds]string{"trạng thái", "xác nhận bản kê", "bản ghi phát", "báo lỗi", "mở kết nối", "báo bản kê bị sửa"}

// limit is a token bucket: burst tokens, one more every per.
type limit struct {
	per   time.Duration
	burst float64
}

var rates = [kinds]limit{
	// A real player sends about one status every 2 s at most (a picture
	// changing at the fastest rotation); twice that, with a burst for a
	// link starting while pictures change.
	kindStatus: {time.Second, 30},
	// One ack per manifest, and manifests follow publications, which
	// coalesce; a burst covers an operator's quick run of edits.
	kindAck: {time.Second, 60},
	// One message in flight at a time: live, one per item shown (one per
	// 2 s at most); after an outage, 500-record messages back to back as
	// fast as they are confirmed. The burst lets a three-day backlog of
	// the fastest rotation through at once (3 × 43,200 / 500 ≈ 260
	// messages); rows are bounded by dailyPlayRows, not by this.
	kindPlays: {time.Second, 300},
	// A player sends an error only when it refuses a manifest, and then
	// ends the link; it reconnects after a backoff of seconds.
	kindError: {10 * time.Second, 10},
	// A player reconnects after a backoff of seconds, growing; a copied
	// token reconnecting in a loop would otherwise add a log line and a
	// whole manifest per link, thousands a second.
	kindLink: {6 * time.Second, 10},
	// A player reports tampering when it refuses a manifest and again
	// when a link starts, until a link delivers an honest manifest: at
	// most two per link.
	kindTampered: {3 * time.Second, 20},
}

const (
	// dailyPlayRows is a board's quota of play records per 24 hours,
	// refilled evenly: twice what a board rotating at the fastest
	// allowed pace shows in a day (86,400 s / 2 s), so a board back from
	// an outage catches up while it keeps playing. Over it, a plays
	// message is refused unconfirmed and the board sends it again later.
	dailyPlayRows = 2 * 24 * 60 * 60 / playlists.MinItemSeconds

	// abuseBurst refusals in a row close the link; one is forgiven every
	// abuseForgiven. A real board can be refused at most once per 30 s
	// (it re-offers its plays every 30 s), which this never closes.
	abuseBurst    = 10
	abuseForgiven = 15 * time.Second

	// flagLogEvery: a flagged board is logged at most this often, with
	// the count of refusals since, not once per frame.
	flagLogEvery = time.Minute
	// flagShownFor: a flag is shown until this long after the board's
	// last refusal (flags are kept in memory, so also until a restart).
	flagShownFor = 7 * 24 * time.Hour

	// conflictWindow and conflictSwitches: a board whose link comes from
	// a different address conflictSwitches times within conflictWindow
	// is flagged as a token used from two places. A board that changes
	// network once (Wi-Fi to 4G) changes address once; a copied token
	// used beside the real board takes the link back and forth, and each
	// player reconnects within a minute when cut off.
	conflictWindow   = 10 * time.Minute
	conflictSwitches = 2
)

var (
	playRowsLimit = limit{24 * time.Hour / dailyPlayRows, dailyPlayRows}
	abuseLimit    = limit{abuseForgiven, abuseBurst}
)

// bucket is one token bucket's state.
type bucket struct {
	tokens float64
	at     time.Time
}

// take takes n tokens if there are, refilling first; a new bucket is full.
func (b *bucket) take(l limit, n float64, now time.Time) bool {
	switch {
	case b.at.IsZero():
		b.tokens, b.at = l.burst, now
	case now.After(b.at):
		b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.per))
		b.at = now
	}
	if b.tokens < n {
		return false
	}
	b.tokens -= n
	return true
}

// Flag says a board sent what a real player does not: too much, too
// fast, records that cannot have happened, a revision it was never sent,
// or its token is used from two places at once. The dashboard shows it;
// the operator can revoke the board's token (delete the board).
type Flag struct {
	Code string `json:"code"`
	// Reason is the latest refusal, in Vietnamese.
	Reason string    `json:"reason"`
	First  time.Time `json:"first"`
	Last   time.Time `json:"last"`
	Count  int       `json:"count"`
	// Addresses are the two places a token conflict alternates between.
	Addresses []string `json:"addresses,omitempty"`
}

// guard is what the fleet counts of one board.
type guard struct {
	rates    [kinds]bucket
	rows     bucket
	abuse    bucket
	flag     *Flag
	loggedAt time.Time
	unlogged int
	// span is the time its accepted plays cover, since the controller
	// started (see checkPlays).
	span span
	// tamper is what the board reported of manifests altered on the
	// line (tamper.go); shown before any other flag.
	tamper tamperState
	// addr is where its newest link comes from, addrAt when that link
	// was last known alive; switches are the recent changes of address.
	addr     string
	addrAt   time.Time
	switches []time.Time
}

// admit takes one frame of a kind from a board: nil, or its refusal.
// Called with f.mu held.
func (f *Fleet) admit(id int64, b *board, k kind, now time.Time) *hub.Refusal {
	if b.guard.rates[k].take(rates[k], 1, now) {
		return nil
	}
	l := rates[k]
	return f.refuse(id, b, "rate_limited", fmt.Sprintf("Bảng gửi quá nhiều tin %s: tối đa %g tin liền nhau, rồi một tin mỗi %g giây; tin này bị bỏ, hãy gửi lại sau.", kindNames[k], l.burst, l.per.Seconds()), now)
}

// refuse flags a board and answers a frame with an error; a board that
// keeps being refused has its link closed. Called with f.mu held.
func (f *Fleet) refuse(id int64, b *board, code, reason string, now time.Time) *hub.Refusal {
	f.flag(id, b, code, reason, now)
	r := &hub.Refusal{Code: code, Message: reason}
	if !b.guard.abuse.take(abuseLimit, 1, now) {
		r.Close = true
	}
	return r
}

// flag records a refusal on the board's flag and logs it, at most once
// per flagLogEvery. Called with f.mu held.
func (f *Fleet) flag(id int64, b *board, code, reason string, now time.Time) {
	g := &b.guard
	if g.flag == nil || now.Sub(g.flag.Last) > flagShownFor {
		g.flag = &Flag{First: now}
	}
	g.flag.Code, g.flag.Reason, g.flag.Last = code, reason, now
	g.flag.Count++
	g.unlogged++
	if now.Sub(g.loggedAt) >= flagLogEvery {
		f.cfg.Log.Warn("board flagged: frames refused", "board", id, "code", code, "refusals", g.unlogged, "reason", reason)
		g.loggedAt, g.unlogged = now, 0
	}
}

// shownFlag is the flag the dashboard shows, a copy, or nil.
func (g *guard) shownFlag(now time.Time) *Flag {
	if fl := g.tamper.flag; fl != nil && now.Sub(fl.Last) <= flagShownFor {
		// The board is not the suspect here, the line is; what
		// the board sent besides matters less.
		shown := *fl
		return &shown
	}
	if g.flag == nil || now.Sub(g.flag.Last) > flagShownFor {
		return nil
	}
	fl := *g.flag
	fl.Addresses = append([]string(nil), fl.Addresses...)
	return &fl
}

// connectedFrom notes where a board's new link comes from, and flags
// the board when its token is used from two places by turns. Called with
// f.mu held.
func (f *Fleet) connectedFrom(id int64, b *board, addr string, now time.Time) {
	g := &b.guard
	if g.addr != "" && addr != g.addr && now.Sub(g.addrAt) < conflictWindow {
		recent := g.switches[:0]
		for _, t := range g.switches {
			if now.Sub(t) < conflictWindow {
				recent = append(recent, t)
			}
		}
		g.switches = append(recent, now)
		if len(g.switches) >= conflictSwitches {
			f.flag(id, b, "token_conflict", fmt.Sprintf("Mã của bảng đang được dùng luân phiên từ hai nơi (%s và %s): có thể mã đã bị sao chép. Nếu không phải bảng vừa đổi mạng, hãy thu hồi mã (xoá bảng rồi ghép nối lại).", g.addr, addr), now)
			g.flag.Addresses = []string{g.addr, addr}
		}
	}
	g.addr, g.addrAt = addr, now
}

// AdmitLink takes a new link of a board within its rate; past it the
// board is flagged and the link refused (the player retries after its
// backoff).
func (f *Fleet) AdmitLink(id int64) error {
	now := f.cfg.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	if r := f.admit(id, f.get(id), kindLink, now); r != nil {
		return ErrTooManyLinks
	}
	return nil
}

// ErrTooManyLinks refuses a board reconnecting faster than a player does.
var ErrTooManyLinks = errors.New("fleet: board reconnects too fast")
