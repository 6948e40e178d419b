package player

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

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

// DefaultCacheBudget is how many bytes of pictures the cache keeps by
// default beyond those the board needs: a few hundred to a few thousand
// board pictures, so switching to a known playlist and back fetches
// nothing, on a board's card of a few GB.
const DefaultCacheBudget = 256 << 20

// MaxCacheBudget bounds the budget (--cache-budget is given in MiB).
const MaxCacheBudget = 1 << 40

// cacheBudget is the budget a Config asks for: below zero nothing is
// kept beyond need, zero means the default.
func cacheBudget(b int64) int64 {
	switch {
	case b < 0:
		return 0
	case b == 0:
		return DefaultCacheBudget
	}
	return min(b, MaxCacheBudget)
}

// touch marks a picture as shown now: the cache evicts the pictures
// shown longest ago first. The mark is the file's modification time, so
// it survives a restart with no index to keep (a download sets it too:
// a picture just fetched counts as just shown).
func (c *cache) touch(sum string, at time.Time) {
	if path, err := c.assets.Path(sum); err == nil {
		os.Chtimes(path, at, at)
	}
}

// trim makes room once a new manifest is complete on disk: it removes
// leftovers of interrupted writes, and while the pictures take more than
// budget bytes, the picture shown longest ago among those neither the
// manifest nor the frame on the board needs. What the board needs is
// never removed, whatever it weighs; below the budget, nothing is, so a
// board switched to a playlist it already played and back fetches
// nothing. It returns how many pictures it removed.
func (c *cache) trim(m *playlists.Manifest, showing string, budget int64) (int, error) {
	keep := map[string]bool{showing: true}
	for _, sum := range m.Assets() {
		keep[sum] = true
	}
	entries, err := os.ReadDir(c.assets.Dir())
	if err != nil {
		return 0, fmt.Errorf("dọn bộ nhớ đệm: %w", err)
	}
	type picture struct {
		sum   string
		size  int64
		shown time.Time
	}
	var spare []picture
	var total int64
	removed := 0
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() {
			continue
		}
		if strings.HasPrefix(name, ".") {
			if os.Remove(filepath.Join(c.assets.Dir(), name)) == nil {
				removed++
			}
			continue
		}
		fi, err := e.Info()
		if err != nil || !playlists.ValidHash(name) {
			continue
		}
		total += fi.Size()
		if !keep[name] {
			spare = append(spare, picture{name, fi.Size(), fi.ModTime()})
		}
	}
	slices.SortFunc(spare, func(a, b picture) int { return a.shown.Compare(b.shown) })
	for _, p := range spare {
		if total <= budget {
			break
		}
		if c.assets.Remove(p.sum) == nil {
			total -= p.size
			removed++
		}
	}
	return removed, nil
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
