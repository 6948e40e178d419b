package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"

	"codong/atomicfile"
	"codong/playlists"
)

// ErrHashMismatch means content did not hash to the name it was stored or
// fetched under: it was corrupted or tampered with.
var ErrHashMismatch = errors.New("nội dung không khớp mã sha256")

// ErrNotFound means the store has no asset of that hash.
var ErrNotFound = errors.New("không có ảnh với mã này")

// Store is a content-addressed directory of assets: each file is named by
// the sha256 of its bytes. Writes are atomic, so a power cut leaves either
// no file or a whole one; reads verify the hash, so a file damaged on disk
// is never shown.
type Store struct {
	dir string
}

// OpenStore opens (creating if needed) the store in dir.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("assets: open store: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Dir is where the store keeps its files.
func (s *Store) Dir() string { return s.dir }

// Path is where the asset named sum is (or would be) kept.
func (s *Store) Path(sum string) (string, error) { return s.path(sum) }

func (s *Store) path(sum string) (string, error) {
	if !playlists.ValidHash(sum) {
		return "", fmt.Errorf("mã ảnh không hợp lệ %q", sum)
	}
	return filepath.Join(s.dir, sum), nil
}

// Put stores data and returns its hash.
func (s *Store) Put(data []byte) (string, error) {
	sum := Sum(data)
	p, _ := s.path(sum)
	if _, err := os.Stat(p); err == nil {
		return sum, nil
	}
	if err := atomicfile.WriteFile(p, data, 0o644); err != nil {
		return "", fmt.Errorf("assets: put %s: %w", sum, err)
	}
	return sum, nil
}

// Adopt moves the file at path, which must hash to sum, into the store
// (the same file system: a rename, no copy), made durable first.
func (s *Store) Adopt(sum, path string) error {
	p, err := s.path(sum)
	if err != nil {
		return err
	}
	if _, err := os.Stat(p); err == nil {
		return os.Remove(path)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("assets: adopt %s: %w", sum, err)
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	if err == nil {
		err = checkSum(h, sum)
	}
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(path, p)
		var link *os.LinkError
		if errors.As(err, &link) && errors.Is(link.Err, errCrossDevice) {
			// The store's folder is on another disk (a bigger one mounted
			// there): copied, then the temporary file removed.
			err = s.copyIn(sum, path)
		}
	}
	if err != nil {
		return fmt.Errorf("assets: adopt %s: %w", sum, err)
	}
	if d, err := os.Open(s.dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// copyIn stores the file at path by copying it, then removes it.
func (s *Store) copyIn(sum, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := s.PutStream(sum, f, 1<<62); err != nil {
		return err
	}
	return os.Remove(path)
}

// PutStream stores at most limit bytes from r under the hash the caller
// expects, refusing content that hashes otherwise. It is how a player
// saves a download.
func (s *Store) PutStream(sum string, r io.Reader, limit int64) error {
	p, err := s.path(sum)
	if err != nil {
		return err
	}
	return atomicfile.Write(p, 0o644, func(w io.Writer) error {
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(r, limit+1))
		if err != nil {
			return err
		}
		if n > limit {
			return fmt.Errorf("ảnh vượt quá %d byte", limit)
		}
		return checkSum(h, sum)
	})
}

// Has reports whether an asset is on disk (without verifying it).
func (s *Store) Has(sum string) bool {
	p, err := s.path(sum)
	if err != nil {
		return false
	}
	_, err = os.Stat(p)
	return err == nil
}

// Get reads an asset and verifies its hash.
func (s *Store) Get(sum string) ([]byte, error) {
	p, err := s.path(sum)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("assets: get %s: %w", sum, err)
	}
	if Sum(data) != sum {
		return nil, fmt.Errorf("assets: %s: %w", sum, ErrHashMismatch)
	}
	return data, nil
}

// Remove deletes one asset, e.g. one found damaged.
func (s *Store) Remove(sum string) error {
	p, err := s.path(sum)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("assets: remove %s: %w", sum, err)
	}
	return nil
}

// Prune removes every asset not in keep, and leftovers of interrupted
// writes. It returns how many files it removed.
func (s *Store) Prune(keep map[string]bool) (int, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return 0, fmt.Errorf("assets: prune: %w", err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		stale := strings.HasPrefix(name, ".") || (playlists.ValidHash(name) && !keep[name])
		if e.Type().IsRegular() && stale {
			if os.Remove(filepath.Join(s.dir, name)) == nil {
				n++
			}
		}
	}
	return n, nil
}

// Sum is the lowercase hex sha256 of data, the name of every asset.
func Sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

func checkSum(h hash.Hash, want string) error {
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("%w: nhận %s…, cần %s…", ErrHashMismatch, got[:12], want[:12])
	}
	return nil
}
