package protocol

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// A screenshot travels raw beside its head in a binary frame; the same
// head in a text frame, a frame of another type, a head or picture over
// its limit, and a frame that is not ours are refused.
func TestBinaryFrame(t *testing.T) {
	png := bytes.Repeat([]byte{0x89}, 1000)
	shot := NewScreenshot(&Screenshot{ID: 3, Asset: strings.Repeat("ab", 32)})
	fr, err := AppendBinary(nil, shot, png)
	if err != nil {
		t.Fatal(err)
	}
	if over := len(fr) - len(png); over > 200 {
		t.Fatalf("binary frame adds %d bytes to its picture", over)
	}
	m, raw, err := DecodeBinary(fr)
	if err != nil || m.Screenshot.ID != 3 || !bytes.Equal(raw, png) {
		t.Fatalf("DecodeBinary: %+v, %d bytes, %v", m, len(raw), err)
	}
	text, _ := json.Marshal(shot)
	big, _ := AppendBinary(nil, shot, make([]byte, MaxScreenshotBytes+1))
	ack, _ := AppendBinary(nil, NewAck(3), nil)
	noID, _ := AppendBinary(nil, NewScreenshot(&Screenshot{}), png)
	long := append([]byte("CDB1\x10\x01"), make([]byte, 5000)...)
	for name, data := range map[string][]byte{"ack": ack, "over the limit": big, "no id": noID, "head too long": long, "not ours": []byte("GIF89a"), "cut": fr[:5]} {
		if _, _, err := DecodeBinary(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Decode(text); err == nil {
		t.Errorf("a screenshot in a text frame was accepted")
	}
}

func TestShowsLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    *Shows
		ok   bool
	}{
		{"none", nil, true},
		{"still", &Shows{}, true},
		{"page", &Shows{Page: 15}, true},
		{"strip", &Shows{Scroll: true, X: -5000}, true},
		{"page past the last", &Shows{Page: 16}, false},
		{"negative page", &Shows{Page: -1}, false},
		{"strip far away", &Shows{Scroll: true, X: 1 << 21}, false},
		{"position of a still", &Shows{X: 10}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := (&Status{Shows: tc.s}).Validate(); (err == nil) != tc.ok {
				t.Fatalf("Validate: %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

// The controller reads ten thousand acks after a switch, on the links'
// read pumps: reading one allocates nothing.
func TestParseAckAllocatesNothing(t *testing.T) {
	frame, _ := json.Marshal(NewAck(1234567))
	if n := testing.AllocsPerRun(100, func() {
		if rev, ok := ParseAck(frame); !ok || rev != 1234567 {
			t.Fatalf("ParseAck(%s) = %d, %v", frame, rev, ok)
		}
	}); n != 0 {
		t.Fatalf("ParseAck allocates %v times per ack", n)
	}
}

// AppendPlaysAck writes what json.Marshal writes, which Decode reads.
func TestAppendPlaysAck(t *testing.T) {
	for _, upTo := range []int64{0, 7, -3, 1764102430483109000, math.MaxInt64, math.MinInt64} {
		want, _ := json.Marshal(NewPlaysAck(upTo))
		got := AppendPlaysAck([]byte("x"), upTo)[1:]
		if !bytes.Equal(got, want) {
			t.Fatalf("AppendPlaysAck(%d) = %s, want %s", upTo, got, want)
		}
		if len(got) > 72 {
			t.Fatalf("a plays_ack of %d bytes", len(got))
		}
		if m, err := Decode(got); err != nil || m.PlaysAck.UpTo != upTo {
			t.Fatalf("Decode(%s): %+v, %v", got, m, err)
		}
	}
}

// A player's status, as json.Marshal writes it, is read without the JSON
// decoder, at the cost of the strings and structs it gives and little
// more.
func TestStatusReadWithoutTheDecoder(t *testing.T) {
	at := time.Date(2026, 12, 7, 8, 0, 0, 123456789, time.UTC)
	st := &Status{Revision: 12, Playlist: "congress-success", ItemID: 3, Title: "Mừng Đại hội thành công tốt đẹp", Asset: strings.Repeat("ab", 32),
		Since: at, Version: "1.4.0", Brightness: 100, DisplayWidth: 384, DisplayHeight: 128, CacheBytes: 1 << 20, UptimeSeconds: 3600, ClockOffsetMs: 3,
		Shows: &Shows{Page: 1}}
	frame, _ := json.Marshal(NewStatus(st))
	m, ok := parseStatus(frame)
	if !ok || !reflect.DeepEqual(m.Status, st) {
		t.Fatalf("parseStatus(%s): %+v, %v", frame, m.Status, ok)
	}
	n := testing.AllocsPerRun(100, func() {
		if _, err := Decode(frame); err != nil {
			t.Fatal(err)
		}
	})
	// The status, its Shows, and its four strings.
	if n > 6 {
		t.Fatalf("Decode allocates %v times per status", n)
	}
}

// A player's plays message is read without the JSON decoder too.
func TestPlaysReadWithoutTheDecoder(t *testing.T) {
	at := time.Date(2026, 12, 7, 8, 0, 0, 123456789, time.UTC)
	recs := []Play{{ID: at.UnixNano(), Playlist: "default", ItemID: 1, SloganID: 4, Title: "Mừng Đảng, mừng Xuân", Asset: strings.Repeat("cd", 32), Start: at, Seconds: 10}}
	frame, _ := json.Marshal(NewPlays(recs))
	m, ok := parsePlays(frame)
	if !ok || !reflect.DeepEqual(m.Plays.Records, recs) {
		t.Fatalf("parsePlays(%s): %+v, %v", frame, m.Plays, ok)
	}
	// The message, its records, and their three strings.
	if n := testing.AllocsPerRun(100, func() { Decode(frame) }); n > 5 {
		t.Fatalf("Decode allocates %v times per plays message", n)
	}
}
