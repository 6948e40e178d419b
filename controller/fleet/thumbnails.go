package fleet

import (
	"crypto/sha256"
	"encoding/hex"
)

// thumbnail is one picture boards sent as what they show. Boards showing
// the same slogan at the same size send the same bytes, so a picture is
// held once however many boards show it.
type thumbnail struct {
	data []byte
	key  digest
	name string // short hex of the hash, for cache-busting URLs
	refs int
}

// thumbnails holds the boards' thumbnails within a byte budget. Past
// the budget a new picture is not kept: that board shows no thumbnail
// until it sends one that fits, rather than the controller growing
// without bound.
type thumbnails struct {
	max, bytes int
	byHash     map[digest]*thumbnail
}

// replace makes data a board's thumbnail instead of old.
func (t *thumbnails) replace(old *thumbnail, data []byte) *thumbnail {
	k := digest(sha256.Sum256(data))
	if old != nil && old.key == k {
		return old
	}
	n := t.byHash[k]
	if n == nil {
		if t.bytes+len(data) > t.max {
			t.release(old)
			return nil
		}
		n = &thumbnail{data: data, key: k, name: hex.EncodeToString(k[:6])}
		t.byHash[k] = n
		t.bytes += len(data)
	}
	n.refs++
	t.release(old)
	return n
}

// release drops a board's hold on a thumbnail.
func (t *thumbnails) release(th *thumbnail) {
	if th == nil {
		return
	}
	if th.refs--; th.refs == 0 {
		delete(t.byHash, th.key)
		t.bytes -= len(th.data)
	}
}
