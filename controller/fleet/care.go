package fleet

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"codong/controller/hub"
	"codong/protocol"
)

// Remote care (protocol 2.6): an operator asks a board, over its link,
// for its full-size screenshot, its log, its diagnostics, a restart or
// a cache reset, and waits for the answer. Only a board whose player
// announced 2.6 is asked (an older one takes an unknown type for an
// error and closes its link). Answers are taken only for a request open
// on the same link; any other is refused and flags the board, so a
// board cannot push what nobody asked for.

// maxCareOpen bounds the care requests open at once per board: a few
// officers looking at the same board.
const maxCareOpen = 4

// careGrace is how long a request outlives its link: a board that
// restarts or resets its cache answers, then closes the link, and the
// answer may be handled just after the link's end.
const careGrace = 2 * time.Second

// careWait is one open care request.
type careWait struct {
	action string
	link   uint64
	done   chan struct{} // closed when answered or given up
	answer *protocol.Care
	raw    []byte
}

// CareAnswer is a board's answer: Raw is the screenshot's PNG or the
// log's text.
type CareAnswer struct {
	Care protocol.Care
	Raw  []byte
}

// Errors of Care besides ErrBoardOffline.
var (
	ErrCareBusy = errors.New("fleet: too many care requests open for the board")
	ErrNoAnswer = errors.New("fleet: board left without answering")
)

// TooOldError is a board whose player does not take remote care.
type TooOldError struct {
	// Version is the player's version as its status says ("" unknown);
	// Level the protocol level it announced ("" before 2.1).
	Version, Level string
}

func (e *TooOldError) Error() string {
	return fmt.Sprintf("fleet: player %q (protocol %q) predates remote care", e.Version, e.Level)
}

// Care asks a board linked here for a care action and waits for its
// answer until ctx ends.
func (f *Fleet) Care(ctx context.Context, id int64, action string) (CareAnswer, error) {
	f.mu.Lock()
	b := f.boards[id]
	switch {
	case b == nil || !b.online:
		f.mu.Unlock()
		return CareAnswer{}, ErrBoardOffline
	case !protocol.Speaks(b.level, "2.6"):
		e := &TooOldError{Level: b.level}
		if b.status != nil {
			e.Version = b.status.Version
		}
		f.mu.Unlock()
		return CareAnswer{}, e
	case len(b.care) >= maxCareOpen:
		f.mu.Unlock()
		return CareAnswer{}, ErrCareBusy
	}
	f.careSeq++
	reqID := f.careSeq
	w := &careWait{action: action, link: b.link, done: make(chan struct{})}
	if b.care == nil {
		b.care = make(map[int64]*careWait)
	}
	b.care[reqID] = w
	f.mu.Unlock()
	frame, err := hub.Encode(protocol.NewCareRequest(reqID, action))
	if err != nil {
		f.endCare(id, reqID)
		return CareAnswer{}, err
	}
	f.links.SendAll([]hub.Delivery{{BoardID: id, Frame: frame}})
	select {
	case <-w.done:
	case <-ctx.Done():
		f.endCare(id, reqID)
		return CareAnswer{}, ctx.Err()
	}
	if w.answer == nil {
		return CareAnswer{}, ErrNoAnswer
	}
	return CareAnswer{Care: *w.answer, Raw: w.raw}, nil
}

// endCare gives up a request, unanswered.
func (f *Fleet) endCare(id, reqID int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b := f.boards[id]; b != nil {
		if w := b.care[reqID]; w != nil {
			delete(b.care, reqID)
			close(w.done)
		}
	}
}

// CareAnswered takes a board's answer to a care request; raw is the
// read buffer's, copied. One not asked for on this link is refused.
func (f *Fleet) CareAnswered(id int64, link uint64, c *protocol.Care, raw []byte) *hub.Refusal {
	now := f.cfg.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.boards[id]
	if b == nil {
		return nil
	}
	w := b.care[c.ID]
	if w == nil || w.link != link || w.action != c.Action {
		return f.refuse(id, b, "unexpected_care", "Bảng gửi trả lời chăm sóc từ xa mà máy chủ không yêu cầu; trả lời bị bỏ.", now)
	}
	delete(b.care, c.ID)
	ans := *c
	w.answer, w.raw = &ans, slices.Clone(raw)
	close(w.done)
	return nil
}

// leaveCare gives up, after careGrace, the requests open on any link
// but keep (0: on every link), which ended or was replaced. Called with
// f.mu held.
func (f *Fleet) leaveCare(id int64, keep uint64) {
	for reqID, w := range f.boards[id].care {
		if w.link != keep {
			time.AfterFunc(careGrace, func() { f.endCare(id, reqID) })
		}
	}
}
