package fleet

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"codong/controller/hub"
	"codong/controller/store"
	"codong/protocol"
)

// clock is a test's time, moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// newGuardRig is newRig on a clock of the test's, and a log it can read.
func newGuardRig(t *testing.T) (*rig, *clock, *bytes.Buffer) {
	t.Helper()
	clk := &clock{t: time.Now().Add(-30 * 24 * time.Hour)}
	var logs bytes.Buffer
	var logMu sync.Mutex
	rg := newRigWith(t, func(c *Config) {
		c.Now = clk.now
		c.Log = slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, nil))
	})
	// The first publication's pictures were sent a month before the
	// test's now, so the plays tests write from hours or days back are
	// not older than their picture.
	clk.add(30 * 24 * time.Hour)
	return rg, clk, &logs
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// stored counts the play records written for a board.
func (rg *rig) stored(id int64) []protocol.Play {
	rg.st.mu.Lock()
	defer rg.st.mu.Unlock()
	var out []protocol.Play
	for _, b := range rg.st.saved {
		for _, p := range b.Plays {
			if p.Board == id {
				out = append(out, p.Records...)
			}
		}
	}
	return out
}

func flagOf(t *testing.T, rg *rig, id int64, code string) *Flag {
	t.Helper()
	fl := rg.f.View(id).Flag
	if fl == nil || fl.Code != code || fl.Reason == "" || fl.Count == 0 {
		t.Fatalf("board %d flag %+v, want code %s", id, fl, code)
	}
	return fl
}

// A board sending any kind of frame faster than a real player does is
// refused past its burst (the frame not processed), flagged, and taken
// again once its rate allows.
func TestEveryFrameKindIsRateLimitedAndFlagged(t *testing.T) {
	tests := []struct {
		name string
		k    kind
		send func(rg *rig) *hub.Refusal
	}{
		{"status", kindStatus, func(rg *rig) *hub.Refusal { return rg.f.Status(1, rg.linkOf(1), &protocol.Status{Playlist: "default"}) }},
		{"ack", kindAck, func(rg *rig) *hub.Refusal { return rg.f.Ack(1, rg.linkOf(1), 100) }},
		{"error", kindError, func(rg *rig) *hub.Refusal {
			return rg.f.Error(1, rg.linkOf(1), &protocol.Error{Code: "refused", Message: "thử"})
		}},
		{"plays", kindPlays, func(rg *rig) *hub.Refusal {
			return rg.f.Plays(1, rg.linkOf(1), &protocol.Plays{})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rg, clk, _ := newGuardRig(t)
			rg.connect(1)
			rg.waitManifests(t, 1, 1)
			for i := range int(rates[tc.k].burst) {
				if r := tc.send(rg); r != nil {
					t.Fatalf("frame %d of the burst refused: %+v", i, r)
				}
			}
			r := tc.send(rg)
			if r == nil || r.Code != "rate_limited" || r.Close {
				t.Fatalf("frame over the burst: %+v", r)
			}
			flagOf(t, rg, 1, "rate_limited")
			clk.add(rates[tc.k].per)
			if r := tc.send(rg); r != nil {
				t.Fatalf("frame within the rate again refused: %+v", r)
			}
		})
	}
}

// The attack: a stolen token pours play records in. At most a
// day's quota is taken; beyond it messages are refused unconfirmed (a
// real board sends them again later) and the board flagged; a board that
// keeps going has its link closed.
func TestStolenTokenCannotFillTheDisk(t *testing.T) {
	rg, clk, _ := newGuardRig(t)
	rg.connect(1)
	rg.waitManifests(t, 1, 1)
	start := clk.now().Add(-12 * 24 * time.Hour) // 200 messages of 500 plays 10 s apart end before now
	var refused []*hub.Refusal
	sentRows := 0
	for i := range 200 {
		p := plays(start.Add(time.Duration(i)*500*10*time.Second), protocol.MaxPlaysPerMessage)
		sentRows += len(p.Records)
		if r := rg.f.Plays(1, rg.linkOf(1), p); r != nil {
			refused = append(refused, r)
		}
	}
	rg.waitFor(t, "writes", func() bool { return len(rg.stored(1)) >= dailyPlayRows-protocol.MaxPlaysPerMessage })
	if n := len(rg.stored(1)); n > dailyPlayRows || sentRows <= dailyPlayRows {
		t.Fatalf("%d rows stored of %d sent; quota %d", n, sentRows, dailyPlayRows)
	}
	if len(refused) == 0 || refused[0].Code != "quota_exceeded" {
		t.Fatalf("refusals %+v", refused)
	}
	if last := refused[len(refused)-1]; !last.Close {
		t.Fatalf("%d refusals in a row and the link stays open", len(refused))
	}
	flagOf(t, rg, 1, "quota_exceeded")
	acks := 0
	for _, m := range rg.links.of(1, protocol.TypePlaysAck) {
		if m.PlaysAck.UpTo > 0 {
			acks++
		}
	}
	if acks+len(refused) != 200 {
		t.Fatalf("%d messages confirmed, %d refused, of 200: refused ones must not be confirmed", acks, len(refused))
	}
}

// Records that cannot have happened are dropped, the board flagged, and
// confirmed so a real board forgets them; the stored ones carry the
// controller's text, never the board's.
func TestImpossiblePlaysRefusedConfirmedAndFlagged(t *testing.T) {
	hall := assetOf("Mừng Đảng, mừng Xuân", 1920, 1080)
	tests := []struct {
		name    string
		forge   func(r *protocol.Play, now time.Time)
		flagged bool
	}{
		{"item never sent", func(r *protocol.Play, _ time.Time) { r.ItemID = 99 }, true},
		{"picture sent only to another size", func(r *protocol.Play, _ time.Time) { r.Asset = hall }, true},
		{"no picture", func(r *protocol.Play, _ time.Time) { r.Asset = "" }, true},
		{"starts in the future", func(r *protocol.Play, now time.Time) {
			r.Start = now.Add(time.Hour)
			r.ID = r.Start.UnixNano()
		}, true},
		{"id is not its start", func(r *protocol.Play, _ time.Time) { r.ID++ }, true},
		{"shown before its picture was first sent", func(r *protocol.Play, _ time.Time) {
			r.Start = r.Start.Add(-60 * 24 * time.Hour)
			r.ID = r.Start.UnixNano()
		}, true},
		// Two quick switches restart a player's rotation twice within a
		// second: one of the two plays was seen. Dropped, not flagged.
		{"under a second after the play before", func(r *protocol.Play, _ time.Time) {
			r.Start = r.Start.Add(-9*time.Second - 500*time.Millisecond)
			r.ID = r.Start.UnixNano()
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rg, clk, _ := newGuardRig(t)
			rg.connect(1)
			rg.waitManifests(t, 1, 1)
			p := plays(clk.now().Add(-time.Hour), 3)
			tc.forge(&p.Records[1], clk.now())
			var top int64
			for _, r := range p.Records {
				top = max(top, r.ID)
			}
			r := rg.f.Plays(1, rg.linkOf(1), p)
			if tc.flagged != (r != nil) || r != nil && (r.Code != "impossible_plays" || r.Close) {
				t.Fatalf("refusal %+v", r)
			}
			rg.waitFor(t, "confirmation", func() bool { return len(rg.links.of(1, protocol.TypePlaysAck)) == 1 })
			if up := rg.links.of(1, protocol.TypePlaysAck)[0].PlaysAck.UpTo; up != top {
				t.Fatalf("confirmed up to %d, want %d: the refused record too", up, top)
			}
			got := rg.stored(1)
			if len(got) != 2 {
				t.Fatalf("stored %d records, want the 2 possible ones", len(got))
			}
			for _, g := range got {
				if g.ID == p.Records[1].ID && g.Start.Equal(p.Records[1].Start) {
					t.Fatalf("impossible record stored: %+v", g)
				}
				if g.Title != "Mừng Đảng, mừng Xuân" {
					t.Fatalf("stored title %q, not the controller's", g.Title)
				}
			}
			if tc.flagged {
				flagOf(t, rg, 1, "impossible_plays")
			} else if v := rg.f.View(1); v.Flag != nil {
				t.Fatalf("flagged for a quick switch: %+v", v.Flag)
			}
		})
	}
}

// A record sent again (its confirmation lost) is confirmed and not
// stored twice, without flagging the board; a play cut short by a switch
// counts the seconds until the next one started.
func TestPlaysSentAgainAndCutShort(t *testing.T) {
	rg, clk, _ := newGuardRig(t)
	rg.connect(1)
	rg.waitManifests(t, 1, 1)
	p := plays(clk.now().Add(-time.Hour), 3)
	switched := &p.Records[2]
	switched.Start = p.Records[1].Start.Add(4 * time.Second)
	switched.ID = switched.Start.UnixNano()
	if r := rg.f.Plays(1, rg.linkOf(1), p); r != nil {
		t.Fatalf("real records refused: %+v", r)
	}
	rg.waitFor(t, "stored", func() bool { return len(rg.stored(1)) == 3 })
	if r := rg.f.Plays(1, rg.linkOf(1), p); r != nil {
		t.Fatalf("records sent again refused: %+v", r)
	}
	rg.waitFor(t, "second confirmation", func() bool { return len(rg.links.of(1, protocol.TypePlaysAck)) == 2 })
	got := rg.stored(1)
	if len(got) != 3 {
		t.Fatalf("%d records stored after sending 3 twice", len(got))
	}
	if got[1].Seconds != 4 || got[0].Seconds != 10 {
		t.Fatalf("seconds %d, %d: the play cut short after 4 s counts 4", got[0].Seconds, got[1].Seconds)
	}
	if fl := rg.f.View(1).Flag; fl != nil {
		t.Fatalf("a real board flagged: %+v", fl)
	}
}

// A board cannot make the dashboard believe it applied a revision it
// was never sent on its link.
func TestAckOfARevisionNeverSentIsRefused(t *testing.T) {
	rg, _, _ := newGuardRig(t)
	rg.connect(1)
	rg.waitManifests(t, 1, 1)
	for _, rev := range []int64{101, 0, -5} {
		r := rg.f.Ack(1, rg.linkOf(1), rev)
		if r == nil || r.Code != "unknown_revision" {
			t.Fatalf("ack of %d: %+v", rev, r)
		}
	}
	if v := rg.f.View(1); v.Acked != 0 || v.UpToDate {
		t.Fatalf("after forged acks: %+v", v)
	}
	flagOf(t, rg, 1, "unknown_revision")
	if r := rg.f.Ack(1, rg.linkOf(1)-1, 100); r != nil || rg.f.View(1).Acked != 0 {
		t.Fatalf("ack on a link since replaced: %+v, acked %d", r, rg.f.View(1).Acked)
	}
	if r := rg.f.Ack(1, rg.linkOf(1), 100); r != nil || !rg.f.View(1).UpToDate {
		t.Fatalf("ack of the revision sent: %+v %+v", r, rg.f.View(1))
	}
}

// A token copied to a second device shows on the dashboard as a
// conflict with both addresses; one change of network does not.
func TestTokenUsedFromTwoPlacesIsFlagged(t *testing.T) {
	rg, clk, _ := newGuardRig(t)
	connect := func(addr string) {
		rg.link++
		rg.f.Connected(1, rg.link, addr, protocol.Level)
	}
	connect("198.51.100.7")
	clk.add(time.Hour)
	connect("203.0.113.9") // moved to 4G
	if fl := rg.f.View(1).Flag; fl != nil {
		t.Fatalf("one change of network flagged: %+v", fl)
	}
	clk.add(time.Minute)
	connect("198.51.100.7")
	clk.add(time.Minute)
	connect("203.0.113.9")
	fl := flagOf(t, rg, 1, "token_conflict")
	if len(fl.Addresses) != 2 || fl.Addresses[0] == fl.Addresses[1] {
		t.Fatalf("conflict addresses %v", fl.Addresses)
	}
}

// A board's error frames are logged cut short, and not beyond their
// rate.
func TestBoardErrorsAreCappedAndRateLimited(t *testing.T) {
	rg, _, logs := newGuardRig(t)
	rg.connect(1)
	long := strings.Repeat("đ", 100_000)
	for range 2 * int(rates[kindError].burst) {
		rg.f.Error(1, rg.linkOf(1), &protocol.Error{Code: long, Message: long})
	}
	text := logs.String()
	if n := strings.Count(text, "board reports an error"); n != int(rates[kindError].burst) {
		t.Fatalf("%d errors logged, want %d", n, int(rates[kindError].burst))
	}
	if len(text) > 50_000 {
		t.Fatalf("log grew by %d bytes for %d errors", len(text), 2*int(rates[kindError].burst))
	}
	if n := strings.Count(text, "board flagged"); n != 1 {
		t.Fatalf("flag logged %d times, want once per interval", n)
	}
}

// Every picture sent is recorded once (not once per publication), and a
// board reports plays of a picture sent before the controller restarted.
func TestSentPicturesRecordedOnceAndRemembered(t *testing.T) {
	rg, _, _ := newGuardRig(t)
	rg.connect(1)
	rg.waitManifests(t, 1, 1)
	rg.st.change(func(d *store.Desired) { d.Playlists[0].Items[0].Text = "Mừng Xuân mới" })
	rg.f.Publish()
	rg.waitFor(t, "published", func() bool { return rg.f.Summary().Published == 101 })
	rg.waitFor(t, "sent items written", func() bool {
		items, _ := rg.st.SentItems(context.Background())
		return len(items) == 8 // 3 items × 2 sizes, then item 1's new text at both
	})
	rg.st.change(func(*store.Desired) {})
	rg.f.Publish()
	rg.waitFor(t, "published", func() bool { return rg.f.Summary().Published == 102 })
	time.Sleep(5 * time.Millisecond)
	if items, _ := rg.st.SentItems(context.Background()); len(items) != 8 {
		t.Fatalf("%d sent items after a publication changing nothing, want 8", len(items))
	}

	// A new controller over the same database: item 1's old picture is
	// no longer in any playlist, but a board back from an outage still
	// reports playing it.
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	links := &fakeLinks{frames: map[int64][]protocol.Message{}, got: make(chan struct{}, 1)}
	f := New(Config{Store: rg.st, Renderer: rg.r, Key: priv, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	f.Attach(links)
	if err := f.rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := f.Plays(1, 0, plays(time.Now().Add(-time.Hour), 2)); r != nil {
		t.Fatalf("plays of a picture sent before the restart refused: %+v", r)
	}
}

// A play counts the seconds its picture was really up, as the player
// says: a turn a switch cut after one second is stored with 1 s, not
// taken for a record that cannot have happened; a board claiming more
// than the item was ever planned for is believed only up to the plan.
func TestPlaysTrustShownSecondsWithinPlanned(t *testing.T) {
	rg, clk, _ := newGuardRig(t)
	rg.connect(1)
	rg.waitManifests(t, 1, 1)
	p := plays(clk.now().Add(-time.Hour), 3)
	p.Records[0].Seconds = 1    // cut by a switch after a second
	p.Records[1].Seconds = 3600 // item 1 is planned for 10 s
	p.Records[2].Seconds = 7
	if r := rg.f.Plays(1, rg.linkOf(1), p); r != nil {
		t.Fatalf("real records refused: %+v", r)
	}
	rg.waitFor(t, "stored", func() bool { return len(rg.stored(1)) == 3 })
	got := rg.stored(1)
	for i, want := range []int{1, 10, 7} {
		if got[i].Seconds != want {
			t.Errorf("play %d stored with %d s, want %d", i, got[i].Seconds, want)
		}
	}
	if fl := rg.f.View(1).Flag; fl != nil {
		t.Fatalf("a real board flagged: %+v", fl)
	}
}
