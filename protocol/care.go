package protocol

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Level 2.6: remote care. A board kilometres from the office is looked
// after over its link: the controller asks (TypeCareRequest) and the
// board answers (TypeCare) in a binary frame (AppendBinary), whose raw
// part is the full-size screenshot or the log lines, and empty for the
// other actions. Only a board that announced 2.6 is asked: an older
// player takes an unknown type for an error and closes its link.
const (
	// TypeCareRequest asks a board for one care action, controller →
	// player.
	TypeCareRequest = "care_request"
	// TypeCare answers it, player → controller: the head of a binary
	// frame.
	TypeCare = "care"
)

// Care actions.
const (
	CareScreenshot  = "screenshot"  // the display's whole frame, PNG at the board's size
	CareLogs        = "logs"        // the player's last log lines, text
	CareRestart     = "restart"     // the player starts itself again
	CareCacheReset  = "cache_reset" // the cache drops its pictures and fetches them again
	CareDiagnostics = "diagnostics" // version, uptime, disk, memory, temperature, clock
)

// CareActions are the actions, in the order the docs list them.
var CareActions = []string{CareScreenshot, CareLogs, CareRestart, CareCacheReset, CareDiagnostics}

// Limits of care, checked by Decode and DecodeBinary. A screenshot is a
// PNG of the display buffer at the board's own size: a 1920×1080 photo
// compresses to 2-4 MB, so 8 MiB leaves room (the controller reads a
// binary frame up to this, a text frame still up to 2 MiB). Logs are the
// last MaxCareLogLines lines, each at most MaxCareLogLineBytes.
const (
	MaxCareScreenshotBytes = 8 << 20
	MaxCareLogLines        = 500
	MaxCareLogLineBytes    = 1 << 10
	// MaxCareLogBytes: every line full, each with its newline.
	MaxCareLogBytes      = MaxCareLogLines * (MaxCareLogLineBytes + 1)
	maxCareProblemRunes  = 300
	maxCareNameBytes     = 64 // version, OS, architecture
	maxCareSeconds       = 100 * 365 * 24 * 3600
	maxCareBytes         = 1 << 50 // a petabyte: no board has more disk or memory
	minCareMilliCelsius  = -60000
	maxCareMilliCelsius  = 200000
	maxCareClockOffsetMs = maxCareSeconds * 1000
)

// MaxCareFrameBytes bounds a whole care frame: head and the largest raw
// part.
const MaxCareFrameBytes = binaryHeadStart + MaxBinaryHeadBytes + MaxCareScreenshotBytes

// CareRequest asks a board for Action, answered by a Care of the same
// ID.
type CareRequest struct {
	ID     int64  `json:"id"`
	Action string `json:"action"`
}

// Care is a board's answer. Problem is a Vietnamese sentence when the
// action could not be done (no frame drawn yet, a restart refused by the
// system); the raw part is then empty. Diagnostics comes with that
// action only.
type Care struct {
	ID          int64        `json:"id"`
	Action      string       `json:"action"`
	Problem     string       `json:"problem,omitempty"`
	Diagnostics *Diagnostics `json:"diagnostics,omitempty"`
}

// Diagnostics is the state of a board's machine. A measure the system
// does not expose (no /proc/meminfo, no thermal zone) is absent.
type Diagnostics struct {
	Version       string `json:"version"`
	OS            string `json:"os"`
	Arch          string `json:"arch"`
	UptimeSeconds int64  `json:"uptime_seconds"`
	// DiskFreeBytes is what is free on the cache's file system.
	DiskFreeBytes *int64 `json:"disk_free_bytes,omitempty"`
	// GoMemoryBytes is what the player's Go runtime holds from the
	// system; MemAvailableBytes the machine's MemAvailable.
	GoMemoryBytes     int64  `json:"go_memory_bytes"`
	MemAvailableBytes *int64 `json:"mem_available_bytes,omitempty"`
	// TemperatureMilliC is the hottest thermal zone, in thousandths of
	// a degree Celsius, as Linux writes it.
	TemperatureMilliC *int64 `json:"temperature_millic,omitempty"`
	ClockOffsetMs     int64  `json:"clock_offset_ms"`
}

// KnownCareAction tells whether a is one of CareActions.
func KnownCareAction(a string) bool {
	for _, k := range CareActions {
		if a == k {
			return true
		}
	}
	return false
}

// Validate checks a request.
func (r *CareRequest) Validate() error {
	switch {
	case r.ID < 1:
		return fmt.Errorf("yêu cầu chăm sóc từ xa có mã %d, phải từ 1", r.ID)
	case !KnownCareAction(r.Action):
		return fmt.Errorf("yêu cầu chăm sóc từ xa có việc %.40q không xác định", r.Action)
	}
	return nil
}

// Validate checks an answer's head.
func (c *Care) Validate() error {
	switch {
	case c.ID < 1:
		return fmt.Errorf("trả lời chăm sóc từ xa có mã %d, phải từ 1", c.ID)
	case !KnownCareAction(c.Action):
		return fmt.Errorf("trả lời chăm sóc từ xa có việc %.40q không xác định", c.Action)
	case utf8.RuneCountInString(c.Problem) > maxCareProblemRunes:
		return fmt.Errorf("trả lời chăm sóc từ xa có mô tả sự cố dài %d ký tự, tối đa %d", utf8.RuneCountInString(c.Problem), maxCareProblemRunes)
	case c.Diagnostics != nil && c.Action != CareDiagnostics:
		return fmt.Errorf("trả lời chăm sóc từ xa %q mang số liệu chẩn đoán", c.Action)
	case c.Diagnostics == nil && c.Action == CareDiagnostics && c.Problem == "":
		return fmt.Errorf("trả lời chẩn đoán không có số liệu")
	}
	return c.Diagnostics.Validate()
}

// Validate checks diagnostics against their limits; nil is valid.
func (d *Diagnostics) Validate() error {
	between := func(p *int64, lo, hi int64) bool { return p == nil || *p >= lo && *p <= hi }
	switch {
	case d == nil:
		return nil
	case len(d.Version) > maxCareNameBytes || len(d.OS) > maxCareNameBytes || len(d.Arch) > maxCareNameBytes:
		return fmt.Errorf("chẩn đoán có phiên bản, hệ điều hành hay kiến trúc dài quá %d byte", maxCareNameBytes)
	case d.UptimeSeconds < 0 || d.UptimeSeconds > maxCareSeconds:
		return fmt.Errorf("chẩn đoán có thời gian chạy %d giây, phải từ 0 đến %d", d.UptimeSeconds, int64(maxCareSeconds))
	case !between(d.DiskFreeBytes, 0, maxCareBytes) || !between(d.MemAvailableBytes, 0, maxCareBytes) || d.GoMemoryBytes < 0 || d.GoMemoryBytes > maxCareBytes:
		return fmt.Errorf("chẩn đoán có dung lượng đĩa hay bộ nhớ ngoài khoảng 0 đến %d byte", int64(maxCareBytes))
	case !between(d.TemperatureMilliC, minCareMilliCelsius, maxCareMilliCelsius):
		return fmt.Errorf("chẩn đoán có nhiệt độ %d phần nghìn độ C, phải từ %d đến %d", *d.TemperatureMilliC, minCareMilliCelsius, maxCareMilliCelsius)
	case d.ClockOffsetMs < -maxCareClockOffsetMs || d.ClockOffsetMs > maxCareClockOffsetMs:
		return fmt.Errorf("chẩn đoán có độ lệch đồng hồ %d ms, tối đa ±%d", d.ClockOffsetMs, int64(maxCareClockOffsetMs))
	}
	return nil
}

// checkCareRaw checks the raw part of a care frame against its action.
func checkCareRaw(c *Care, raw []byte) error {
	if c.Problem != "" && len(raw) > 0 {
		return fmt.Errorf("trả lời chăm sóc từ xa báo sự cố mà vẫn mang %d byte", len(raw))
	}
	switch c.Action {
	case CareScreenshot:
		if len(raw) > MaxCareScreenshotBytes {
			return fmt.Errorf("ảnh chụp màn hình %d byte, tối đa %d", len(raw), MaxCareScreenshotBytes)
		}
	case CareLogs:
		return CheckLogLines(raw)
	default:
		if len(raw) > 0 {
			return fmt.Errorf("trả lời chăm sóc từ xa %q mang %d byte, không được mang gì", c.Action, len(raw))
		}
	}
	return nil
}

// CheckLogLines checks a board's log: UTF-8 text of at most
// MaxCareLogLines lines, each at most MaxCareLogLineBytes, every line
// ended by a newline.
func CheckLogLines(raw []byte) error {
	if len(raw) > MaxCareLogBytes {
		return fmt.Errorf("nhật ký máy phát %d byte, tối đa %d", len(raw), MaxCareLogBytes)
	}
	if !utf8.Valid(raw) {
		return fmt.Errorf("nhật ký máy phát không phải văn bản UTF-8")
	}
	if len(raw) > 0 && raw[len(raw)-1] != '\n' {
		return fmt.Errorf("nhật ký máy phát không kết thúc bằng dấu xuống dòng")
	}
	lines := 0
	for rest := raw; len(rest) > 0; lines++ {
		i := bytes.IndexByte(rest, '\n')
		if i > MaxCareLogLineBytes {
			return fmt.Errorf("nhật ký máy phát có dòng dài %d byte, tối đa %d", i, MaxCareLogLineBytes)
		}
		rest = rest[i+1:]
	}
	if lines > MaxCareLogLines {
		return fmt.Errorf("nhật ký máy phát có %d dòng, tối đa %d", lines, MaxCareLogLines)
	}
	return nil
}

// NewCareRequest and NewCare build the envelopes.
func NewCareRequest(id int64, action string) Message {
	return Message{Type: TypeCareRequest, V: Version, CareRequest: &CareRequest{ID: id, Action: action}}
}

func NewCare(c *Care) Message { return Message{Type: TypeCare, V: Version, Care: c} }
