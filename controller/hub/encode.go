package hub

import (
	"encoding/json"

	"codong/protocol"
)

// Frame is one websocket message as parts written one after another, so
// a part shared by thousands of boards (a manifest's content) is sent
// from one buffer instead of being copied into each board's frame.
type Frame [][]byte

// Encode turns a message into a frame for SendAll.
func Encode(m protocol.Message) (Frame, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return Frame{data}, nil
}
