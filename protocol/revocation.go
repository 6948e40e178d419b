package protocol

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// Revocation is the controller's signed word that a board token is not
// valid there (the board was deleted). A player takes itself out of
// service only on a revocation signed by its pinned key: anyone on the
// network can forge a bare 401, and must not be able to blank a board or
// send it back to pairing with an attacker's controller.
type Revocation struct {
	TokenHash string `json:"token_hash"`
	Signature string `json:"signature"`
}

func revocationStatement(tokenHash string) []byte {
	return []byte("codong: board token revoked: " + tokenHash)
}

// TokenHash is the hex sha256 of a token, the form in which secrets are
// kept and compared.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Revoke signs a revocation of token.
func Revoke(token string, priv ed25519.PrivateKey) *Revocation {
	th := TokenHash(token)
	return &Revocation{TokenHash: th, Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(priv, revocationStatement(th)))}
}

// Verify reports whether r revokes token and was signed with pinned.
func (r *Revocation) Verify(token string, pinned ed25519.PublicKey) bool {
	if r == nil || len(pinned) != ed25519.PublicKeySize || r.TokenHash != TokenHash(token) {
		return false
	}
	sig, err := base64.StdEncoding.DecodeString(r.Signature)
	return err == nil && ed25519.Verify(pinned, revocationStatement(r.TokenHash), sig)
}
