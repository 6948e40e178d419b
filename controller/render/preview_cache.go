package render

import (
	"container/list"
	"sync"

	"codong/assets"
)

// Previews are asked for again and again (the slogan form re-renders as
// one types and again on save; several officers look at the same
// slogan), and the renderer is deterministic, so finished previews are
// kept, the least recently used going first.
const (
	// PreviewCacheBytes: a 1920×1080 preview is 50-200 KB of PNG, so
	// this keeps a few hundred, a busy day's worth, in memory the size of
	// a single large render.
	PreviewCacheBytes = 32 << 20
	// previewEntryOverhead counts the layout's boxes and the bookkeeping
	// of an entry on top of its PNG and its text (kept twice: in the key
	// and in the layout's lines).
	previewEntryOverhead = 1 << 10
)

// PreviewKey names a preview. Text is in NFC, as the renderer reads it,
// so a decomposed and a precomposed spelling share one entry.
type PreviewKey struct {
	Text, Style string
	Size        assets.Size
	Speed       int
}

type previewEntry struct {
	key   PreviewKey
	out   *assets.Rendered
	bytes int
}

// PreviewCache is an LRU of rendered previews bounded in bytes.
type PreviewCache struct {
	max int

	mu    sync.Mutex
	bytes int
	order list.List // of *previewEntry, most recently used first
	byKey map[PreviewKey]*list.Element
}

func NewPreviewCache(maxBytes int) *PreviewCache {
	return &PreviewCache{max: maxBytes, byKey: make(map[PreviewKey]*list.Element)}
}

// Get is the kept preview of k, if any.
func (pc *PreviewCache) Get(k PreviewKey) (*assets.Rendered, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	e, ok := pc.byKey[k]
	if !ok {
		return nil, false
	}
	pc.order.MoveToFront(e)
	return e.Value.(*previewEntry).out, true
}

// Put keeps out under k, dropping the least recently used entries to stay
// within the bound. A picture larger than a quarter of the bound is not
// kept: it would flush many others for one.
func (pc *PreviewCache) Put(k PreviewKey, out *assets.Rendered) {
	n := len(out.PNG) + 2*len(k.Text) + previewEntryOverhead
	if n > pc.max/4 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if e, ok := pc.byKey[k]; ok {
		pc.order.MoveToFront(e)
		return
	}
	pc.byKey[k] = pc.order.PushFront(&previewEntry{key: k, out: out, bytes: n})
	pc.bytes += n
	for pc.bytes > pc.max {
		old := pc.order.Remove(pc.order.Back()).(*previewEntry)
		delete(pc.byKey, old.key)
		pc.bytes -= old.bytes
	}
}
