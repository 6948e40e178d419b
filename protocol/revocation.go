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
	Nonce     string `json:"nonce"`
	Signature string `json:"signature"`
}

// NonceHeader carries the player's fresh random nonce on every connect;
// the controller signs it into a revocation, so one captured earlier
// cannot be replayed later.
const NonceHeader = "X-Codong-Nonce"

func revocationStatement(tokenHash, nonce string) []byte {
	return []byte("codong: board token revoked: " + tokenHash + " nonce " + nonce)
}

// TokenHash is the hex sha256 of a token, the form in which secrets are
// kept and compared.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Revoke signs a revocation of token, answering the player's nonce.
func Revoke(token, nonce string, priv ed25519.PrivateKey) *Revocation {
	th := TokenHash(token)
	sig := ed25519.Sign(priv, revocationStatement(th, nonce))
	return &Revocation{TokenHash: th, Nonce: nonce, Signature: base64.StdEncoding.EncodeToString(sig)}
}

// Verify reports whether r revokes token, answers nonce, and was signed
// with pinned.
func (r *Revocation) Verify(token, nonce string, pinned ed25519.PublicKey) bool {
	if r == nil || nonce == "" || len(pinned) != ed25519.PublicKeySize || r.TokenHash != TokenHash(token) || r.Nonce != nonce {
		return false
	}
	sig, err := base64.StdEncoding.DecodeString(r.Signature)
	return err == nil && ed25519.Verify(pinned, revocationStatement(r.TokenHash, nonce), sig)
}
