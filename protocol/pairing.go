package protocol

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
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

// Limits of a pairing request. A display is at least a small LED module
// (16 pixels) and at most an 8K screen; MaxPairRequestBytes holds the
// three fields many times over.
const (
	MinPairSide         = 16
	MaxPairSide         = 8192
	MaxPairRequestBytes = 4 << 10
)

// Validate checks a pairing request against its limits.
func (r PairRequest) Validate() error {
	switch {
	case r.Width < MinPairSide || r.Height < MinPairSide || r.Width > MaxPairSide || r.Height > MaxPairSide:
		return fmt.Errorf("kích thước màn hình phải từ %d đến %d điểm ảnh mỗi chiều, không phải %dx%d", MinPairSide, MaxPairSide, r.Width, r.Height)
	case len(r.Version) > maxStatusNameBytes:
		return fmt.Errorf("yêu cầu ghép nối có phiên bản dài %d byte, tối đa %d", len(r.Version), maxStatusNameBytes)
	}
	return nil
}

// DecodePairRequest reads a pairing request body: one JSON object and
// nothing after it, within its limits. Unknown fields are ignored.
func DecodePairRequest(data []byte) (PairRequest, error) {
	var r PairRequest
	if len(data) > MaxPairRequestBytes {
		return r, fmt.Errorf("yêu cầu ghép nối quá lớn: %d byte, tối đa %d", len(data), MaxPairRequestBytes)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("yêu cầu ghép nối không phải JSON hợp lệ%s", jsonProblem(err))
	}
	return r, r.Validate()
}

// PairTicket is the controller's answer: the code to show, when it
// expires, and the key the controller signs manifests with (to pin).
type PairTicket struct {
	Code          string    `json:"code"`
	ExpiresAt     time.Time `json:"expires_at"`
	ControllerKey string    `json:"controller_key"`
	// Installation is the ID the board pins with the key (see
	// playlists.Manifest.Installation); empty from older controllers.
	Installation string `json:"installation,omitempty"`
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
