package player

import (
	"image/color"
	"sync"
	"testing"
	"time"

	"codong/protocol"
)

// To a controller of 2.3 (not 2.4: see TestPlaysRideThePeriodicReport), a board answers a switch with one frame: the
// acknowledgement, the status of what it shows now and the play the
// switch ended (protocol.BatchLines), instead of three frames, each a
// read and a wakeup of the controller, on every board at once.
func TestSwitchIsAnsweredInOneFrame(t *testing.T) {
	pub, priv := testKey(t)
	fc := newFakeController(t, priv)
	fc.level = "2.3"
	second := fc.addPicture(color.RGBA{G: 255, A: 255})
	var mu sync.Mutex
	clock := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	p := testPlayer(t, fc.url(), pub, func(c *Config) { c.Now = now })
	cr := p.credentials()
	cr.BoardID, cr.Revision = 7, 2
	p.setCredentials(cr)
	runUntilEnd(t, p)
	conn := fc.link()
	expect(t, conn, protocol.TypeStatus) // the report at link start

	fc.sendManifest(conn, testManifest(7, 3, fc.sum))
	// What the first manifest changes, then, 20 s later, a switch to
	// another item: the first item's showing ends and is recorded.
	frames := readUntilAck(t, conn, 3)
	mu.Lock()
	clock = clock.Add(20 * time.Second)
	mu.Unlock()
	m := testManifest(7, 4, second)
	m.Content.Playlists[0].Items[0].ID = 2
	fc.sendManifest(conn, m)
	frames = readUntilAck(t, conn, 4)
	last := frames[len(frames)-1]
	if len(last) != 3 || last[1].Type != protocol.TypeStatus || last[2].Type != protocol.TypePlays {
		t.Fatalf("the switch's acknowledgement came in a frame of %d messages: %+v", len(last), last)
	}
	if st := last[1].Status; st.Revision != 4 || st.ItemID != 2 || st.Asset != second || st.Shows == nil {
		t.Errorf("status with the acknowledgement: %+v", st)
	}
	if recs := last[2].Plays.Records; len(recs) != 1 || recs[0].ItemID != 1 || recs[0].Seconds != 10 {
		t.Errorf("plays with the acknowledgement: %+v", recs)
	}
}

// readUntilAck reads the board's frames, each split into its messages,
// until one acknowledges rev; it returns them all.
func readUntilAck(t *testing.T, conn interface {
	SetReadDeadline(time.Time) error
	ReadMessage() (int, []byte, error)
}, rev int64) [][]protocol.Message {
	t.Helper()
	var frames [][]protocol.Message
	for {
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, data, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for the ack of %d: %v", rev, err)
		}
		lines, err := protocol.BatchLines(data, nil)
		if err != nil {
			t.Fatalf("frame %q: %v", data, err)
		}
		var msgs []protocol.Message
		acked := false
		for _, l := range lines {
			m, err := protocol.Decode(l)
			if err != nil {
				t.Fatalf("message %q: %v", l, err)
			}
			msgs = append(msgs, m)
			acked = acked || m.Type == protocol.TypeAck && m.Ack.Revision == rev
		}
		frames = append(frames, msgs)
		if acked {
			return frames
		}
	}
}
