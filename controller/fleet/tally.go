package fleet

import (
	"encoding/hex"

	"codong/protocol"
)

// The fleet's summary (GET /api/v1/fleet, polled by the dashboard and by
// every script waiting for a switch to reach the boards) is read far
// more often than a board changes, and once walked every board under the
// fleet's lock: milliseconds of CPU at 10,000 boards, on every poll,
// while the boards' acknowledgements queued behind the lock. Instead each
// board's standing is counted when an event changes it (a link opens or
// ends, an acknowledgement, a manifest sent, a publication, another
// controller's word), and the summary reads the counts.

// standing is what a board of the latest publication counts for in the
// summary. The zero standing is a board the publication does not have.
type standing uint8

const (
	standListed standing = 1 << iota
	// standOnline: linked here, or vouched for by another controller.
	standOnline
	// standCurrent: it acknowledged what it was last sent, and that is
	// what the latest publication has for it. Whether a newer change is
	// still being cut is the fleet's, not the board's: Summary applies it.
	standCurrent
	// standNotDisplaying: online, but its last status says nothing draws
	// its frames (a kiosk page open in no browser).
	standNotDisplaying
	// standProblem: online, and its last status says it cannot show what
	// it should.
	standProblem
)

// tally is the summary's counts, kept by recount.
type tally struct {
	counted                                  map[int64]standing // boards of the publication, as counted
	online, current, notDisplaying, problems int
}

func (t *tally) add(s standing, n int) {
	if s&standOnline != 0 {
		t.online += n
	}
	if s&standCurrent != 0 {
		t.current += n
	}
	if s&standNotDisplaying != 0 {
		t.notDisplaying += n
	}
	if s&standProblem != 0 {
		t.problems += n
	}
}

// standingOf is one board's standing now. Called with f.mu held.
func (f *Fleet) standingOf(id int64) standing {
	c := f.cut(id)
	if c == nil {
		return 0
	}
	s := standListed
	if b := f.boards[id]; b != nil && b.online {
		s |= standOnline | reported(b.status)
		if current(c, b) {
			s |= standCurrent
		}
		return s
	}
	if r, ok := f.remote[id]; ok {
		s |= standOnline | reported(r.view.Status)
		if remoteCurrent(c, r) {
			s |= standCurrent
		}
	}
	return s
}

// reported is the trouble an online board's last status tells of.
func reported(st *protocol.Status) standing {
	var s standing
	if st == nil {
		return s
	}
	if st.DisplayProblem != "" {
		s |= standNotDisplaying
	}
	if st.Problem != "" {
		s |= standProblem
	}
	return s
}

// current: a board linked here acknowledged what it was last sent, and
// that is what c, its cut of the latest publication, has for it.
func current(c *cut, b *board) bool {
	return b.sent != 0 && b.acked >= b.sent && c.digest == b.sentDigest
}

// remoteCurrent is current for a board linked to another controller, by
// that controller's word of what it sent the board (not its own flag,
// stale from the moment this controller publishes).
func remoteCurrent(c *cut, r remoteBoard) bool {
	return r.view.Sent > 0 && r.view.Acked >= r.view.Sent && hex.EncodeToString(c.digest[:]) == r.digest
}

// recount brings one board's count up to date after an event that may
// have changed its standing. Called with f.mu held; O(1).
func (f *Fleet) recount(id int64) {
	now := f.standingOf(id)
	was := f.tally.counted[id]
	if now == was {
		return
	}
	f.tally.add(was, -1)
	f.tally.add(now, 1)
	if now == 0 {
		delete(f.tally.counted, id)
		return
	}
	f.tally.counted[id] = now
}

// recountAll counts every board afresh: a new publication replaced every
// board's cut. Called with f.mu held, by the publication, which already
// does work for every board.
func (f *Fleet) recountAll() {
	f.tally = tally{counted: make(map[int64]standing, len(f.tally.counted))}
	if f.pub == nil {
		return
	}
	for id := range f.pub.cuts {
		s := f.standingOf(id)
		f.tally.counted[id] = s
		f.tally.add(s, 1)
	}
}

// SummaryOf is Summary of the boards of the units in reports: what a
// unit's people see of the fleet. It walks the boards counted, under the
// fleet's lock, so it costs what the boards are (a commune's hundred, or
// a province's ten thousand when asked for by a unit below the root);
// the root's Summary stays the counts kept.
func (f *Fleet) SummaryOf(in func(unit int64) bool) Summary {
	f.mu.Lock()
	defer f.mu.Unlock()
	var s Summary
	if f.pub == nil {
		return s
	}
	s.Published, s.Publishing = f.pub.revision, f.publishing()
	for id, c := range f.pub.cuts {
		if !in(c.target.Unit) {
			continue
		}
		s.Boards++
		st := f.tally.counted[id]
		if st&standOnline != 0 {
			s.Online++
		}
		if st&standCurrent != 0 && !s.Publishing {
			s.UpToDate++
		}
		if st&standNotDisplaying != 0 {
			s.NotDisplaying++
		}
		if st&standProblem != 0 {
			s.Problem++
		}
	}
	s.Behind, s.Offline = s.Online-s.UpToDate, s.Boards-s.Online
	return s
}
