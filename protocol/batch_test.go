package protocol

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Players write with json.Encoder (gorilla's WriteJSON), which ends
// every frame with a newline: the controller's fast read of an ack
// must take that form, not only json.Marshal's.
func TestParseAckTakesTheEncodersNewline(t *testing.T) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(NewAck(1795874135811730)); err != nil {
		t.Fatal(err)
	}
	rev, ok := ParseAck(buf.Bytes())
	if !ok || rev != 1795874135811730 {
		t.Fatalf("ParseAck(%q) = %d, %v", buf.Bytes(), rev, ok)
	}
	if _, ok := ParseAck(append(buf.Bytes(), '\n')); ok {
		t.Fatal("ParseAck takes two newlines")
	}
}

func TestBatchCarriesAckStatusAndPlaysInOrder(t *testing.T) {
	at := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	frame, err := AppendBatch(nil, NewAck(9), NewStatus(&Status{Revision: 9, Playlist: "mac-dinh", ItemID: 2, Since: at, Shows: &Shows{}}),
		NewPlays([]Play{{ID: at.UnixNano(), Playlist: "mac-dinh", ItemID: 1, Start: at, Seconds: 10}}))
	if err != nil {
		t.Fatal(err)
	}
	lines, err := BatchLines(frame, nil)
	if err != nil || len(lines) != 3 {
		t.Fatalf("BatchLines: %d lines, %v", len(lines), err)
	}
	if rev, ok := ParseAck(lines[0]); !ok || rev != 9 {
		t.Fatalf("first line %q is not the ack", lines[0])
	}
	for i, want := range []string{TypeStatus, TypePlays} {
		m, err := Decode(lines[i+1])
		if err != nil || m.Type != want {
			t.Fatalf("line %d: %+v, %v", i+1, m, err)
		}
	}
	// One message with the encoder's newline is a batch of one.
	if lines, err := BatchLines([]byte(`{"type":"ack","v":2,"ack":{"revision":1}}`+"\n"), nil); err != nil || len(lines) != 1 {
		t.Fatalf("one message: %d lines, %v", len(lines), err)
	}
}

func TestBatchRefusesEmptyLinesAndTooManyMessages(t *testing.T) {
	for _, frame := range []string{
		"{}\n\n{}",
		"\n{}",
		"",
		strings.Repeat("{}\n", MaxBatchMessages+1),
	} {
		if lines, err := BatchLines([]byte(frame), nil); err == nil {
			t.Errorf("BatchLines(%q) = %d lines, no error", frame, len(lines))
		}
	}
	if _, err := BatchLines([]byte(strings.Repeat("{}\n", MaxBatchMessages)), nil); err != nil {
		t.Errorf("%d messages refused: %v", MaxBatchMessages, err)
	}
}
