package telemetry

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"codong/protocol"
)

// The confirmations of a written chunk, written into one buffer, are
// each the plays_ack json.Marshal writes, to the right board.
func TestPlaysAcksAreTheProtocols(t *testing.T) {
	ds := playsAcks([]queuedPlays{{board: 1, upTo: 5}, {board: 2, upTo: math.MaxInt64}, {board: 3, upTo: -1}})
	for i, up := range []int64{5, math.MaxInt64, -1} {
		frame, _ := json.Marshal(protocol.NewPlaysAck(up))
		if len(ds[i].Frame) != 1 || !bytes.Equal(ds[i].Frame[0], frame) || ds[i].BoardID != int64(i+1) {
			t.Fatalf("confirmation %d: %q to board %d, want %s", i, ds[i].Frame, ds[i].BoardID, frame)
		}
	}
}
