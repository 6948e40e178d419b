package protocol

import (
	"crypto/rand"
	"time"
)

// Pairing, as Xibo and ScreenCloud do it: a player without credentials
// makes its own secret token, registers it with POST PairPath and gets a
// short code to show on its display; an administrator types the code on
// the Boards page, and from then on the token is the board's. The secret
// never travels back: the controller only ever holds its hash.
const PairPath = "/api/v1/pair"

// BoardTokenPrefix starts every board token.
const BoardTokenPrefix = "cdb_"

// NewBoardToken returns a fresh board secret of 256 bits.
func NewBoardToken() string { return NewSecret(BoardTokenPrefix) }

// NewSecret returns prefix followed by 256 random bits in base32, the
// form of every codong token: the prefix tells what a leaked one opens.
func NewSecret(prefix string) string {
	return prefix + rand.Text() + rand.Text()[:26]
}

// PairRequest is what a player sends to POST PairPath, authenticated by
// its new token.
type PairRequest struct {
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Version string `json:"version"`
}

// PairTicket is the controller's answer: the code to show, when it
// expires, and the key the controller signs manifests with (to pin).
type PairTicket struct {
	Code          string    `json:"code"`
	ExpiresAt     time.Time `json:"expires_at"`
	ControllerKey string    `json:"controller_key"`
}

// Pairing states answered by GET PairPath.
const (
	PairPending = "pending"
	PairAdopted = "adopted"
	PairExpired = "expired"
)

// PairState tells a waiting player whether it was adopted.
type PairState struct {
	State   string `json:"state"`
	Board   string `json:"board,omitempty"`
	BoardID int64  `json:"board_id,omitempty"`
}
