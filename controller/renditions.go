package controller

import (
	"context"
	"fmt"
	"sync"

	"codong/assets"
)

// renditions memoises rendered slogans: the renderer is deterministic, so
// (text, style, size) names one picture, kept in the asset store under
// its sha256. Concurrent requests for the same picture render it once,
// and every render waits for its place in the render budget.
type renditions struct {
	r      *assets.Renderer
	budget *renderBudget
	store  *assets.Store
	mu     sync.Mutex
	done   map[renditionKey]*rendition
}

type renditionKey struct {
	text, style string
	size        assets.Size
}

type rendition struct {
	ready  chan struct{}
	sum    string
	scroll bool
	err    error
}

// maxRenditions bounds the memo; past it the memo starts afresh (the
// pictures stay on disk, so this costs only re-rendering). Every
// publication asks for every picture of every board size, so the memo
// must hold them all or each publication re-renders: the items
// (store.MaxTotalItems) and the countdowns' dated pictures
// (store.MaxCountdowns × playlists.CountdownWindow) at a dozen sizes.
// An entry is its text and hash, about 1 KB at the longest.
const maxRenditions = 32 << 10

func newRenditions(r *assets.Renderer, budget *renderBudget, store *assets.Store) *renditions {
	return &renditions{r: r, budget: budget, store: store, done: make(map[renditionKey]*rendition)}
}

// Asset returns the sha256 of the slogan rendered at size, and whether it
// came out as a strip to scroll, rendering and storing it if needed.
func (rs *renditions) Asset(text, style string, size assets.Size) (sum string, scroll bool, err error) {
	k := renditionKey{text, style, size}
	rs.mu.Lock()
	e, ok := rs.done[k]
	if !ok {
		if len(rs.done) >= maxRenditions {
			rs.done = make(map[renditionKey]*rendition)
		}
		e = &rendition{ready: make(chan struct{})}
		rs.done[k] = e
	}
	rs.mu.Unlock()
	if ok {
		<-e.ready
		return e.sum, e.scroll, e.err
	}
	e.sum, e.scroll, e.err = rs.render(k)
	close(e.ready)
	if e.err != nil {
		rs.mu.Lock()
		delete(rs.done, k)
		rs.mu.Unlock()
	}
	return e.sum, e.scroll, e.err
}

func (rs *renditions) render(k renditionKey) (string, bool, error) {
	// Boards must get their pictures: wait for a place, never give up.
	out, err := rs.budget.render(context.Background(), rs.r, assets.Request{Text: k.text, Size: k.size, Style: k.style}, true)
	if err != nil {
		return "", false, err
	}
	sum, err := rs.store.Put(out.PNG)
	if err != nil {
		return "", false, fmt.Errorf("lưu ảnh: %w", err)
	}
	return sum, out.Layout.Scroll, nil
}
