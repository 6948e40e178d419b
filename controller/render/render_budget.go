package render

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"codong/assets"
	"codong/controller/netguard"
)

// Rendering is the controller's most expensive work: a picture's pixels
// are held in memory while it is drawn and encoded (about 65 MB at
// 8192×8192), and the work is all CPU. So every render, the previews
// staff ask for and the pictures the fleet needs, goes through one
// budget of MaxRenders places, one per CPU by default: more at once
// would finish no sooner and only hold more memory. A preview waits
// renderWait for a place, then is refused with 503 and Retry-After; the
// fleet's renders are never refused and wait their turn (the places are
// taken in arrival order, so previews cannot starve them).
const (
	// renderWait: a preview at the largest allowed size takes a few
	// hundred milliseconds, so a queue that has not moved in three
	// seconds is a burst that waiting will not clear.
	renderWait = 3 * time.Second
	// RetryAfter is what a refused preview is told to wait.
	RetryAfter = 2 * time.Second
	// MaxPreviewPixels bounds one preview: a 4K (3840×2160) video wall,
	// the largest board a commune has, or a long LED strip such as
	// 8192×1000. Boards' own pictures are bounded by their recorded size.
	MaxPreviewPixels = 3840 * 2160
)

// Budget is the budget described above.
type Budget struct {
	slots    netguard.Semaphore
	Wait     time.Duration
	InFlight atomic.Int64
	Peak     atomic.Int64 // the most renders ever in flight at once
	// inside, when set, runs within each render's place (tests).
	Inside func(req assets.Request, patient bool)
}

func NewBudget(n int) *Budget {
	return &Budget{slots: make(netguard.Semaphore, n), Wait: renderWait}
}

// Render renders req within the budget. A preview (patient false) may
// come back ErrBusy; the fleet's (patient true) waits.
func (b *Budget) Render(ctx context.Context, r *assets.Renderer, req assets.Request, patient bool) (*assets.Rendered, error) {
	return b.Run(ctx, req, patient, func() (*assets.Rendered, error) { return r.Render(req) })
}

// Run does the work of a render, described by req, within the budget:
// fitting a photo costs as much memory and CPU as setting a slogan.
func (b *Budget) Run(ctx context.Context, req assets.Request, patient bool, work func() (*assets.Rendered, error)) (*assets.Rendered, error) {
	wait := b.Wait
	if patient {
		wait = -1
	}
	if !b.slots.Acquire(ctx, wait) {
		return nil, ErrBusy
	}
	defer b.slots.Release()
	n := b.InFlight.Add(1)
	defer b.InFlight.Add(-1)
	for p := b.Peak.Load(); n > p && !b.Peak.CompareAndSwap(p, n); p = b.Peak.Load() {
	}
	if b.Inside != nil {
		b.Inside(req, patient)
	}
	return work()
}

// ErrBusy is a preview refused for want of a place (or given up
// by its client).
var ErrBusy = errors.New("no render place free")
