package protocol

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Level 2.3: a batch is several messages from a board in one text frame,
// one JSON object a line, in the order they were written. A board that
// adopts a manifest owes the controller an acknowledgement, a status
// (it shows something else now) and the play that the switch ended:
// three frames are three reads and three wakeups of the controller per
// board, for ten thousand boards at once, where one will do. json.Marshal
// never writes a raw newline (it escapes control characters in strings),
// so a line is one message; json.Encoder's newline after the last one is
// allowed. Only a board sends batches, only to a controller that
// announced 2.3; each message in it is the frame it would be alone,
// decoded and answered as such.

// MaxBatchMessages bounds the messages of one batch.
const MaxBatchMessages = 8

// BatchLines splits a text frame into its messages (a frame of one
// message, with or without the encoder's newline, is a batch of one). It
// refuses a frame of more than MaxBatchMessages messages, or with an
// empty line. The lines point into frame.
func BatchLines(frame []byte, into [][]byte) ([][]byte, error) {
	lines := into[:0]
	rest := bytes.TrimSuffix(frame, []byte("\n"))
	for {
		line, after, more := bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimSpace(line)) == 0 {
			return lines, fmt.Errorf("khung gộp có dòng trống ở tin nhắn thứ %d", len(lines)+1)
		}
		if len(lines) == MaxBatchMessages {
			return lines, fmt.Errorf("khung gộp có hơn %d tin nhắn", MaxBatchMessages)
		}
		lines = append(lines, line)
		if !more {
			return lines, nil
		}
		rest = after
	}
}

// AppendBatch appends messages as one batch frame: each as json.Marshal
// writes it, one a line.
func AppendBatch(dst []byte, msgs ...Message) ([]byte, error) {
	if len(msgs) > MaxBatchMessages {
		return dst, fmt.Errorf("khung gộp có %d tin nhắn, tối đa %d", len(msgs), MaxBatchMessages)
	}
	for i, m := range msgs {
		if i > 0 {
			dst = append(dst, '\n')
		}
		data, err := json.Marshal(m)
		if err != nil {
			return dst, err
		}
		dst = append(dst, data...)
	}
	return dst, nil
}
