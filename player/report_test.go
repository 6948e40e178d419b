package player

import (
	"context"
	"image/color"
	"sync"
	"testing"
	"time"

	"codong/protocol"
)

// To a controller of 2.4, a board answers a switch with the
// acknowledgement and its status only: the play the switch ended stays
// in the journal for the periodic report, so the controller reads one
// frame and writes no plays_ack for the switch.
func TestSwitchIsAnsweredWithoutPlays(t *testing.T) {
	pub, priv := testKey(t)
	fc := newFakeController(t, priv)
	fc.level = protocol.Level
	second := fc.addPicture(color.RGBA{G: 255, A: 255})
	var mu sync.Mutex
	clock := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	p := testPlayer(t, fc.url(), pub, func(c *Config) { c.Now, c.ReportEvery = now, time.Hour })
	cr := p.credentials()
	cr.BoardID, cr.Revision = 7, 2
	p.setCredentials(cr)
	runUntilEnd(t, p)
	conn := fc.link()
	expect(t, conn, protocol.TypeStatus) // the report at link start

	fc.sendManifest(conn, testManifest(7, 3, fc.sum))
	readUntilAck(t, conn, 3)
	mu.Lock()
	clock = clock.Add(20 * time.Second)
	mu.Unlock()
	m := testManifest(7, 4, second)
	m.Content.Playlists[0].Items[0].ID = 2
	fc.sendManifest(conn, m)
	frames := readUntilAck(t, conn, 4)
	for _, f := range frames {
		for _, msg := range f {
			if msg.Type == protocol.TypePlays {
				t.Fatalf("the board sent plays with a switch's answer: %+v", frames)
			}
		}
	}
	if last := frames[len(frames)-1]; len(last) != 2 || last[1].Type != protocol.TypeStatus {
		t.Fatalf("the switch's acknowledgement came in a frame of %d messages: %+v", len(last), last)
	}
	if recs, _ := p.plays.pending(10); len(recs) != 1 || recs[0].ItemID != 1 {
		t.Fatalf("the play the switch ended is not kept for the report: %+v", recs)
	}
}

// To a controller of 2.4, plays leave with the periodic status, in one
// frame, and are forgotten only once confirmed; a board holding
// protocol.PlaysEarly plays sends them without waiting for its report.
func TestPlaysRideThePeriodicReport(t *testing.T) {
	pub, priv := testKey(t)
	fc := newFakeController(t, priv)
	fc.level = protocol.Level
	p := testPlayer(t, fc.url(), pub)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	_, ticks, _ := startSession(ctx, p)
	conn := fc.link()
	if f := readFrame(t, conn); len(f) != 1 || f[0].Type != protocol.TypeStatus {
		t.Fatalf("link start: %+v", f)
	}

	// A play recorded between reports stays on the board.
	p.plays.append(protocol.Play{ID: 1, Playlist: "default", ItemID: 1, Seconds: 10})
	poke(p.playsCh)
	ticks <- time.Now()
	f := readFrame(t, conn)
	if len(f) != 2 || f[0].Type != protocol.TypeStatus || f[1].Type != protocol.TypePlays || len(f[1].Plays.Records) != 1 {
		t.Fatalf("the periodic report is %+v, want the status and the one play in one frame", f)
	}
	if recs, _ := p.plays.pending(10); len(recs) != 1 {
		t.Fatalf("the play was forgotten before its confirmation: %+v", recs)
	}
	if err := conn.WriteJSON(protocol.NewPlaysAck(1)); err != nil {
		t.Fatal(err)
	}

	// A backlog of PlaysEarly leaves at once, in messages of at most
	// MaxPlaysPerMessage, without a tick.
	for id := range int64(protocol.PlaysEarly) {
		p.plays.append(protocol.Play{ID: id + 10, Playlist: "default", ItemID: 1, Seconds: 10})
	}
	poke(p.playsCh)
	f = readFrame(t, conn)
	if len(f) != 1 || f[0].Type != protocol.TypePlays || len(f[0].Plays.Records) != protocol.PlaysEarly {
		t.Fatalf("a board holding %d plays sent %+v", protocol.PlaysEarly, f)
	}
	if err := conn.WriteJSON(protocol.NewPlaysAck(0)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for recs, _ := p.plays.pending(10); len(recs) > 0; recs, _ = p.plays.pending(10) {
		if time.Now().After(deadline) {
			t.Fatalf("confirmed plays still held: %d", len(recs))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// readFrame reads one frame of the board and splits it into messages.
func readFrame(t *testing.T, conn interface {
	SetReadDeadline(time.Time) error
	ReadMessage() (int, []byte, error)
}) []protocol.Message {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := conn.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	lines, err := protocol.BatchLines(data, nil)
	if err != nil {
		t.Fatalf("frame %q: %v", data, err)
	}
	var out []protocol.Message
	for _, l := range lines {
		m, err := protocol.Decode(l)
		if err != nil {
			t.Fatalf("message %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}
