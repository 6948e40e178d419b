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
//
// The key alone does not say which installation speaks: a controller
// started on an empty database beside the old key file signs with the
// same key and knows none of the boards. So a revocation also names the
// installation, under a second signature; a player that pinned an
// installation believes only that one (VerifyInstallation). Signature,
// over the older statement without the installation, is kept for
// players that predate installations.
type Revocation struct {
	TokenHash string `json:"token_hash"`
	Nonce     string `json:"nonce"`
	Signature string `json:"signature"`
	// Installation and InstallationSignature: see above; empty from
	// controllers that predate them.
	Installation          string `json:"installation,omitempty"`
	InstallationSignature string `json:"installation_signature,omitempty"`
}

// NonceHeader carries the player's fresh random nonce on every connect;
// the controller signs it into a revocation, so one captured earlier
// cannot be replayed later.
const NonceHeader = "X-Codong-Nonce"

func revocationStatement(tokenHash, nonce string) []byte {
	return []byte("codong: board token revoked: " + tokenHash + " nonce " + nonce)
}

// installationRevocationStatement starts with its own line, so no nonce
// chosen for the older statement can make the two read the same.
func installationRevocationStatement(installation, tokenHash, nonce string) []byte {
	return []byte("codong installation revocation v1\ninstallation " + installation + "\ntoken " + tokenHash + "\nnonce " + nonce)
}

// TokenHash is the hex sha256 of a token, the form in which secrets are
// kept and compared.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Revoke signs a revocation of token, answering the player's nonce,
// naming no installation.
func Revoke(token, nonce string, priv ed25519.PrivateKey) *Revocation {
	return RevokeFor(token, nonce, "", priv)
}

// RevokeFor signs a revocation of token by the installation named
// installation, answering the player's nonce.
func RevokeFor(token, nonce, installation string, priv ed25519.PrivateKey) *Revocation {
	th := TokenHash(token)
	sig := ed25519.Sign(priv, revocationStatement(th, nonce))
	r := &Revocation{TokenHash: th, Nonce: nonce, Signature: base64.StdEncoding.EncodeToString(sig)}
	if installation != "" {
		r.Installation = installation
		r.InstallationSignature = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, installationRevocationStatement(installation, th, nonce)))
	}
	return r
}

// Verify reports whether r revokes token, answers nonce, and was signed
// with pinned, whatever installation it names.
func (r *Revocation) Verify(token, nonce string, pinned ed25519.PublicKey) bool {
	if !r.answers(token, nonce, pinned) {
		return false
	}
	sig, err := base64.StdEncoding.DecodeString(r.Signature)
	return err == nil && ed25519.Verify(pinned, revocationStatement(r.TokenHash, nonce), sig)
}

// VerifyInstallation is Verify for a player that pinned installation: r
// must name that installation and carry its signature. With none pinned
// (a board paired before installations existed) it is Verify.
func (r *Revocation) VerifyInstallation(token, nonce string, pinned ed25519.PublicKey, installation string) bool {
	if installation == "" {
		return r.Verify(token, nonce, pinned)
	}
	if !r.answers(token, nonce, pinned) || r.Installation != installation {
		return false
	}
	sig, err := base64.StdEncoding.DecodeString(r.InstallationSignature)
	return err == nil && ed25519.Verify(pinned, installationRevocationStatement(installation, r.TokenHash, nonce), sig)
}

// answers reports whether r is about token and this nonce, and pinned
// can be checked against at all.
func (r *Revocation) answers(token, nonce string, pinned ed25519.PublicKey) bool {
	return r != nil && nonce != "" && len(pinned) == ed25519.PublicKeySize && r.TokenHash == TokenHash(token) && r.Nonce == nonce
}
