package protocol

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TypeTampered is a board telling the controller it refused manifests
// that did not pass its checks: someone on the line alters, re-signs or
// replays what the controller sends. Player → controller, only to a
// controller that announced Level 2.1 or later in its handshake answer
// (LevelHeader): an older one refuses an unknown type.
const TypeTampered = "tampered"

// Level is the protocol's feature level within Version: 2.1 adds
// TypeTampered; 2.2 adds Status.Shows in place of the thumbnail, the
// screenshot request and the binary frame that answers it (shows.go);
// 2.3 lets a board send several messages in one text frame (batch.go);
// 2.4 lets a board keep its plays for its periodic report (report.go);
// 2.5 ranks a slot made mandatory by a unit above first (a manifest's
// "above", playlists.Slot); 2.6 adds remote care, the care request and
// the binary frame that answers it (care.go).
// Frames still carry "v": Version, so an older peer of
// the same Version talks to a newer one as before; a feature of a later
// level is used only with a peer that announced it.
const Level = "2.6"

// LevelHeader carries Level: in the player's connect request, and in
// the controller's answer to it.
const LevelHeader = "Codong-Protocol"

// Speaks tells whether a peer that announced level (the header's value,
// "" for none) knows the features of want.
func Speaks(level, want string) bool {
	major, minor, ok := parseLevel(level)
	wmajor, wminor, _ := parseLevel(want)
	return ok && (major > wmajor || major == wmajor && minor >= wminor)
}

func parseLevel(s string) (major, minor int, ok bool) {
	a, b, found := strings.Cut(strings.TrimSpace(s), ".")
	if !found || len(s) > 16 {
		return 0, 0, false
	}
	var err1, err2 error
	major, err1 = strconv.Atoi(a)
	minor, err2 = strconv.Atoi(b)
	return major, minor, err1 == nil && err2 == nil && major >= 0 && minor >= 0
}

// Tampered sums the manifests a board refused since it last told a
// controller: how many, when, the latest reason, and through which
// controller address they came.
type Tampered struct {
	Count  int       `json:"count"`
	First  time.Time `json:"first"`
	Last   time.Time `json:"last"`
	Reason string    `json:"reason"`
	Via    string    `json:"via"`
}

// Limits of a tampered report, checked by Decode: it goes to the
// controller's log, the dashboard and the audit log. A frame of this
// type is at most MaxTamperedFrameBytes, which every report within the
// field limits fits even with every character escaped.
const (
	MaxTamperedFrameBytes  = 4 << 10
	MaxTamperedReasonRunes = 300
	MaxTamperedViaBytes    = 256
	// MaxTamperedCount: a board refuses at most one manifest per link,
	// and links follow a backoff of seconds; a million is years of it.
	MaxTamperedCount = 1 << 20
)

// Validate checks a report against its limits.
func (t *Tampered) Validate() error {
	switch {
	case t.Count < 1 || t.Count > MaxTamperedCount:
		return fmt.Errorf("báo bản kê bị sửa có số lần %d, phải từ 1 đến %d", t.Count, MaxTamperedCount)
	case t.Last.Before(t.First):
		return fmt.Errorf("báo bản kê bị sửa có lần cuối trước lần đầu")
	case utf8.RuneCountInString(t.Reason) > MaxTamperedReasonRunes:
		return fmt.Errorf("báo bản kê bị sửa có lý do dài %d ký tự, tối đa %d", utf8.RuneCountInString(t.Reason), MaxTamperedReasonRunes)
	case len(t.Via) > MaxTamperedViaBytes:
		return fmt.Errorf("báo bản kê bị sửa có địa chỉ dài %d byte, tối đa %d", len(t.Via), MaxTamperedViaBytes)
	}
	return nil
}

// NewTampered builds a tampered report's envelope.
func NewTampered(t *Tampered) Message { return Message{Type: TypeTampered, V: Version, Tampered: t} }
