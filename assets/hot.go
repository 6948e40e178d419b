package assets

import (
	"container/list"
	"sync"
)

// Hot keeps the most recently served pictures in memory, within a byte
// budget, in front of a Store. After an edit, every board of a size
// fetches the same new picture within a second: ten thousand reads of one
// file become one.
type Hot struct {
	store *Store
	max   int

	mu    sync.Mutex
	bytes int
	order *list.List // front: most recently used; values are *hotEntry
	bySum map[string]*list.Element
}

type hotEntry struct {
	sum  string
	data []byte
}

// NewHot puts a memory of at most maxBytes in front of s.
func NewHot(s *Store, maxBytes int) *Hot {
	return &Hot{store: s, max: maxBytes, order: list.New(), bySum: make(map[string]*list.Element)}
}

// Get returns a picture by its sha256. The bytes are shared: callers must
// not change them.
func (h *Hot) Get(sum string) ([]byte, error) {
	h.mu.Lock()
	if e, ok := h.bySum[sum]; ok {
		h.order.MoveToFront(e)
		data := e.Value.(*hotEntry).data
		h.mu.Unlock()
		return data, nil
	}
	h.mu.Unlock()
	data, err := h.store.Get(sum)
	if err != nil || len(data) > h.max {
		return data, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.bySum[sum]; !ok {
		h.bySum[sum] = h.order.PushFront(&hotEntry{sum: sum, data: data})
		h.bytes += len(data)
	}
	for h.bytes > h.max {
		last := h.order.Back()
		e := last.Value.(*hotEntry)
		h.order.Remove(last)
		delete(h.bySum, e.sum)
		h.bytes -= len(e.data)
	}
	return data, nil
}
