package player

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

// careAnswer sends a care request on the link and reads the binary
// answer.
func careAnswer(t *testing.T, conn *websocket.Conn, id int64, action string) (*protocol.Care, []byte) {
	t.Helper()
	if err := conn.WriteJSON(protocol.NewCareRequest(id, action)); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("answer to %s: %v", action, err)
		}
		if kind != websocket.BinaryMessage {
			continue // a status on its period
		}
		m, raw, err := protocol.DecodeBinary(data)
		if err != nil || m.Care == nil || m.Care.ID != id || m.Care.Action != action {
			t.Fatalf("answer to %s: %+v, %v", action, m, err)
		}
		return m.Care, raw
	}
}

// A controller of 2.6 gets the board's log lines, its diagnostics and,
// from a display that cannot give its buffer, the frame the player gave
// it; a controller that did not announce 2.6 is refused, as any message
// not for a board, and the link ends.
func TestCareOnlyForAControllerOf26(t *testing.T) {
	for _, tc := range []struct {
		name, level string
		takes       bool
	}{{"controller of 2.6", protocol.Level, true}, {"controller of 2.5", "2.5", false}} {
		t.Run(tc.name, func(t *testing.T) {
			pub, priv := testKey(t)
			fc := newFakeController(t, priv)
			fc.level = tc.level
			p := testPlayer(t, fc.url(), pub, func(c *Config) { c.Version = "1.6.0" })
			p.setThumbnail(fc.sum, fc.picture, false, 0, 0)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			_, _, result := startSession(ctx, p)
			conn := fc.link()
			expect(t, conn, protocol.TypeStatus)
			if !tc.takes {
				if err := conn.WriteJSON(protocol.NewCareRequest(1, protocol.CareRestart)); err != nil {
					t.Fatal(err)
				}
				if e := expect(t, conn, protocol.TypeError).Error; e.Code != "refused" || !strings.Contains(e.Message, "2.6") {
					t.Fatalf("refusal %+v", e)
				}
				if err := within(t, result, "the session's end"); err == nil {
					t.Fatal("the session went on after a care request it cannot take")
				}
				return
			}
			c, logs := careAnswer(t, conn, 1, protocol.CareLogs)
			if c.Problem != "" || !bytes.Contains(logs, []byte("đã kết nối tới máy chủ điều khiển")) {
				t.Fatalf("logs %+v: %q", c, logs)
			}
			c, _ = careAnswer(t, conn, 2, protocol.CareDiagnostics)
			if d := c.Diagnostics; d == nil || d.Version != "1.6.0" || d.UptimeSeconds < 0 || d.GoMemoryBytes <= 0 {
				t.Fatalf("diagnostics %+v", c.Diagnostics)
			}
			if c, shot := careAnswer(t, conn, 3, protocol.CareScreenshot); c.Problem != "" || !bytes.Equal(shot, fc.picture) {
				t.Fatalf("screenshot %+v: %d bytes, want the frame's %d", c, len(shot), len(fc.picture))
			}
			select {
			case err := <-result:
				t.Fatalf("session ended: %v", err)
			default:
			}
		})
	}
}
