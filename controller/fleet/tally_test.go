package fleet

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"slices"
	"testing"
	"time"

	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// walkSummary is the summary counted the long way, every board of the
// publication looked at: what the kept counts must always equal. It
// spells the rules out again rather than share the fleet's helpers, so a
// helper gone wrong cannot agree with itself. Called with f.mu held.
func walkSummary(f *Fleet) Summary {
	var s Summary
	if f.pub == nil {
		return s
	}
	s.Published, s.Boards, s.Publishing = f.pub.revision, len(f.pub.cuts), f.wanted > f.pub.revision
	for id, c := range f.pub.cuts {
		var st *protocol.Status
		if b := f.boards[id]; b != nil && b.online {
			s.Online++
			st = b.status
			if !s.Publishing && b.sent != 0 && b.acked >= b.sent && c.digest == b.sentDigest {
				s.UpToDate++
			}
		} else if r, ok := f.remote[id]; ok {
			s.Online++
			st = r.view.Status
			if !s.Publishing && r.view.Sent > 0 && r.view.Acked >= r.view.Sent && hex.EncodeToString(c.digest[:]) == r.digest {
				s.UpToDate++
			}
		} else {
			s.Offline++
			continue
		}
		if st != nil && st.DisplayProblem != "" {
			s.NotDisplaying++
		}
		if st != nil && st.Problem != "" {
			s.Problem++
		}
	}
	s.Behind = s.Online - s.UpToDate
	return s
}

// scriptedPresence is another controller's word, set by the test.
type scriptedPresence struct{ rows []store.Presence }

func (p *scriptedPresence) SavePresence(context.Context, []store.Presence) error { return nil }
func (p *scriptedPresence) OthersPresence(context.Context, time.Duration) ([]store.Presence, error) {
	return p.rows, nil
}

// eventRig drives a fleet event by event, without its goroutine, so a
// test decides the order of everything.
type eventRig struct {
	f     *Fleet
	st    *fakeStore
	pres  *scriptedPresence
	rnd   *mrand.Rand
	links map[int64]uint64 // each board's latest link
	link  uint64
	rev   int64
}

const eventBoards = 12

func newEventRig(t *testing.T, seed uint64) *eventRig {
	t.Helper()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	st := fourBoards()
	for id := int64(5); id <= eventBoards/2; id++ {
		st.d.Boards = append(st.d.Boards, target(id, 192, 64, fmt.Sprintf("thon-%d", id%3)))
	}
	er := &eventRig{st: st, pres: &scriptedPresence{}, rnd: mrand.New(mrand.NewPCG(seed, seed^0x9e3779b9)), links: map[int64]uint64{}, rev: st.d.Revision}
	er.f = New(Config{Store: st, Renderer: &fakeRenderer{calls: map[string]int{}}, Key: priv, TimeZone: "Asia/Ho_Chi_Minh",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Presence: er.pres})
	er.f.Attach(nullLinks{})
	if err := er.f.rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	return er
}

// commit makes a change of desired state as the store reports it: the
// fleet hears of it (and is publishing) until publish runs.
func (er *eventRig) commit(action string, fn func(d *store.Desired)) {
	er.st.change(fn)
	er.st.mu.Lock()
	er.rev = er.st.d.Revision
	er.st.mu.Unlock()
	er.f.Changed(store.Change{Revision: er.rev, Action: action})
}

func (er *eventRig) publish(t *testing.T) {
	if err := er.f.rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (er *eventRig) id() int64 { return er.rnd.Int64N(eventBoards) + 1 }

// step makes one random event happen and names it.
func (er *eventRig) step(t *testing.T) string {
	f, id := er.f, er.id()
	switch n := er.rnd.IntN(100); {
	case n < 18:
		er.link++
		er.links[id] = er.link
		f.Connected(id, er.link, "192.0.2.1", protocol.Level)
		return fmt.Sprintf("board %d connects", id)
	case n < 28:
		link := er.links[id]
		if er.rnd.IntN(4) == 0 {
			link-- // a link already replaced
		}
		f.Disconnected(id, link)
		return fmt.Sprintf("board %d's link %d ends", id, link)
	case n < 48:
		v := f.View(id)
		rev := v.Sent
		if er.rnd.IntN(5) == 0 {
			rev = er.rnd.Int64N(er.rev+2) - 1 // anything, refused or not
		}
		f.Ack(id, er.links[id], rev)
		return fmt.Sprintf("board %d acknowledges %d", id, rev)
	case n < 56:
		f.sendPending()
		return "queued manifests sent"
	case n < 60:
		st := &protocol.Status{Playlist: playlists.DefaultSlug}
		switch er.rnd.IntN(3) {
		case 0:
			st.DisplayProblem = "không có trình duyệt nào mở trang hiển thị"
		case 1:
			st.Problem = "thiếu ảnh của mục đang phát"
		}
		f.Status(id, er.links[id], st)
		return fmt.Sprintf("board %d reports %q %q", id, st.DisplayProblem, st.Problem)
	case n < 70:
		on := er.rnd.IntN(2) == 0
		er.commit("override.set", func(d *store.Desired) {
			d.Switches = nil
			if on {
				d.Switches = []store.Switch{{UnitID: store.RootUnit, Override: playlists.Override{Playlist: playlists.CongressSuccessSlug, Group: "cho", Since: time.Now()}}}
			}
		})
		if er.rnd.IntN(3) > 0 {
			er.publish(t)
			return fmt.Sprintf("override %v, published", on)
		}
		return fmt.Sprintf("override %v, not yet published", on)
	case n < 74:
		er.publish(t)
		return "published"
	case n < 80:
		er.commit("board.create", func(d *store.Desired) {
			if !slices.ContainsFunc(d.Boards, func(b store.Target) bool { return b.ID == id }) {
				d.Boards = append(d.Boards, target(id, 384, 128, "cho"))
			}
		})
		er.publish(t)
		return fmt.Sprintf("board %d added, published", id)
	case n < 85:
		er.commit("board.delete", func(d *store.Desired) {
			d.Boards = slices.DeleteFunc(d.Boards, func(b store.Target) bool { return b.ID == id })
		})
		f.Forget(id)
		return fmt.Sprintf("board %d deleted", id)
	case n < 95:
		er.pres.rows = er.otherControllersWord()
		f.exchangePresence(context.Background())
		return fmt.Sprintf("other controllers vouch for %d boards", len(er.pres.rows))
	default:
		f.mu.Lock()
		f.setRemote(nil)
		f.mu.Unlock()
		return "other controllers' word too old, dropped"
	}
}

// otherControllersWord makes up what other controllers say of some
// boards: some up to date with this controller's cut, some behind.
func (er *eventRig) otherControllersWord() []store.Presence {
	var rows []store.Presence
	er.f.mu.Lock()
	defer er.f.mu.Unlock()
	for id := int64(1); id <= eventBoards; id++ {
		if er.rnd.IntN(3) != 0 {
			continue
		}
		p := store.Presence{BoardID: id, Online: true, Sent: er.rev, Acked: er.rev - er.rnd.Int64N(2), Digest: "other"}
		if er.rnd.IntN(3) == 0 {
			p.Status = `{"playlist":"default","display_problem":"màn hình tắt"}`
		}
		if c := er.f.cut(id); c != nil && er.rnd.IntN(2) == 0 {
			p.Digest = hex.EncodeToString(c.digest[:])
		}
		rows = append(rows, p)
	}
	return rows
}

// The summary's counts, kept as events arrive, always equal a recount of
// every board, whatever the order of links, acknowledgements, sends,
// publications, deletions and other controllers' word.
func TestSummaryCountsEqualARecount(t *testing.T) {
	var seen reached
	for seed := range uint64(40) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			er := newEventRig(t, seed)
			var history []string
			for range 400 {
				history = append(history, er.step(t))
				er.f.mu.Lock()
				got, want := er.f.summary(), walkSummary(er.f)
				er.f.mu.Unlock()
				if got != want {
					t.Fatalf("after %d events, counted %+v, recounted %+v; last events:\n%v", len(history), got, want, history[max(len(history)-8, 0):])
				}
				// A unit's summary, walked, agrees with the counts for
				// every unit, and is empty for none.
				if every := er.f.SummaryOf(func(int64) bool { return true }); every != got {
					t.Fatalf("after %d events, the summary of every unit %+v, counted %+v", len(history), every, got)
				}
				if none := er.f.SummaryOf(func(int64) bool { return false }); none.Boards != 0 || none.Online != 0 {
					t.Fatalf("the summary of no unit: %+v", none)
				}
				seen.note(er.f, got)
			}
		})
	}
	// The script must reach the states the counts are about, or the
	// property says nothing.
	if seen.upToDate == 0 || seen.publishing == 0 || seen.remoteUpToDate == 0 || seen.deletedOnline == 0 || seen.notDisplaying == 0 || seen.problem == 0 {
		t.Errorf("states never reached: %+v", seen)
	}
}

// reached counts the states summaries showed: boards up to date, a
// change being cut, a board up to date by another controller's word, a
// board linked but no longer in the publication.
type reached struct{ upToDate, publishing, remoteUpToDate, deletedOnline, notDisplaying, problem int }

func (r *reached) note(f *Fleet, s Summary) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s.UpToDate > 0 {
		r.upToDate++
	}
	if s.Publishing {
		r.publishing++
	}
	if s.NotDisplaying > 0 {
		r.notDisplaying++
	}
	if s.Problem > 0 {
		r.problem++
	}
	for id, rb := range f.remote {
		if c := f.cut(id); c != nil && remoteCurrent(c, rb) && (f.boards[id] == nil || !f.boards[id].online) {
			r.remoteUpToDate++
		}
	}
	for id, b := range f.boards {
		if b.online && f.cut(id) == nil {
			r.deletedOnline++
		}
	}
}
