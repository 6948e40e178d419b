package hub

import (
	"encoding/json"

	"codong/protocol"
)

// Encode turns a message into a frame for Send.
func Encode(m protocol.Message) ([]byte, error) { return json.Marshal(m) }
