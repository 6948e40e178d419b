package protocol

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"codong/playlists"
)

// A publication to thousands of boards is signed once, not once per
// board: the controller hashes every board's envelope into a Merkle tree
// and signs its root. Each board receives its envelope, the sibling
// hashes that lead from it to the root, and the one signature. The
// envelope names the board, the revision and the sha256 of the content,
// the part of the manifest shared by every board of the same size and
// group, which is built and encoded once and sent as it is to all of
// them. A player still refuses anything not signed by its pinned key, and
// checks that the envelope is for its board and not older than what it
// has (see the player), so batching changes no guarantee.

// SignedManifest carries a manifest as the exact bytes the controller
// signed, so the player verifies what it will parse, with no
// canonicalisation in between. A man in the middle can neither change
// nor forge it without the controller's private key.
type SignedManifest struct {
	// Payload is the board's Envelope.
	Payload json.RawMessage `json:"payload"`
	// Proof is the base64 of the sibling hashes (32 bytes each) from the
	// envelope's leaf up to the root; Index is the leaf's position among
	// Leaves.
	Proof  string `json:"proof,omitempty"`
	Index  int    `json:"index,omitempty"`
	Leaves int    `json:"leaves,omitempty"`
	// Signature is base64 ed25519 over the root (see rootStatement).
	Signature string `json:"signature"`
	Key       string `json:"key"` // the signer's public key, see EncodeKey
	// Content is the playlists.Content, the exact bytes whose sha256 the
	// envelope names. Last in the frame: it is the large shared part.
	Content json.RawMessage `json:"content,omitempty"`
}

// Envelope is what is signed for one board.
type Envelope struct {
	Revision int64     `json:"revision"`
	IssuedAt time.Time `json:"issued_at"`
	// Installation names the installation (its database) that issued
	// the manifest; see playlists.Manifest.Installation. Empty from
	// controllers that predate it.
	Installation string          `json:"installation,omitempty"`
	Board        playlists.Board `json:"board"`
	// Content is the hex sha256 of the content bytes sent with it.
	Content string `json:"content"`
}

// ErrBadSignature means a manifest was not signed by the pinned key.
var ErrBadSignature = errors.New("chữ ký bản kê không hợp lệ")

// keyPrefix names the algorithm in an encoded public key.
const keyPrefix = "ed25519:"

// EncodeKey writes a public key as "ed25519:BASE64".
func EncodeKey(pub ed25519.PublicKey) string {
	return keyPrefix + base64.StdEncoding.EncodeToString(pub)
}

// ParseKey reads a key written by EncodeKey.
func ParseKey(s string) (ed25519.PublicKey, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(strings.TrimSpace(s), keyPrefix))
	if !strings.HasPrefix(strings.TrimSpace(s), keyPrefix) || err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("khoá công khai của máy chủ “%s” không đúng dạng ed25519:…", s)
	}
	return ed25519.PublicKey(raw), nil
}

// Domain separation: a leaf can never be taken for an inner node, and a
// root signature can never be taken for anything else the key signs.
const (
	leafTag  = 0x00
	innerTag = 0x01
)

func leafHash(envelope []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte{leafTag})
	h.Write(envelope)
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

func innerHash(left, right [sha256.Size]byte) [sha256.Size]byte {
	var buf [1 + 2*sha256.Size]byte
	buf[0] = innerTag
	copy(buf[1:], left[:])
	copy(buf[1+sha256.Size:], right[:])
	return sha256.Sum256(buf[:])
}

// rootStatement is what the key signs: the tree's size and root.
func rootStatement(leaves int, root [sha256.Size]byte) []byte {
	b := make([]byte, 0, 48+sha256.Size)
	b = append(b, "codong manifest batch v2\n"...)
	b = binary.BigEndian.AppendUint64(b, uint64(leaves))
	return append(b, root[:]...)
}

// Batch is a signed publication: one signature over the root of the
// envelopes' tree, and each envelope's path to the root.
type Batch struct {
	Signature string
	Key       string
	Leaves    int
	levels    [][][sha256.Size]byte
}

// SignBatch hashes the envelopes into a tree and signs its root. An odd
// node at the end of a level is carried up unchanged.
func SignBatch(envelopes [][]byte, priv ed25519.PrivateKey) *Batch {
	level := make([][sha256.Size]byte, len(envelopes))
	for i, e := range envelopes {
		level[i] = leafHash(e)
	}
	b := &Batch{Leaves: len(envelopes), Key: EncodeKey(priv.Public().(ed25519.PublicKey))}
	b.levels = append(b.levels, level)
	for len(level) > 1 {
		next := make([][sha256.Size]byte, (len(level)+1)/2)
		for i := range next {
			if 2*i+1 < len(level) {
				next[i] = innerHash(level[2*i], level[2*i+1])
			} else {
				next[i] = level[2*i]
			}
		}
		b.levels = append(b.levels, next)
		level = next
	}
	var root [sha256.Size]byte
	if len(level) == 1 {
		root = level[0]
	}
	b.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, rootStatement(len(envelopes), root)))
	return b
}

// Proof returns the base64 path from leaf i to the root.
func (b *Batch) Proof(i int) string { return string(b.appendProof(nil, i)) }

// appendProof appends the base64 path from leaf i to the root.
func (b *Batch) appendProof(dst []byte, i int) []byte {
	var buf [64 * sha256.Size]byte // a path of 64 levels: 2^64 boards
	path := buf[:0]
	for _, level := range b.levels[:len(b.levels)-1] {
		if sib := i ^ 1; sib < len(level) {
			path = append(path, level[sib][:]...)
		}
		i >>= 1
	}
	return base64.StdEncoding.AppendEncode(dst, path)
}

// root recomputes the tree's root from a leaf and its path.
func root(leaf [sha256.Size]byte, path []byte, index, leaves int) ([sha256.Size]byte, bool) {
	if index < 0 || index >= leaves || len(path)%sha256.Size != 0 {
		return leaf, false
	}
	node := leaf
	for size := leaves; size > 1; size = (size + 1) / 2 {
		if sib := index ^ 1; sib < size {
			if len(path) == 0 {
				return node, false
			}
			other := [sha256.Size]byte(path[:sha256.Size])
			path = path[sha256.Size:]
			if index&1 == 0 {
				node = innerHash(node, other)
			} else {
				node = innerHash(other, node)
			}
		}
		index >>= 1
	}
	return node, len(path) == 0
}

// Sealer builds the envelopes of one batch, which share a revision and a
// time: it encodes them once, and each board's envelope is then a few
// appends.
type Sealer struct{ head []byte }

// NewSealer starts the envelopes of a batch issued by the installation
// named installation.
func NewSealer(rev int64, issued time.Time, installation string) *Sealer {
	at, _ := json.Marshal(issued)
	head := append([]byte(`{"revision":`), strconv.FormatInt(rev, 10)...)
	head = append(append(head, `,"issued_at":`...), at...)
	if installation != "" {
		id, _ := json.Marshal(installation)
		head = append(append(head, `,"installation":`...), id...)
	}
	head = append(head, `,"board":`...)
	return &Sealer{head: head}
}

// Seal builds one board's envelope, ready for SignBatch. board is the
// JSON encoding (json.Marshal) of the board's playlists.Board; the
// content must be the JSON encoding of a playlists.Content
// (json.Marshal), sent unchanged.
func (s *Sealer) Seal(board []byte, contentSum [sha256.Size]byte) []byte {
	env := make([]byte, 0, len(s.head)+len(board)+16+2*sha256.Size)
	env = append(append(env, s.head...), board...)
	env = append(env, `,"content":"`...)
	env = hex.AppendEncode(env, contentSum[:])
	return append(env, `"}`...)
}

// Seal builds one board's envelope on its own, naming no installation.
func Seal(rev int64, issued time.Time, board playlists.Board, contentSum [sha256.Size]byte) ([]byte, error) {
	return SealFor(rev, issued, "", board, contentSum)
}

// SealFor builds one board's envelope on its own, issued by the
// installation named installation.
func SealFor(rev int64, issued time.Time, installation string, board playlists.Board, contentSum [sha256.Size]byte) ([]byte, error) {
	b, err := json.Marshal(board)
	if err != nil {
		return nil, err
	}
	return NewSealer(rev, issued, installation).Seal(b, contentSum), nil
}

// ManifestFrame returns the websocket frame of a manifest message as
// parts to write one after another: the board's own head, the shared
// content, and the tail. The content is not copied, so thousands of
// frames share one buffer.
func ManifestFrame(envelope []byte, b *Batch, index int, content []byte) [3][]byte {
	proof := base64.StdEncoding.EncodedLen(sha256.Size * (len(b.levels) - 1))
	head := make([]byte, 0, len(envelope)+proof+len(b.Signature)+len(b.Key)+128)
	head = append(head, `{"type":"manifest","v":`...)
	head = strconv.AppendInt(head, Version, 10)
	head = append(head, `,"manifest":{"payload":`...)
	head = append(head, envelope...)
	head = append(head, `,"proof":"`...)
	head = b.appendProof(head, index)
	head = append(head, `","index":`...)
	head = strconv.AppendInt(head, int64(index), 10)
	head = append(head, `,"leaves":`...)
	head = strconv.AppendInt(head, int64(b.Leaves), 10)
	head = append(head, `,"signature":"`...)
	head = append(head, b.Signature...)
	head = append(head, `","key":"`...)
	head = append(head, b.Key...)
	head = append(head, `","content":`...)
	return [3][]byte{head, content, []byte("}}")}
}

// Sign signs one manifest on its own, as a batch of one.
func Sign(m *playlists.Manifest, priv ed25519.PrivateKey) (*SignedManifest, error) {
	content, err := json.Marshal(m.Content)
	if err != nil {
		return nil, err
	}
	env, err := SealFor(m.Revision, m.IssuedAt, m.Installation, m.Board, sha256.Sum256(content))
	if err != nil {
		return nil, err
	}
	b := SignBatch([][]byte{env}, priv)
	return &SignedManifest{Payload: env, Proof: b.Proof(0), Leaves: 1, Signature: b.Signature, Key: b.Key, Content: content}, nil
}

// Open verifies the signature with the pinned key, then parses and
// validates the manifest. The Key field is informational only: trust
// comes from pinned, never from the message itself.
func (s *SignedManifest) Open(pinned ed25519.PublicKey) (*playlists.Manifest, error) {
	return s.OpenWith(pinned, nil)
}

// Verified remembers root signatures already checked and content
// already parsed. A single process that stands for many boards (the load
// harness) verifies each publication's signature once instead of once
// per board, and parses each content once: the same bytes give the same
// answer. Manifests opened through the same Verified share their
// content's slices, so they must be only read. Not safe for concurrent
// use without its own lock; a nil *Verified remembers nothing.
type Verified struct {
	seen    map[string]bool
	content map[[sha256.Size]byte]playlists.Content
}

// NewVerified returns an empty memory of verified signatures.
func NewVerified() *Verified {
	return &Verified{seen: make(map[string]bool), content: make(map[[sha256.Size]byte]playlists.Content)}
}

// parse reads content whose sha256 is sum.
func (v *Verified) parse(sum [sha256.Size]byte, data []byte) (playlists.Content, error) {
	if v != nil {
		if c, ok := v.content[sum]; ok {
			return c, nil
		}
	}
	var c playlists.Content
	if err := json.Unmarshal(data, &c); err != nil {
		return c, err
	}
	if v != nil {
		v.content[sum] = c
	}
	return c, nil
}

func (v *Verified) check(pinned ed25519.PublicKey, stmt, sig []byte) bool {
	if v == nil {
		return ed25519.Verify(pinned, stmt, sig)
	}
	k := string(pinned) + string(stmt) + string(sig)
	if v.seen[k] {
		return true
	}
	ok := ed25519.Verify(pinned, stmt, sig)
	if ok {
		v.seen[k] = true
	}
	return ok
}

// OpenWith is Open that may skip repeating a signature check v already
// made.
func (s *SignedManifest) OpenWith(pinned ed25519.PublicKey, v *Verified) (*playlists.Manifest, error) {
	sig, err := base64.StdEncoding.DecodeString(s.Signature)
	if err != nil || len(pinned) != ed25519.PublicKeySize {
		return nil, ErrBadSignature
	}
	var m playlists.Manifest
	if s.Content == nil {
		// Signed one by one, as controllers before batch signing did; a
		// board may still have such a manifest on its disk.
		if !ed25519.Verify(pinned, s.Payload, sig) {
			return nil, ErrBadSignature
		}
		if err := json.Unmarshal(s.Payload, &m); err != nil {
			return nil, fmt.Errorf("bản kê đã ký nhưng không đọc được: %w", err)
		}
	} else {
		path, err := base64.StdEncoding.DecodeString(s.Proof)
		if err != nil {
			return nil, ErrBadSignature
		}
		r, ok := root(leafHash(s.Payload), path, s.Index, s.Leaves)
		if !ok || !v.check(pinned, rootStatement(s.Leaves, r), sig) {
			return nil, ErrBadSignature
		}
		var env Envelope
		if err := json.Unmarshal(s.Payload, &env); err != nil {
			return nil, fmt.Errorf("bản kê đã ký nhưng không đọc được: %w", err)
		}
		sum := sha256.Sum256(s.Content)
		if want, err := hex.DecodeString(env.Content); err != nil || !bytes.Equal(want, sum[:]) {
			return nil, fmt.Errorf("%w: nội dung không khớp mã băm đã ký", ErrBadSignature)
		}
		m.Revision, m.IssuedAt, m.Installation, m.Board = env.Revision, env.IssuedAt, env.Installation, env.Board
		if m.Content, err = v.parse(sum, s.Content); err != nil {
			return nil, fmt.Errorf("bản kê đã ký nhưng không đọc được: %w", err)
		}
	}
	if m.Installation != "" && !ValidInstallation(m.Installation) {
		return nil, fmt.Errorf("bản kê mang mã hệ thống %.80q không đúng dạng (tối đa %d chữ số hex)", m.Installation, MaxInstallationBytes)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}
