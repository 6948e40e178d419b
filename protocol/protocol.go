// Package protocol defines every message that crosses the websocket
// between the controller and a player. It is the one definition both
// sides import; docs/protocol.md describes it for people.
package protocol

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"codong/playlists"
)

// Version is the protocol version. A peer that receives a message of
// another version answers with an error message and closes the link.
const Version = 2

// Paths on the controller, relative to its base URL.
const (
	ConnectPath = "/api/v1/player/connect"
	AssetPath   = "/api/v1/player/assets/" // + sha256
)

// MaxMessageBytes bounds a single frame in either direction. A manifest
// carries every playlist (about 1 KB an item), so this allows thousands
// of items; the controller refuses to send a larger one.
const MaxMessageBytes = 8 << 20

// Message types.
const (
	TypeManifest = "manifest" // controller → player: the board's whole desired state
	TypeStatus   = "status"   // player → controller: what the board shows now
	TypeAck      = "ack"      // player → controller: a manifest revision is applied
	TypeError    = "error"    // either way: a message was refused
	TypePlays    = "plays"    // player → controller: records of what was shown
	TypePlaysAck = "plays_ack"
)

// Message is the envelope of every frame. Exactly one payload field is
// set, the one named by Type.
type Message struct {
	Type     string          `json:"type"`
	V        int             `json:"v"`
	Manifest *SignedManifest `json:"manifest,omitempty"`
	Status   *Status         `json:"status,omitempty"`
	Ack      *Ack            `json:"ack,omitempty"`
	Error    *Error          `json:"error,omitempty"`
	Plays    *Plays          `json:"plays,omitempty"`
	PlaysAck *PlaysAck       `json:"plays_ack,omitempty"`
	Tampered *Tampered       `json:"tampered,omitempty"`
	// Level 2.2 (shows.go).
	ScreenshotRequest *ScreenshotRequest `json:"screenshot_request,omitempty"`
	Screenshot        *Screenshot        `json:"screenshot,omitempty"`
	// Level 2.6 (care.go).
	CareRequest *CareRequest `json:"care_request,omitempty"`
	Care        *Care        `json:"care,omitempty"`
}

// Status is what a player reports about itself.
type Status struct {
	Revision int64     `json:"revision"`
	Playlist string    `json:"playlist"`
	ItemID   int64     `json:"item_id"`
	Title    string    `json:"title"`
	Asset    string    `json:"asset"`
	Since    time.Time `json:"since"`
	Version  string    `json:"version,omitempty"`
	// Problem is a Vietnamese sentence when the player cannot show what it
	// was asked to (e.g. an asset failed verification); empty otherwise.
	Problem string `json:"problem,omitempty"`
	// DisplayProblem is a Vietnamese sentence when nothing draws the
	// board's frames, though the player runs (a kiosk page open in no
	// browser); empty while they are drawn. A player that predates it
	// sends none, and is taken at its word.
	DisplayProblem string `json:"display_problem,omitempty"`
	// The board itself.
	Brightness    int   `json:"brightness"`
	DisplayWidth  int   `json:"display_width,omitempty"`
	DisplayHeight int   `json:"display_height,omitempty"`
	CacheBytes    int64 `json:"cache_bytes"`
	// DiskFreeBytes is what is free on the cache's file system (absent
	// where the player cannot tell, and from older players): the
	// controller alerts when a board runs low. Older controllers ignore it.
	DiskFreeBytes *int64 `json:"disk_free_bytes,omitempty"`
	UptimeSeconds int64  `json:"uptime_seconds"`
	ClockOffsetMs int64  `json:"clock_offset_ms"`
	// Shows says which part of Asset the board shows, for a controller
	// that makes the board's thumbnail itself of its own rendition
	// (level 2.2): set, maybe empty, in every status of a player of 2.2
	// to a controller of 2.2, which so knows the player takes a
	// screenshot request. Nil from older players.
	Shows *Shows `json:"shows,omitempty"`
	// Thumbnail is a small PNG of the frame on the board, sent when the
	// frame changes and when a link starts, not with every report, by a
	// player before 2.2 or to a controller before 2.2 (which cannot make
	// it).
	Thumbnail []byte `json:"thumbnail,omitempty"`
}

// Limits of a status, checked by Decode: a board's report is kept in
// the controller's memory and database, so none of it may be unbounded.
const (
	// MaxDiskBytes bounds a board's reported free space (1 PiB).
	MaxDiskBytes        = 1 << 50
	MaxThumbnailBytes   = 64 << 10
	maxStatusNameBytes  = 64   // playlist slug, player version
	maxStatusProblemRun = 1000 // a sentence, maybe with an error's text
)

// Validate checks a status against its limits.
func (s *Status) Validate() error {
	switch {
	case len(s.Playlist) > maxStatusNameBytes:
		return fmt.Errorf("trạng thái có mã danh sách phát dài %d byte, tối đa %d", len(s.Playlist), maxStatusNameBytes)
	case len(s.Version) > maxStatusNameBytes:
		return fmt.Errorf("trạng thái có phiên bản dài %d byte, tối đa %d", len(s.Version), maxStatusNameBytes)
	case utf8.RuneCountInString(s.Title) > playlists.MaxTitleRunes:
		return fmt.Errorf("trạng thái có tiêu đề dài %d ký tự, tối đa %d", utf8.RuneCountInString(s.Title), playlists.MaxTitleRunes)
	case utf8.RuneCountInString(s.Problem) > maxStatusProblemRun:
		return fmt.Errorf("trạng thái có mô tả sự cố dài %d ký tự, tối đa %d", utf8.RuneCountInString(s.Problem), maxStatusProblemRun)
	case utf8.RuneCountInString(s.DisplayProblem) > maxStatusProblemRun:
		return fmt.Errorf("trạng thái có mô tả sự cố hiển thị dài %d ký tự, tối đa %d", utf8.RuneCountInString(s.DisplayProblem), maxStatusProblemRun)
	case s.Asset != "" && !playlists.ValidHash(s.Asset):
		return fmt.Errorf("trạng thái có mã ảnh %.80q không phải sha256", s.Asset)
	case len(s.Thumbnail) > MaxThumbnailBytes:
		return fmt.Errorf("ảnh thu nhỏ %d byte, tối đa %d", len(s.Thumbnail), MaxThumbnailBytes)
	case s.DiskFreeBytes != nil && (*s.DiskFreeBytes < 0 || *s.DiskFreeBytes > MaxDiskBytes):
		return fmt.Errorf("trạng thái báo dung lượng trống %d byte, phải từ 0 tới %d", *s.DiskFreeBytes, int64(MaxDiskBytes))
	}
	return s.Shows.Validate()
}

// Play records that an item was shown: proof of play for reports. ID is
// unique per board (the start time in nanoseconds); the controller keeps
// each ID once, so records sent twice count once.
type Play struct {
	ID       int64     `json:"id"`
	Playlist string    `json:"playlist"`
	ItemID   int64     `json:"item_id"`
	SloganID int64     `json:"slogan_id"`
	Title    string    `json:"title"`
	Asset    string    `json:"asset"`
	Start    time.Time `json:"start"`
	Seconds  int       `json:"seconds"`
}

// Plays carries records the controller has not confirmed yet.
type Plays struct {
	Records []Play `json:"records"`
}

// MaxPlaysPerMessage bounds one plays message.
const MaxPlaysPerMessage = 500

// PlaysAck confirms every record with an ID up to and including UpTo:
// the player may forget them.
type PlaysAck struct {
	UpTo int64 `json:"up_to"`
}

// Ack acknowledges that every asset of a revision is on the player's disk,
// verified, and that the player plays from that revision.
type Ack struct {
	Revision int64 `json:"revision"`
}

// Error is a refusal, with a stable code and a Vietnamese message.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// NewManifest, NewStatus, NewAck and NewError build versioned envelopes.
func NewManifest(m *SignedManifest) Message {
	return Message{Type: TypeManifest, V: Version, Manifest: m}
}

func NewStatus(s *Status) Message { return Message{Type: TypeStatus, V: Version, Status: s} }

func NewAck(rev int64) Message { return Message{Type: TypeAck, V: Version, Ack: &Ack{Revision: rev}} }

func NewPlays(records []Play) Message {
	return Message{Type: TypePlays, V: Version, Plays: &Plays{Records: records}}
}

func NewPlaysAck(upTo int64) Message {
	return Message{Type: TypePlaysAck, V: Version, PlaysAck: &PlaysAck{UpTo: upTo}}
}

func NewError(code, msg string) Message {
	return Message{Type: TypeError, V: Version, Error: &Error{Code: code, Message: msg}}
}

// Decode parses and checks one frame: the version matches, the payload
// named by Type is present and within its limits, and no other payload
// is (it would go unchecked). Data after the JSON object is refused;
// unknown fields are ignored, so a newer peer may add some.
func Decode(data []byte) (Message, error) { return decode(data, true, false) }

// decode is Decode; fast tells whether a status may be read without the
// JSON decoder (parseStatus), or its thumbnail taken out before the
// decoder sees the frame (tests compare both ways);
// binary, whether data is the head of a binary frame (DecodeBinary).
func decode(data []byte, fast, binary bool) (Message, error) {
	var m Message
	if len(data) > MaxMessageBytes {
		return m, fmt.Errorf("tin nhắn quá lớn: %d byte", len(data))
	}
	parsed := false
	if fast {
		if m, parsed = parseStatus(data); !parsed {
			m, parsed = parsePlays(data)
		}
	}
	if !parsed {
		rest, thumb, split := data, []byte(nil), false
		if fast {
			rest, thumb, split = splitThumbnail(data)
		}
		// Its own variable, so the fast path's m stays off the heap.
		var jm Message
		err := json.Unmarshal(rest, &jm)
		m = jm
		if err != nil {
			return m, fmt.Errorf("tin nhắn không phải JSON hợp lệ%s", jsonProblem(err))
		}
		if split && m.Status != nil {
			m.Status.Thumbnail = thumb
		}
	}
	if m.V != Version {
		return m, fmt.Errorf("phiên bản giao thức %d không được hỗ trợ (cần %d)", m.V, Version)
	}
	var present bool
	switch m.Type {
	case TypeManifest:
		present = m.Manifest != nil
	case TypeStatus:
		if m.Status != nil {
			if err := m.Status.Validate(); err != nil {
				return m, err
			}
		}
		present = m.Status != nil
	case TypeAck:
		present = m.Ack != nil
	case TypeError:
		present = m.Error != nil
	case TypePlays:
		if m.Plays != nil && len(m.Plays.Records) > MaxPlaysPerMessage {
			return m, fmt.Errorf("tin nhắn plays có %d bản ghi, tối đa %d", len(m.Plays.Records), MaxPlaysPerMessage)
		}
		present = m.Plays != nil
	case TypePlaysAck:
		present = m.PlaysAck != nil
	case TypeScreenshotRequest:
		if m.ScreenshotRequest != nil {
			if err := m.ScreenshotRequest.Validate(); err != nil {
				return m, err
			}
		}
		present = m.ScreenshotRequest != nil
	case TypeScreenshot:
		// Its picture travels beside it, raw: only in a binary frame.
		if !binary {
			return m, fmt.Errorf("tin nhắn %q chỉ được gửi trong khung nhị phân", m.Type)
		}
		if m.Screenshot != nil {
			if err := m.Screenshot.Validate(); err != nil {
				return m, err
			}
		}
		present = m.Screenshot != nil
	case TypeCareRequest:
		if m.CareRequest != nil {
			if err := m.CareRequest.Validate(); err != nil {
				return m, err
			}
		}
		present = m.CareRequest != nil
	case TypeCare:
		// Its screenshot or log travels beside it, raw: only in a
		// binary frame.
		if !binary {
			return m, fmt.Errorf("tin nhắn %q chỉ được gửi trong khung nhị phân", m.Type)
		}
		if m.Care != nil {
			if err := m.Care.Validate(); err != nil {
				return m, err
			}
		}
		present = m.Care != nil
	case TypeTampered:
		if len(data) > MaxTamperedFrameBytes {
			return m, fmt.Errorf("tin nhắn %q dài %d byte, tối đa %d", m.Type, len(data), MaxTamperedFrameBytes)
		}
		if m.Tampered != nil {
			if err := m.Tampered.Validate(); err != nil {
				return m, err
			}
		}
		present = m.Tampered != nil
	default:
		return m, fmt.Errorf("loại tin nhắn %q không xác định", m.Type)
	}
	if !present {
		return m, fmt.Errorf("tin nhắn %q thiếu nội dung", m.Type)
	}
	if m.payloads() > 1 {
		return m, fmt.Errorf("tin nhắn %q mang thêm nội dung của loại khác", m.Type)
	}
	return m, nil
}

// payloads counts the payload fields set.
func (m *Message) payloads() int {
	n := 0
	for _, set := range []bool{m.Manifest != nil, m.Status != nil, m.Ack != nil, m.Error != nil, m.Plays != nil, m.PlaysAck != nil, m.Tampered != nil,
		m.ScreenshotRequest != nil, m.Screenshot != nil, m.CareRequest != nil, m.Care != nil} {
		if set {
			n++
		}
	}
	return n
}

// ackPrefix starts an ack exactly as NewAck encodes it.
var ackPrefix = []byte(fmt.Sprintf(`{"type":%q,"v":%d,"ack":{"revision":`, TypeAck, Version))

// ParseAck reads an ack in the exact form json.Marshal(NewAck(r))
// gives, without the reflection of Decode, and without allocating: the
// controller reads ten thousand of them after a switch. Any other form
// is not recognised (ok is false) and goes through Decode.
func ParseAck(data []byte) (revision int64, ok bool) {
	// The newline is the one json.Encoder (and so gorilla's WriteJSON,
	// which players send with) writes after every value.
	data = bytes.TrimSuffix(data, []byte("\n"))
	if len(data) > 64 || !bytes.HasPrefix(data, ackPrefix) || !bytes.HasSuffix(data, []byte("}}")) {
		return 0, false
	}
	digits := data[len(ackPrefix) : len(data)-2]
	if len(digits) == 0 || len(digits) > 19 || (digits[0] == '0' && len(digits) > 1) {
		return 0, false // JSON has no leading zeros; int64 has at most 19 digits
	}
	var rev uint64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		rev = rev*10 + uint64(c-'0')
	}
	if rev > math.MaxInt64 {
		return 0, false
	}
	return int64(rev), true
}

// playsAckPrefix starts a plays_ack exactly as json.Marshal writes
// NewPlaysAck.
var playsAckPrefix = fmt.Sprintf(`{"type":%q,"v":%d,"plays_ack":{"up_to":`, TypePlaysAck, Version)

// AppendPlaysAck appends json.Marshal(NewPlaysAck(upTo)) to dst without
// the reflection of the JSON encoder: the controller confirms the plays
// of thousands of boards after a switch, in one buffer.
func AppendPlaysAck(dst []byte, upTo int64) []byte {
	dst = append(dst, playsAckPrefix...)
	dst = strconv.AppendInt(dst, upTo, 10)
	return append(dst, "}}"...)
}

// thumbnailKey is how json.Marshal writes a status's thumbnail, its last
// field.
const thumbnailKey = `,"thumbnail":"`

// splitThumbnail takes a status's thumbnail out of the frame, decoded,
// when it is where json.Marshal puts it: the last field. A thumbnail is
// most of a status's bytes, and the JSON decoder scans a long string
// byte by byte, twice; base64 alone is many times faster. Any other form
// is left whole to the JSON decoder (split is false), which then reads
// the same.
func splitThumbnail(frame []byte) (rest, thumb []byte, split bool) {
	// WriteJSON (json.Encoder) ends a frame with a newline.
	data := bytes.TrimRight(frame, " \t\r\n")
	if !bytes.HasPrefix(data, []byte(`{"type":"status",`)) || !bytes.HasSuffix(data, []byte(`"}}`)) {
		return frame, nil, false
	}
	// Quotes inside JSON strings are escaped, so this is the key itself;
	// base64 refuses any quote or backslash, so the text is one JSON
	// string that ends the frame.
	i := bytes.Index(data, []byte(thumbnailKey))
	if i < 0 || i+len(thumbnailKey) > len(data)-len(`"}}`) || !inStatus(data[:i]) {
		return frame, nil, false
	}
	text := data[i+len(thumbnailKey) : len(data)-len(`"}}`)]
	if bytes.ContainsAny(text, "\r\n") {
		// base64 skips line breaks, which a JSON string cannot hold.
		return frame, nil, false
	}
	thumb, err := base64.StdEncoding.AppendDecode(nil, text)
	if err != nil {
		return frame, nil, false
	}
	rest = make([]byte, 0, i+2)
	return append(append(rest, data[:i]...), "}}"...), thumb, true
}

// inStatus reports whether head (a frame up to some point) ends inside
// the "status" object, with no object opened or closed in it since: the
// key that follows is then the status's own.
func inStatus(head []byte) bool {
	start := bytes.Index(head, []byte(`,"status":{`))
	if start < 0 {
		return false
	}
	inString, escaped := false, false
	for _, c := range head[start+len(`,"status":{`):] {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == '{' || c == '}' || c == '[' || c == ']'):
			return false
		}
	}
	return !inString
}

// jsonProblem says where a JSON document went wrong, in words people
// read (encoding/json's own messages are English).
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf(" (sai cú pháp ở byte %d)", syntax.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf(" (trường “%.64s” sai kiểu dữ liệu)", typ.Field)
	}
	return ""
}
