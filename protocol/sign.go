package protocol

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"codong/playlists"
)

// SignedManifest carries a manifest as the exact bytes the controller
// signed, so the player verifies what it will parse, with no
// canonicalisation in between. A man in the middle can neither change
// nor forge it without the controller's private key.
type SignedManifest struct {
	Payload   json.RawMessage `json:"payload"`
	Signature string          `json:"signature"` // base64 ed25519 over Payload
	Key       string          `json:"key"`       // the signer's public key, see EncodeKey
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

// Sign encodes and signs a manifest.
func Sign(m *playlists.Manifest, priv ed25519.PrivateKey) (*SignedManifest, error) {
	payload, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return &SignedManifest{
		Payload:   payload,
		Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(priv, payload)),
		Key:       EncodeKey(priv.Public().(ed25519.PublicKey)),
	}, nil
}

// Open verifies the signature with the pinned key, then parses and
// validates the manifest. The Key field is informational only: trust
// comes from pinned, never from the message itself.
func (s *SignedManifest) Open(pinned ed25519.PublicKey) (*playlists.Manifest, error) {
	sig, err := base64.StdEncoding.DecodeString(s.Signature)
	if err != nil || len(pinned) != ed25519.PublicKeySize || !ed25519.Verify(pinned, s.Payload, sig) {
		return nil, ErrBadSignature
	}
	var m playlists.Manifest
	if err := json.Unmarshal(s.Payload, &m); err != nil {
		return nil, fmt.Errorf("bản kê đã ký nhưng không đọc được: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}
