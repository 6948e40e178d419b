package fleet

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image/png"
	"sync"

	"codong/assets"
	"codong/protocol"
)

// A board of protocol 2.2 says which picture it shows (status.Asset and
// status.Shows), not how it looks: the controller rendered that picture,
// so it makes the thumbnail itself, with the code a board of 2.1 used on
// its frame (assets.ShrinkWindow), and the dashboard shows the same
// picture either way. A thumbnail is made only when someone asks for it,
// once per (picture, page, strip position, board width), and kept
// within a byte budget: boards showing the same picture share it, and a
// board's report costs the controller no image work at all.

// Pictures gives a rendered picture by its sha256 (the hot asset store).
type Pictures interface {
	Get(sum string) ([]byte, error)
}

// showKey names one thumbnail the controller makes: the part of a
// picture a board of Width×Height pixels shows.
type showKey struct {
	asset         string
	page          int
	scroll        bool
	x             int
	width, height int
}

// showKeyOf is what a status says the board shows, for a board of the
// size the controller knows (w×h; the status's own size when it knows
// none); ok is false for a status that names no picture or does not say
// which part of it (a player before 2.2).
func showKeyOf(st *protocol.Status, w, h int) (showKey, bool) {
	if st == nil || st.Shows == nil || st.Asset == "" {
		return showKey{}, false
	}
	if w <= 0 || h <= 0 {
		w, h = st.DisplayWidth, st.DisplayHeight
	}
	return showKey{asset: st.Asset, page: st.Shows.Page, scroll: st.Shows.Scroll, x: st.Shows.X, width: w, height: h}, true
}

// name is the thumbnail's short name, for cache-busting URLs.
func (k showKey) name() string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s/%d/%t/%d/%dx%d", k.asset, k.page, k.scroll, k.x, k.width, k.height))
	return hex.EncodeToString(sum[:6])
}

// madeThumbs are the thumbnails the controller made, least recently used
// first out once over max bytes.
type madeThumbs struct {
	pics Pictures
	max  int

	mu    sync.Mutex
	bytes int
	byKey map[showKey]*list.Element // of *madeThumb
	lru   list.List                 // front: most recently used
}

type madeThumb struct {
	key  showKey
	done chan struct{} // closed once data is set
	data []byte        // nil: cannot be made
	kept bool          // counted in bytes (under madeThumbs.mu)
}

func newMadeThumbs(pics Pictures, max int) *madeThumbs {
	return &madeThumbs{pics: pics, max: max, byKey: make(map[showKey]*list.Element)}
}

// get returns the thumbnail of k, made now if it is not kept; a caller
// asking for one being made waits for it rather than making it again.
func (m *madeThumbs) get(k showKey) []byte {
	if m == nil || m.pics == nil {
		return nil
	}
	m.mu.Lock()
	if e := m.byKey[k]; e != nil {
		m.lru.MoveToFront(e)
		t := e.Value.(*madeThumb)
		m.mu.Unlock()
		<-t.done
		return t.data
	}
	t := &madeThumb{key: k, done: make(chan struct{})}
	m.byKey[k] = m.lru.PushFront(t)
	m.mu.Unlock()

	t.data = m.make(k)
	close(t.done)

	m.mu.Lock()
	defer m.mu.Unlock()
	if e := m.byKey[k]; e == nil || e.Value.(*madeThumb) != t {
		return t.data
	}
	if t.data == nil {
		// Not kept: the picture may come later (a render under way).
		m.lru.Remove(m.byKey[k])
		delete(m.byKey, k)
		return nil
	}
	m.bytes += len(t.data)
	t.kept = true
	// Oldest out first; one being made by another caller counts once
	// done, and is passed over.
	for e := m.lru.Back(); e != nil && m.bytes > m.max; {
		old, prev := e.Value.(*madeThumb), e.Prev()
		if old != t && old.kept {
			m.lru.Remove(e)
			delete(m.byKey, old.key)
			m.bytes -= len(old.data)
		}
		e = prev
	}
	return t.data
}

// make shrinks the part of the picture the key names, as a board of
// protocol 2.1 shrank its frame: a page of an item set in pages (its
// picture is pages boards high), the board-wide window of a strip at
// its position, or the whole still.
func (m *madeThumbs) make(k showKey) []byte {
	data, err := m.pics.Get(k.asset)
	if err != nil {
		return nil
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	if h := img.Bounds().Dy(); k.height > 0 && h > k.height && h%k.height == 0 {
		if img, err = assets.Page(img, k.page, h/k.height, k.height); err != nil {
			return nil
		}
	} else if k.page != 0 {
		return nil // no such page: the board shows something else
	}
	window := 0
	if k.scroll {
		window = k.width
	}
	th := assets.ShrinkWindow(img, window, k.x)
	if len(th) > protocol.MaxThumbnailBytes {
		return nil
	}
	return th
}
