package protocol

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"codong/playlists"
)

// Level 2.2: a board says which picture it shows, not how it looks.
//
// The controller rendered every picture a board shows, so from the
// picture's sum (Status.Asset) and Shows it makes the board's thumbnail
// itself, with the code the board used (assets.ScrollThumbnailAt). A
// board sends its own pixels only when asked (TypeScreenshotRequest),
// raw in a binary frame (EncodeBinary), never base64 inside JSON.
const (
	// TypeScreenshotRequest asks a board for a picture of its own
	// frame: controller → player, only to a player that announced 2.2.
	TypeScreenshotRequest = "screenshot_request"
	// TypeScreenshot is the answer, player → controller: the head of a
	// binary frame whose rest is the PNG.
	TypeScreenshot = "screenshot"
)

// Shows is which part of its picture a board shows.
type Shows struct {
	// Page is the page shown of an item set in pages (0 for the first,
	// and for any other item).
	Page int `json:"page,omitempty"`
	// Scroll tells the item is a scrolling strip; X is the column of the
	// board where the strip's left edge is, as the board's thumbnail
	// would take it: 0 (the strip's head at the left edge) when the item
	// comes up, then where the strip is, every few seconds.
	Scroll bool `json:"scroll,omitempty"`
	X      int  `json:"x,omitempty"`
}

// Limits of Shows: a page of at most playlists.MaxPages; a strip is
// never wider than maxShowsX (the renderer's strips are far narrower).
const maxShowsX = 1 << 20

// Validate checks Shows against its limits; nil Shows is valid.
func (s *Shows) Validate() error {
	switch {
	case s == nil:
		return nil
	case s.Page < 0 || s.Page >= playlists.MaxPages:
		return fmt.Errorf("trạng thái có số trang %d, phải từ 0 đến %d", s.Page, playlists.MaxPages-1)
	case s.X < -maxShowsX || s.X > maxShowsX:
		return fmt.Errorf("trạng thái có vị trí chữ chạy %d, phải trong khoảng ±%d", s.X, maxShowsX)
	case s.X != 0 && !s.Scroll:
		return fmt.Errorf("trạng thái có vị trí chữ chạy cho một mục không chạy chữ")
	}
	return nil
}

// ScreenshotRequest asks for a picture of the board's frame, answered
// by a Screenshot of the same ID. The controller has at most one request
// open per board; a screenshot it did not ask for is refused.
type ScreenshotRequest struct {
	ID int64 `json:"id"`
}

// Screenshot heads the picture a board sends of its own frame: a PNG of
// at most MaxScreenshotBytes, the frame shrunk as a thumbnail is (so the
// dashboard shows it in the thumbnail's place).
type Screenshot struct {
	ID int64 `json:"id"`
	// Asset is the picture the board draws, "" when it draws none.
	Asset string `json:"asset,omitempty"`
}

// MaxScreenshotBytes bounds a screenshot's PNG: a thumbnail's limit.
const MaxScreenshotBytes = MaxThumbnailBytes

// Validate checks a request.
func (r *ScreenshotRequest) Validate() error {
	if r.ID < 1 {
		return fmt.Errorf("yêu cầu chụp màn hình có mã %d, phải từ 1", r.ID)
	}
	return nil
}

// Validate checks a screenshot's head.
func (s *Screenshot) Validate() error {
	switch {
	case s.ID < 1:
		return fmt.Errorf("ảnh chụp màn hình có mã %d, phải từ 1", s.ID)
	case s.Asset != "" && !playlists.ValidHash(s.Asset):
		return fmt.Errorf("ảnh chụp màn hình có mã ảnh %.80q không phải sha256", s.Asset)
	}
	return nil
}

// NewScreenshotRequest and NewScreenshot build the envelopes.
func NewScreenshotRequest(id int64) Message {
	return Message{Type: TypeScreenshotRequest, V: Version, ScreenshotRequest: &ScreenshotRequest{ID: id}}
}

func NewScreenshot(s *Screenshot) Message {
	return Message{Type: TypeScreenshot, V: Version, Screenshot: s}
}

// A binary frame (a websocket binary message) carries raw bytes beside
// a message: binaryMagic, the head's length as a big-endian uint16, the
// head (a message's JSON, as in a text frame), then the raw bytes to the
// end of the frame. Only TypeScreenshot and TypeCare (2.6) travel so.
const (
	binaryMagic = "CDB1"
	// MaxBinaryHeadBytes bounds a binary frame's head.
	MaxBinaryHeadBytes = 4 << 10
	binaryHeadStart    = len(binaryMagic) + 2
)

// AppendBinary appends m and raw as one binary frame to dst.
func AppendBinary(dst []byte, m Message, raw []byte) ([]byte, error) {
	head, err := json.Marshal(m)
	if err != nil {
		return dst, err
	}
	if len(head) > MaxBinaryHeadBytes {
		return dst, fmt.Errorf("phần đầu khung nhị phân dài %d byte, tối đa %d", len(head), MaxBinaryHeadBytes)
	}
	dst = append(dst, binaryMagic...)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(head)))
	dst = append(dst, head...)
	return append(dst, raw...), nil
}

// DecodeBinary parses and checks a binary frame: its head as Decode
// does a text frame, and its raw bytes within the limit of the head's
// type. raw is a slice of frame, not a copy.
func DecodeBinary(frame []byte) (m Message, raw []byte, err error) {
	if len(frame) < binaryHeadStart || string(frame[:len(binaryMagic)]) != binaryMagic {
		return m, nil, fmt.Errorf("khung nhị phân không bắt đầu bằng %q", binaryMagic)
	}
	n := int(binary.BigEndian.Uint16(frame[len(binaryMagic):]))
	if n > MaxBinaryHeadBytes || binaryHeadStart+n > len(frame) {
		return m, nil, fmt.Errorf("khung nhị phân có phần đầu dài %d byte trong %d byte, tối đa %d", n, len(frame), MaxBinaryHeadBytes)
	}
	m, err = decode(frame[binaryHeadStart:binaryHeadStart+n], false, true)
	if err != nil {
		return m, nil, err
	}
	raw = frame[binaryHeadStart+n:]
	switch m.Type {
	case TypeScreenshot:
		if len(raw) > MaxScreenshotBytes {
			return m, nil, fmt.Errorf("ảnh chụp màn hình %d byte, tối đa %d", len(raw), MaxScreenshotBytes)
		}
	case TypeCare:
		if err := checkCareRaw(m.Care, raw); err != nil {
			return m, nil, err
		}
	default:
		return m, nil, fmt.Errorf("tin nhắn %q không được gửi trong khung nhị phân", m.Type)
	}
	return m, raw, nil
}
