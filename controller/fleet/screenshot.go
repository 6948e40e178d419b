package fleet

import (
	"context"
	"errors"
	"slices"
	"time"

	"codong/controller/hub"
	"codong/protocol"
)

// A board sends its own pixels only when the controller asks (protocol
// 2.2): for the dashboard's screenshot of it, and when it reports a
// problem, since the controller's picture of what it should show may
// then not be what it shows. A board has at most one request open; a
// screenshot that answers none is refused and flags the board, so a
// board cannot push pictures the controller did not ask for.

// shotState is a board's open screenshot request.
type shotState struct {
	id      int64         // 0: none open
	askedAt time.Time     // when it was sent
	link    uint64        // the link it was sent on
	done    chan struct{} // closed when answered or given up
	data    []byte        // the answer's PNG
}

// screenshotWait is how long a request stays open: a board answers at
// once, from the frame in its memory; past this, a new request is sent.
const screenshotWait = 15 * time.Second

// Errors of TakeScreenshot.
var (
	ErrBoardOffline = errors.New("fleet: board is not linked to this controller")
	ErrNoScreenshot = errors.New("fleet: board sent no screenshot")
)

// askScreenshot opens a request to the board, unless one is open, and
// returns its frame to send (nil if none is sent). Called with f.mu held.
func (f *Fleet) askScreenshot(id int64, b *board, now time.Time) []hub.Delivery {
	if !b.online || !b.speaks {
		return nil
	}
	if b.shot.id != 0 && b.shot.link == b.link && now.Sub(b.shot.askedAt) < screenshotWait {
		return nil
	}
	f.giveUpScreenshot(b)
	f.shotSeq++
	b.shot = shotState{id: f.shotSeq, askedAt: now, link: b.link, done: make(chan struct{})}
	frame, err := hub.Encode(protocol.NewScreenshotRequest(f.shotSeq))
	if err != nil {
		return nil
	}
	return []hub.Delivery{{BoardID: id, Frame: frame}}
}

// giveUpScreenshot ends the board's open request, unanswered. Called
// with f.mu held.
func (f *Fleet) giveUpScreenshot(b *board) {
	if b.shot.id != 0 {
		close(b.shot.done)
		b.shot.id = 0
	}
}

// TakeScreenshot asks a board linked here for a picture of its own frame
// and waits for it, until ctx ends. A board of a player before 2.2
// cannot be asked: its last thumbnail, which it made of its frame, is
// given instead.
func (f *Fleet) TakeScreenshot(ctx context.Context, id int64) ([]byte, error) {
	now := f.cfg.Now()
	f.mu.Lock()
	b := f.boards[id]
	if b == nil || !b.online {
		f.mu.Unlock()
		return nil, ErrBoardOffline
	}
	if !b.speaks {
		var own []byte
		if b.thumb != nil {
			own = b.thumb.data
		}
		f.mu.Unlock()
		if own == nil {
			return nil, ErrNoScreenshot
		}
		return own, nil
	}
	ask := f.askScreenshot(id, b, now)
	done := b.shot.done
	f.mu.Unlock()
	if ask != nil {
		f.links.SendAll(ask)
	}
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	f.mu.Lock()
	data := b.shot.data
	f.mu.Unlock()
	if data == nil {
		return nil, ErrNoScreenshot
	}
	return data, nil
}

// Screenshot takes a board's answer to a screenshot request: its
// picture becomes the board's own pixels, shown while it reports a
// problem, and the answer of TakeScreenshot. One not asked for on this link
// is refused.
func (f *Fleet) Screenshot(id int64, link uint64, s *protocol.Screenshot, png []byte) *hub.Refusal {
	now := f.cfg.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.boards[id]
	if b == nil || b.link != link {
		return nil
	}
	if b.shot.id == 0 || s.ID != b.shot.id || b.shot.link != link {
		return f.refuse(id, b, "unexpected_screenshot", "Bảng gửi ảnh chụp màn hình mà máy chủ không yêu cầu; ảnh bị bỏ.", now)
	}
	// png is the frame's buffer, reused once this returns.
	if len(png) > 0 {
		data := slices.Clone(png)
		b.thumb = f.thumbs.replace(b.thumb, data)
		b.shot.data = data
	}
	f.giveUpScreenshot(b)
	return nil
}
