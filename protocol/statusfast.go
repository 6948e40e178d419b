package protocol

import (
	"bytes"
	"fmt"
	"math"
	"time"
	"unicode/utf8"
)

// A status is most of what boards send, ten thousand after a switch,
// and the JSON decoder's reflection is most of what reading one costs
// (it scans the frame twice and allocates for its parse stack and every
// field). parseStatus reads a status in the form json.Marshal gives a
// player's (protocol 2.2: no thumbnail) directly. Anything it is not
// sure of, it leaves to the JSON decoder (ok is false): a string with
// an escape or not valid UTF-8, a number that is not a plain integer, a
// key it does not know or sees twice, a thumbnail, any other layout.
// FuzzDecodeFast holds it to reading every frame as the decoder does.

// statusPrefix starts a status exactly as json.Marshal writes one.
var statusPrefix = []byte(fmt.Sprintf(`{"type":%q,"v":%d,"status":{`, TypeStatus, Version))

// parseStatus reads frame as a status message, or gives up (ok false).
func parseStatus(frame []byte) (m Message, ok bool) {
	// A status that ends in a string ends in its thumbnail (json.Marshal
	// writes it last): a player before 2.2, for splitThumbnail.
	if !bytes.HasPrefix(frame, statusPrefix) || bytes.HasSuffix(bytes.TrimRight(frame, " \t\r\n"), []byte(`"}}`)) {
		return m, false
	}
	p := scan{data: frame, at: len(statusPrefix)}
	st := &Status{}
	var seen uint32
	for first := true; ; first = false {
		key, done, ok := p.member(first)
		if !ok {
			return m, false
		}
		if done {
			break
		}
		if !st.field(&p, key, &seen) {
			return m, false
		}
	}
	if !p.byte('}') || !p.end() {
		return m, false
	}
	return Message{Type: TypeStatus, V: Version, Status: st}, true
}

// field reads the value of one of a status's keys; seen marks the keys
// read, so a key twice (the decoder keeps the last) is given up.
func (st *Status) field(p *scan, key []byte, seen *uint32) bool {
	k, ok := statusKeys[string(key)]
	if !ok || *seen&(1<<k) != 0 {
		return false
	}
	*seen |= 1 << k
	switch k {
	case kRevision:
		return p.int64(&st.Revision)
	case kPlaylist:
		return p.string(&st.Playlist)
	case kItemID:
		return p.int64(&st.ItemID)
	case kTitle:
		return p.string(&st.Title)
	case kAsset:
		return p.string(&st.Asset)
	case kSince:
		return p.time(&st.Since)
	case kVersion:
		return p.string(&st.Version)
	case kProblem:
		return p.string(&st.Problem)
	case kDisplayProblem:
		return p.string(&st.DisplayProblem)
	case kBrightness:
		return p.int(&st.Brightness)
	case kDisplayWidth:
		return p.int(&st.DisplayWidth)
	case kDisplayHeight:
		return p.int(&st.DisplayHeight)
	case kCacheBytes:
		return p.int64(&st.CacheBytes)
	case kUptime:
		return p.int64(&st.UptimeSeconds)
	case kClockOffset:
		return p.int64(&st.ClockOffsetMs)
	case kShows:
		if !p.byte('{') {
			return false
		}
		sh := &Shows{}
		var shown uint32
		for first := true; ; first = false {
			key, done, ok := p.member(first)
			if !ok || !done && !sh.field(p, key, &shown) {
				return false
			}
			if done {
				st.Shows = sh
				return true
			}
		}
	}
	return false
}

func (sh *Shows) field(p *scan, key []byte, seen *uint32) bool {
	var k uint32
	switch string(key) {
	case "page":
		k = 1
	case "scroll":
		k = 2
	case "x":
		k = 4
	default:
		return false
	}
	if *seen&k != 0 {
		return false
	}
	*seen |= k
	switch k {
	case 1:
		return p.int(&sh.Page)
	case 2:
		return p.bool(&sh.Scroll)
	}
	return p.int(&sh.X)
}

const (
	kRevision = iota
	kPlaylist
	kItemID
	kTitle
	kAsset
	kSince
	kVersion
	kProblem
	kDisplayProblem
	kBrightness
	kDisplayWidth
	kDisplayHeight
	kCacheBytes
	kUptime
	kClockOffset
	kShows
)

// statusKeys are the keys parseStatus reads, as json.Marshal names them.
var statusKeys = map[string]uint32{
	"revision": kRevision, "playlist": kPlaylist, "item_id": kItemID, "title": kTitle, "asset": kAsset,
	"since": kSince, "version": kVersion, "problem": kProblem, "display_problem": kDisplayProblem,
	"brightness": kBrightness, "display_width": kDisplayWidth, "display_height": kDisplayHeight,
	"cache_bytes": kCacheBytes, "uptime_seconds": kUptime, "clock_offset_ms": kClockOffset, "shows": kShows,
}

// scan reads JSON as json.Marshal writes it: no spaces, no escapes.
type scan struct {
	data []byte
	at   int
}

func (p *scan) byte(c byte) bool {
	if p.at < len(p.data) && p.data[p.at] == c {
		p.at++
		return true
	}
	return false
}

// end: nothing but the newline WriteJSON adds, or white space, follows.
func (p *scan) end() bool {
	for _, c := range p.data[p.at:] {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// member reads the next member's key of an object whose '{' is read,
// and its ':'; done is true at the object's '}'.
func (p *scan) member(first bool) (key []byte, done, ok bool) {
	if p.byte('}') {
		return nil, true, true
	}
	if !first && !p.byte(',') {
		return nil, false, false
	}
	key, ok = p.raw()
	if !ok || !p.byte(':') {
		return nil, false, false
	}
	return key, false, true
}

// raw reads a string with no escape and no control character, valid
// UTF-8, and gives its bytes.
func (p *scan) raw() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.at
	for p.at < len(p.data) {
		c := p.data[p.at]
		switch {
		case c == '"':
			s := p.data[start:p.at]
			p.at++
			return s, utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		}
		p.at++
	}
	return nil, false
}

func (p *scan) string(dst *string) bool {
	s, ok := p.raw()
	if ok {
		*dst = string(s)
	}
	return ok
}

func (p *scan) time(dst *time.Time) bool {
	start := p.at
	if _, ok := p.raw(); !ok {
		return false
	}
	return dst.UnmarshalJSON(p.data[start:p.at]) == nil
}

func (p *scan) bool(dst *bool) bool {
	switch {
	case bytes.HasPrefix(p.data[p.at:], []byte("true")):
		*dst, p.at = true, p.at+4
	case bytes.HasPrefix(p.data[p.at:], []byte("false")):
		*dst, p.at = false, p.at+5
	default:
		return false
	}
	return true
}

// int64 reads an integer as JSON writes one: an optional minus, no
// leading zero, no fraction or exponent, within int64.
func (p *scan) int64(dst *int64) bool {
	neg := p.byte('-')
	start := p.at
	var n uint64
	for p.at < len(p.data) && p.data[p.at] >= '0' && p.data[p.at] <= '9' {
		if n > (math.MaxUint64-9)/10 {
			return false
		}
		n = n*10 + uint64(p.data[p.at]-'0')
		p.at++
	}
	digits := p.at - start
	if digits == 0 || (digits > 1 && p.data[start] == '0') {
		return false
	}
	if p.at < len(p.data) && (p.data[p.at] == '.' || p.data[p.at] == 'e' || p.data[p.at] == 'E') {
		return false
	}
	switch {
	case !neg && n <= math.MaxInt64:
		*dst = int64(n)
	case neg && n <= math.MaxInt64+1:
		*dst = int64(-n)
	default:
		return false
	}
	return true
}

func (p *scan) int(dst *int) bool {
	var n int64
	if !p.int64(&n) || n < math.MinInt || n > math.MaxInt {
		return false
	}
	*dst = int(n)
	return true
}

// playsPrefix starts a plays message exactly as json.Marshal writes one.
var playsPrefix = []byte(fmt.Sprintf(`{"type":%q,"v":%d,"plays":{"records":[`, TypePlays, Version))

// parsePlays reads frame as a plays message as json.Marshal writes a
// player's, or gives up (ok false) on anything parseStatus would: every
// board sends one after a switch, for the play the switch ended. At most
// MaxPlaysPerMessage+1 records are read: more is refused by decode
// either way, and the decoder says so.
func parsePlays(frame []byte) (m Message, ok bool) {
	if !bytes.HasPrefix(frame, playsPrefix) {
		return m, false
	}
	p := scan{data: frame, at: len(playsPrefix)}
	var recs []Play
	if !p.byte(']') {
		for {
			if len(recs) > MaxPlaysPerMessage || !p.byte('{') {
				return m, false
			}
			var r Play
			var seen uint32
			for first := true; ; first = false {
				key, done, ok := p.member(first)
				if !ok || !done && !r.field(&p, key, &seen) {
					return m, false
				}
				if done {
					break
				}
			}
			recs = append(recs, r)
			if p.byte(']') {
				break
			}
			if !p.byte(',') {
				return m, false
			}
		}
	}
	if !p.byte('}') || !p.byte('}') || !p.end() {
		return m, false
	}
	if recs == nil {
		recs = []Play{} // the decoder gives an empty slice for []
	}
	return Message{Type: TypePlays, V: Version, Plays: &Plays{Records: recs}}, true
}

func (r *Play) field(p *scan, key []byte, seen *uint32) bool {
	var k uint32
	switch string(key) {
	case "id":
		k = 1
	case "playlist":
		k = 2
	case "item_id":
		k = 4
	case "slogan_id":
		k = 8
	case "title":
		k = 16
	case "asset":
		k = 32
	case "start":
		k = 64
	case "seconds":
		k = 128
	default:
		return false
	}
	if *seen&k != 0 {
		return false
	}
	*seen |= k
	switch k {
	case 1:
		return p.int64(&r.ID)
	case 2:
		return p.string(&r.Playlist)
	case 4:
		return p.int64(&r.ItemID)
	case 8:
		return p.int64(&r.SloganID)
	case 16:
		return p.string(&r.Title)
	case 32:
		return p.string(&r.Asset)
	case 64:
		return p.time(&r.Start)
	}
	return p.int(&r.Seconds)
}
