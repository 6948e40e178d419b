package main

import (
	"sync"

	"codong/player"
)

// pictures is what the harness knows of every picture any board holds:
// its size in bytes (for the boards' cache_bytes) and its thumbnail,
// made once from the first copy downloaded and shared by every board.
type pictures struct {
	mu      sync.Mutex
	entries map[string]*picture
}

type picture struct {
	bytes     int64
	done      chan struct{} // closed once thumbnail is set (maybe nil)
	thumbnail []byte
}

func newPictures() *pictures { return &pictures{entries: make(map[string]*picture)} }

// claim reports whether the caller is the first to bring this picture
// and must call add (or drop) with its content; every other caller only
// needs to check the hash, not keep the bytes.
func (p *pictures) claim(sum string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.entries[sum] != nil {
		return false
	}
	p.entries[sum] = &picture{done: make(chan struct{})}
	return true
}

// add records a claimed picture's content: its size and thumbnail.
func (p *pictures) add(sum string, data []byte) {
	th := player.Thumbnail(data)
	p.mu.Lock()
	e := p.entries[sum]
	p.mu.Unlock()
	e.bytes, e.thumbnail = int64(len(data)), th
	close(e.done)
}

// drop gives up a claim whose download failed, so the next board claims.
func (p *pictures) drop(sum string) {
	p.mu.Lock()
	e := p.entries[sum]
	delete(p.entries, sum)
	p.mu.Unlock()
	close(e.done)
}

// ready returns a picture's size and thumbnail once known; ok is false
// while the claimant is still making them.
func (p *pictures) ready(sum string) (bytes int64, thumb []byte, ok bool) {
	p.mu.Lock()
	e := p.entries[sum]
	p.mu.Unlock()
	if e == nil {
		return 0, nil, false
	}
	select {
	case <-e.done:
		return e.bytes, e.thumbnail, true
	default:
		return 0, nil, false
	}
}
