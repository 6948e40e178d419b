package upload

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"time"

	"codong/controller/netguard"
	"codong/controller/respond"
	"codong/controller/store"
)

// Uploads are kept apart from rendering: a photo's decode is the most
// expensive thing a person can ask of the controller, and the render
// budget's places belong to boards' pictures and slogan previews. So an
// upload takes one of MaxUploads places for its whole request (its body
// is streamed to a file in DATA/uploads, never held in memory), and
// each photo is decoded in a pool of its own: a few places, and a budget
// of bytes that the decoded pictures hold, counted truly per photo
// (assets.PhotoInfo.Bytes). An upload finding no place is refused at
// once (503, Retry-After), never queued: thirty phones uploading at once
// cost the memory of MaxUploads uploads, not thirty.
const (
	// DefaultMaxUploads: an office uploads from a handful of phones; a
	// fifth at once waits a few seconds.
	DefaultMaxUploads = 4
	// DefaultDecodeBytes: two photos at the per-photo limit at once.
	DefaultDecodeBytes = 2 * store.MaxPhotoDecodeBytes
	// retryAfter is what a refused upload is told to wait.
	retryAfter = 5 * time.Second
	// decodeWait bounds a photo's wait for a decode place: a photo at the
	// limits decodes in one to two seconds.
	decodeWait = 10 * time.Second
)

// Gate is the pool described above: the uploads' places and the
// photos' decode places and memory.
type Gate struct {
	places  netguard.Semaphore
	decodes netguard.Semaphore
	mem     *byteBudget
	// Inside, when set, runs within each photo's decode place (tests).
	Inside func()
}

// NewGate gives uploads places and decodeBytes of memory to decode in.
func NewGate(uploads int, decodeBytes int64) *Gate {
	return &Gate{
		places:  make(netguard.Semaphore, uploads),
		decodes: make(netguard.Semaphore, max(1, runtime.GOMAXPROCS(0)/2)),
		mem:     &byteBudget{capacity: decodeBytes, freed: make(chan struct{})},
	}
}

// errUploadsBusy refuses an upload for want of a place.
var errUploadsBusy = respond.Err(http.StatusServiceUnavailable, "uploads_busy",
	"Đang có nhiều người tải ảnh lên cùng lúc; hãy đợi vài giây rồi gửi lại.")

// byteBudget hands out bytes of memory up to capacity.
type byteBudget struct {
	mu             sync.Mutex
	capacity, used int64
	peak           int64         // the most ever held at once (tests)
	freed          chan struct{} // closed, and replaced, at each release
}

// acquire takes n bytes, waiting for them at most wait; false when they
// did not come free in time, or ctx ended. n over the capacity never
// comes free.
func (b *byteBudget) acquire(ctx context.Context, n int64, wait time.Duration) bool {
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		b.mu.Lock()
		if b.used+n <= b.capacity {
			b.used += n
			b.peak = max(b.peak, b.used)
			b.mu.Unlock()
			return true
		}
		freed := b.freed
		b.mu.Unlock()
		if n > b.capacity {
			return false
		}
		select {
		case <-freed:
		case <-timer.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

func (b *byteBudget) release(n int64) {
	b.mu.Lock()
	b.used -= n
	close(b.freed)
	b.freed = make(chan struct{})
	b.mu.Unlock()
}

func (b *byteBudget) stats() (used, peak int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used, b.peak
}

// InFlight is how many uploads hold a place now (tests).
func (g *Gate) InFlight() int { return len(g.places) }

// MemStats are the decode memory held now and the most ever held (tests).
func (g *Gate) MemStats() (used, peak int64) { return g.mem.stats() }
