package player

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"codong/assets"
	"codong/atomicfile"
	"codong/playlists"
	"codong/protocol"
)

// cache is the player's disk: the pictures by hash, and the last manifest
// whose pictures were all fetched and verified. Both survive a power cut
// (atomic writes), so a board that restarts without network shows its
// last approved content.
type cache struct {
	dir    string
	assets *assets.Store
}

const manifestFile = "manifest.json"

func openCache(dir string) (*cache, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("tạo thư mục bộ nhớ đệm %s: %w", dir, err)
	}
	st, err := assets.OpenStore(filepath.Join(dir, "assets"))
	if err != nil {
		return nil, err
	}
	return &cache{dir: dir, assets: st}, nil
}

// manifest returns the cached manifest, verified again with the pinned
// key (the disk is no more trusted than the network), or nil when there
// is none.
func (c *cache) manifest(key ed25519.PublicKey) (*playlists.Manifest, error) {
	data, err := os.ReadFile(filepath.Join(c.dir, manifestFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var sm protocol.SignedManifest
	if err := json.Unmarshal(data, &sm); err != nil {
		return nil, fmt.Errorf("bản kê lưu trên đĩa bị hỏng: %w", err)
	}
	return sm.Open(key)
}

// forgetManifest removes the cached manifest (the board was revoked).
func (c *cache) forgetManifest() error {
	err := os.Remove(filepath.Join(c.dir, manifestFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// saveManifest keeps the manifest as signed, so it can be verified again.
func (c *cache) saveManifest(m *protocol.SignedManifest) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(c.dir, manifestFile), data, 0o600)
}

// missing lists the manifest's pictures not on disk, or damaged there
// (those are removed, to be fetched again).
func (c *cache) missing(m *playlists.Manifest) []string {
	var out []string
	for _, sum := range m.Assets() {
		if _, err := c.assets.Get(sum); err != nil {
			if errors.Is(err, assets.ErrHashMismatch) {
				c.assets.Remove(sum)
			}
			out = append(out, sum)
		}
	}
	return out
}

// prune removes pictures that neither the manifest nor the frame on the
// board needs. Called only once a new manifest is complete on disk.
func (c *cache) prune(m *playlists.Manifest, showing string) (int, error) {
	keep := map[string]bool{showing: true}
	for _, sum := range m.Assets() {
		keep[sum] = true
	}
	return c.assets.Prune(keep)
}

// size is how many bytes the cached pictures take.
func (c *cache) size() int64 {
	var n int64
	entries, _ := os.ReadDir(c.assets.Dir())
	for _, e := range entries {
		if fi, err := e.Info(); err == nil {
			n += fi.Size()
		}
	}
	return n
}
