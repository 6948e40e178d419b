package fleet

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"codong/assets"
	"codong/controller/hub"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// fakeStore is the desired state in memory.
type fakeStore struct {
	mu         sync.Mutex
	d          store.Desired
	reads      int
	boardReads int
	failRead   int // fail this many Desired calls
	failSave   int // fail this many SaveTelemetry calls that carry plays
	saved      []store.Telemetry
}

func (s *fakeStore) Desired(_ context.Context, withBoards bool) (*store.Desired, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	if s.failRead > 0 {
		s.failRead--
		return nil, errors.New("database unreadable")
	}
	d := s.d
	d.Boards = nil
	if withBoards {
		s.boardReads++
		d.Boards = append([]store.Target{}, s.d.Boards...)
	}
	return &d, nil
}

func (s *fakeStore) TargetByToken(_ context.Context, hash string) (store.Target, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.d.Boards {
		if t.TokenHash == hash {
			return t, nil
		}
	}
	return store.Target{}, store.ErrNotFound
}

func (s *fakeStore) SaveTelemetry(_ context.Context, t store.Telemetry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Only writes with plays fail: the manifest's sent pictures and the
	// boards' last-seen times are flushed on their own schedule, and a
	// count they used up would let the plays through (a flaky test).
	if s.failSave > 0 && len(t.Plays) > 0 {
		s.failSave--
		return errors.New("disk full")
	}
	s.saved = append(s.saved, t)
	return nil
}

func (s *fakeStore) SentItems(context.Context) ([]store.SentItem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []store.SentItem
	for _, t := range s.saved {
		out = append(out, t.Sent...)
	}
	return out, nil
}

func (s *fakeStore) change(fn func(d *store.Desired)) {
	s.mu.Lock()
	fn(&s.d)
	s.d.Revision++
	s.mu.Unlock()
}

// fakeRenderer names a picture by its text and size, and counts renders.
type fakeRenderer struct {
	mu    sync.Mutex
	calls map[string]int
}

func (r *fakeRenderer) Asset(text, style string, size assets.Size, _ int) (Picture, error) {
	k := text + "|" + size.String()
	r.mu.Lock()
	r.calls[k]++
	r.mu.Unlock()
	sum := sha256.Sum256([]byte(k))
	return Picture{Sum: hex.EncodeToString(sum[:])}, nil
}

// PhotoAsset names a photo's picture by its original, caption and size.
func (r *fakeRenderer) PhotoAsset(it store.PlaylistItem, size assets.Size) (string, error) {
	pic, err := r.Asset(it.Photo.SHA256+"|"+it.Text, it.Style, size, 0)
	return pic.Sum, err
}

// fakeLinks keeps every frame sent, decoded.
type fakeLinks struct {
	mu     sync.Mutex
	frames map[int64][]protocol.Message
	cut    []int64
	got    chan struct{}
}

// decodeFrame reads a frame as a board would, its parts joined.
func decodeFrame(f hub.Frame) (protocol.Message, error) {
	var data []byte
	for _, p := range f {
		data = append(data, p...)
	}
	msg, err := protocol.Decode(data)
	if err != nil {
		return msg, fmt.Errorf("fleet sent a bad frame: %w\n%s", err, data)
	}
	return msg, nil
}

func (l *fakeLinks) SendAll(ds []hub.Delivery) {
	for _, d := range ds {
		msg, err := decodeFrame(d.Frame)
		if err != nil {
			panic(err)
		}
		l.mu.Lock()
		l.frames[d.BoardID] = append(l.frames[d.BoardID], msg)
		l.mu.Unlock()
		l.notify()
	}
}

func (l *fakeLinks) notify() {
	select {
	case l.got <- struct{}{}:
	default:
	}
}

func (l *fakeLinks) Disconnect(id int64) {
	l.mu.Lock()
	l.cut = append(l.cut, id)
	l.mu.Unlock()
}

func (l *fakeLinks) of(id int64, typ string) []protocol.Message {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []protocol.Message
	for _, m := range l.frames[id] {
		if m.Type == typ {
			out = append(out, m)
		}
	}
	return out
}

type rig struct {
	f     *Fleet
	st    *fakeStore
	r     *fakeRenderer
	links *fakeLinks
	pub   ed25519.PublicKey
	link  uint64
	// stopRun stops the fleet's Run and waits for it to end.
	stopRun func()
}

func target(id int64, w, h int, group string) store.Target {
	return store.Target{ID: id, TokenHash: fmt.Sprintf("hash-%d", id), Board: playlists.Board{ID: id, Name: fmt.Sprintf("Bảng %d", id), Width: w, Height: h, Groups: groupsOf(group)}}
}

// newRig runs a fleet of four boards: two market boards (384x128, group
// "cho"), a hamlet board of the same size (group "thon-1") and a hall
// screen (1920x1080, no group).
func newRig(t testing.TB) *rig {
	t.Helper()
	return newRigWith(t, func(*Config) {})
}

// fourBoards is the desired state of newRig.
func fourBoards() *fakeStore {
	return &fakeStore{d: store.Desired{
		Revision: 100,
		Playlists: []store.Playlist{
			{Slug: playlists.DefaultSlug, Name: "Chào mừng Đại hội", Items: []store.PlaylistItem{{ID: 1, Text: "Mừng Đảng, mừng Xuân", Seconds: 10}, {ID: 2, Text: "Đại hội thành công", Seconds: 8}}},
			{Slug: playlists.CongressSuccessSlug, Name: "Mừng Đại hội thành công", Items: []store.PlaylistItem{{ID: 3, Text: "Mừng Đại hội thành công tốt đẹp", Seconds: 10}}},
		},
		Boards: []store.Target{target(1, 384, 128, "cho"), target(2, 384, 128, "cho"), target(3, 384, 128, "thon-1"), target(4, 1920, 1080, "")},
	}}
}

// newRigWith is newRig with the fleet's Config adjusted.
func newRigWith(t testing.TB, adjust func(*Config)) *rig {
	t.Helper()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	st := fourBoards()
	rg := &rig{st: st, r: &fakeRenderer{calls: map[string]int{}}, links: &fakeLinks{frames: map[int64][]protocol.Message{}, got: make(chan struct{}, 1)}, pub: pub}
	cfg := Config{Store: st, Renderer: rg.r, Key: priv, TimeZone: "Asia/Ho_Chi_Minh", Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		FlushEvery: time.Millisecond, SeenEvery: time.Millisecond, StatusEvery: time.Millisecond, RetryEvery: time.Millisecond}
	adjust(&cfg)
	rg.f = New(cfg)
	rg.f.Attach(rg.links)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { rg.f.Run(ctx); close(done) }()
	rg.stopRun = sync.OnceFunc(func() { cancel(); <-done })
	t.Cleanup(rg.stopRun)
	rg.waitFor(t, "first publication", func() bool { return rg.f.Summary().Boards == 4 })
	return rg
}

func (rg *rig) waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never happened: %s", what)
		}
		select {
		case <-rg.links.got:
		case <-time.After(time.Millisecond):
		}
	}
}

// linkOf is the board's current link.
func (rg *rig) linkOf(id int64) uint64 {
	rg.f.mu.Lock()
	defer rg.f.mu.Unlock()
	return rg.f.boards[id].link
}

func (rg *rig) connect(ids ...int64) {
	for _, id := range ids {
		rg.link++
		rg.f.Connected(id, rg.link, "192.0.2.1", protocol.Level)
	}
}

// waitManifests waits until every board named has received n manifests.
func (rg *rig) waitManifests(t *testing.T, n int, ids ...int64) {
	t.Helper()
	rg.waitFor(t, fmt.Sprintf("%d manifests for boards %v", n, ids), func() bool {
		for _, id := range ids {
			if len(rg.links.of(id, protocol.TypeManifest)) < n {
				return false
			}
		}
		return true
	})
}

// manifests opens every manifest a board received, in order.
func (rg *rig) manifests(t *testing.T, id int64) []*playlists.Manifest {
	t.Helper()
	var out []*playlists.Manifest
	for _, m := range rg.links.of(id, protocol.TypeManifest) {
		opened, err := m.Manifest.Open(rg.pub)
		if err != nil {
			t.Fatalf("board %d got a manifest that does not open: %v", id, err)
		}
		if opened.Board.ID != id {
			t.Fatalf("board %d got board %d's manifest", id, opened.Board.ID)
		}
		out = append(out, opened)
	}
	return out
}

// ackAll acknowledges every board's newest manifest.
func (rg *rig) ackAll(t *testing.T, ids ...int64) {
	for _, id := range ids {
		ms := rg.manifests(t, id)
		rg.f.Ack(id, rg.linkOf(id), ms[len(ms)-1].Revision)
	}
}

func TestFanOutOnConnect(t *testing.T) {
	rg := newRig(t)
	rg.connect(1, 2, 3, 4)
	rg.waitManifests(t, 1, 1, 2, 3, 4)
	m := rg.manifests(t, 4)[0]
	if m.Revision != 100 || m.TimeZone != "Asia/Ho_Chi_Minh" || len(m.Playlists) != 2 || m.Board.Width != 1920 {
		t.Fatalf("hall screen manifest %+v", m)
	}
	// Each picture is rendered once per size, never per board.
	for k, n := range rg.r.calls {
		if n != 1 {
			t.Errorf("%s rendered %d times", k, n)
		}
	}
	if len(rg.r.calls) != 6 { // 3 items × 2 sizes
		t.Errorf("%d renders, want 6", len(rg.r.calls))
	}
	if s := rg.f.Summary(); s.Online != 4 || s.UpToDate != 0 {
		t.Fatalf("before acks: %+v", s)
	}
	rg.ackAll(t, 1, 2, 3, 4)
	if s := rg.f.Summary(); s.UpToDate != 4 || s.Published != 100 {
		t.Fatalf("after acks: %+v", s)
	}
}

func TestChangeForOneGroupSendsThatGroupOnly(t *testing.T) {
	rg := newRig(t)
	rg.connect(1, 2, 3, 4)
	rg.waitManifests(t, 1, 1, 2, 3, 4)
	rg.ackAll(t, 1, 2, 3, 4)
	rg.st.change(func(d *store.Desired) {
		d.Switches = []store.Switch{{UnitID: store.RootUnit, Override: playlists.Override{Playlist: playlists.CongressSuccessSlug, Group: "cho", Since: time.Now()}}}
	})
	rg.f.Publish()
	rg.waitManifests(t, 2, 1, 2)
	for _, id := range []int64{1, 2} {
		m := rg.manifests(t, id)[1]
		if m.Override == nil || m.Override.Playlist != playlists.CongressSuccessSlug || m.Revision != 101 {
			t.Fatalf("board %d: %+v", id, m)
		}
	}
	// The other boards' manifests would not change: nothing is sent, and
	// they stay up to date on their older revision.
	if n := len(rg.links.of(3, protocol.TypeManifest)) + len(rg.links.of(4, protocol.TypeManifest)); n != 2 {
		t.Fatalf("boards outside the group got %d manifests, want only their first 2", n)
	}
	if s := rg.f.Summary(); s.UpToDate != 2 || s.Published != 101 {
		t.Fatalf("before the market acks: %+v", s)
	}
	rg.ackAll(t, 1, 2)
	if s := rg.f.Summary(); s.UpToDate != 4 {
		t.Fatalf("after the market acks: %+v", s)
	}
}

func TestPublicationsCoalesce(t *testing.T) {
	rg := newRig(t)
	rg.connect(1)
	rg.waitFor(t, "first manifest", func() bool { return len(rg.links.of(1, protocol.TypeManifest)) == 1 })
	rg.st.mu.Lock() // hold the database: publications pile up
	before := rg.st.reads
	for range 50 {
		rg.f.Publish()
	}
	rg.st.d.Revision = 200
	rg.st.mu.Unlock()
	rg.waitFor(t, "newest revision sent", func() bool {
		ms := rg.links.of(1, protocol.TypeManifest)
		return len(ms) == 1 || rg.manifests(t, 1)[len(ms)-1].Revision == 200
	})
	rg.st.mu.Lock()
	reads := rg.st.reads - before
	rg.st.mu.Unlock()
	if reads > 3 {
		t.Fatalf("50 publish calls read the database %d times", reads)
	}
}

func TestFailedPublicationIsRetried(t *testing.T) {
	rg := newRig(t)
	rg.connect(1)
	rg.waitFor(t, "first manifest", func() bool { return len(rg.links.of(1, protocol.TypeManifest)) == 1 })
	rg.st.mu.Lock()
	rg.st.failRead = 3
	rg.st.mu.Unlock()
	rg.st.change(func(d *store.Desired) { d.Playlists[0].Items[0].Text = "Toàn Đảng, toàn dân thi đua" })
	rg.f.Publish()
	rg.waitFor(t, "edit delivered after the database came back", func() bool { return len(rg.links.of(1, protocol.TypeManifest)) == 2 })
	if m := rg.manifests(t, 1)[1]; m.Revision != 101 || m.Playlists[0].Items[0].Title != "Toàn Đảng, toàn dân thi đua" {
		t.Fatalf("%+v", m)
	}
}

func TestReconnectGetsLatestAndNeverOlder(t *testing.T) {
	rg := newRig(t)
	rg.connect(1)
	rg.waitFor(t, "first manifest", func() bool { return len(rg.links.of(1, protocol.TypeManifest)) == 1 })
	rg.ackAll(t, 1)
	// The board drops off, the state changes meanwhile, it comes back.
	rg.f.Disconnected(1, rg.link)
	rg.st.change(func(d *store.Desired) {
		d.Switches = []store.Switch{{UnitID: store.RootUnit, Override: playlists.Override{Playlist: playlists.CongressSuccessSlug, Since: time.Now()}}}
	})
	rg.f.Publish()
	rg.waitFor(t, "published", func() bool { return rg.f.Summary().Published == 101 })
	if n := len(rg.links.of(1, protocol.TypeManifest)); n != 1 {
		t.Fatalf("offline board sent %d manifests", n)
	}
	rg.connect(1)
	rg.waitFor(t, "manifest on reconnect", func() bool { return len(rg.links.of(1, protocol.TypeManifest)) == 2 })
	revs := rg.manifests(t, 1)
	if revs[1].Revision != 101 || revs[1].Override == nil {
		t.Fatalf("reconnect got %+v", revs[1])
	}
	if v := rg.f.View(1); v.UpToDate || !v.Online || v.Sent != 101 {
		t.Fatalf("before ack: %+v", v)
	}
	rg.f.Ack(1, rg.link, 101)
	if v := rg.f.View(1); !v.UpToDate {
		t.Fatalf("after ack: %+v", v)
	}
	// A late disconnect of the old link does not take the board offline.
	rg.f.Disconnected(1, rg.link-1)
	if !rg.f.View(1).Online {
		t.Fatal("old link's end took the board offline")
	}
}

func TestCredentialsFromMemoryAndForget(t *testing.T) {
	rg := newRig(t)
	ctx := context.Background()
	got, err := rg.f.Authenticate(ctx, "hash-2")
	if err != nil || got.ID != 2 {
		t.Fatalf("Authenticate = %+v, %v", got, err)
	}
	if _, err := rg.f.Authenticate(ctx, "hash-nope"); !errors.Is(err, ErrUnknownBoard) {
		t.Fatalf("unknown token: %v", err)
	}
	// A board added beside the running controller (the command line) is
	// found in the database, and the next publication knows it.
	rg.st.change(func(d *store.Desired) { d.Boards = append(d.Boards, target(5, 192, 64, "")) })
	if got, err := rg.f.Authenticate(ctx, "hash-5"); err != nil || got.ID != 5 {
		t.Fatalf("board added outside: %+v, %v", got, err)
	}
	rg.connect(5)
	rg.waitFor(t, "new board sent its manifest", func() bool { return len(rg.links.of(5, protocol.TypeManifest)) == 1 })
	rg.f.Forget(2)
	if _, err := rg.f.Authenticate(ctx, "hash-2"); err == nil {
		// Forget drops the token from memory; the fake store still has the
		// board, as the real one would for a moment, so check memory only.
		rg.f.mu.Lock()
		_, still := rg.f.pub.byToken["hash-2"]
		rg.f.mu.Unlock()
		if still {
			t.Fatal("forgotten board's token still in memory")
		}
	}
	rg.links.mu.Lock()
	defer rg.links.mu.Unlock()
	if len(rg.links.cut) != 1 || rg.links.cut[0] != 2 {
		t.Fatalf("links cut: %v", rg.links.cut)
	}
}

// assetOf names a picture as fakeRenderer does.
func assetOf(text string, w, h int) string {
	sum := sha256.Sum256([]byte(text + "|" + assets.Size{W: w, H: h}.String()))
	return hex.EncodeToString(sum[:])
}

// plays are n records of item 1 on a market board (384x128) as a player
// writes them, 10 s apart, starting at from.
func plays(from time.Time, n int) *protocol.Plays {
	p := &protocol.Plays{}
	for i := range n {
		start := from.Add(time.Duration(i) * 10 * time.Second).UTC()
		p.Records = append(p.Records, protocol.Play{ID: start.UnixNano(), Playlist: playlists.DefaultSlug, ItemID: 1, Title: "Mừng Đảng", Asset: assetOf("Mừng Đảng, mừng Xuân", 384, 128), Start: start, Seconds: 10})
	}
	return p
}

func upTo(p *protocol.Plays) int64 { return p.Records[len(p.Records)-1].ID }

func TestPlaysConfirmedOnlyAfterWrite(t *testing.T) {
	rg := newRig(t)
	rg.st.mu.Lock()
	rg.st.failSave = 1
	rg.st.mu.Unlock()
	p := plays(time.Now(), 2) // shown after their picture was sent
	rg.f.Plays(1, 0, p)
	// The write failed: no confirmation, the board will send them again.
	rg.waitFor(t, "failed write attempted", func() bool {
		rg.st.mu.Lock()
		defer rg.st.mu.Unlock()
		return rg.st.failSave == 0
	})
	time.Sleep(5 * time.Millisecond)
	if n := len(rg.links.of(1, protocol.TypePlaysAck)); n != 0 {
		t.Fatalf("%d confirmations for plays never written", n)
	}
	if r := rg.f.Plays(1, 0, p); r != nil {
		t.Fatalf("plays sent again after a failed write refused: %+v", r)
	}
	rg.waitFor(t, "confirmation", func() bool { return len(rg.links.of(1, protocol.TypePlaysAck)) == 1 })
	if up := rg.links.of(1, protocol.TypePlaysAck)[0].PlaysAck.UpTo; up != upTo(p) {
		t.Fatalf("confirmed up to %d", up)
	}
	rg.st.mu.Lock()
	defer rg.st.mu.Unlock()
	var written int
	for _, b := range rg.st.saved {
		for _, p := range b.Plays {
			written += len(p.Records)
		}
	}
	if written != 2 {
		t.Fatalf("%d records written", written)
	}
}

func TestImplausiblePlaysDroppedButConfirmed(t *testing.T) {
	rg := newRig(t)
	p := plays(time.Now().Add(-time.Hour), 2)
	forged := &p.Records[1]
	forged.Start = time.Now().Add(48 * time.Hour)
	forged.ID = forged.Start.UnixNano()
	rg.f.Plays(1, 0, p)
	rg.waitFor(t, "confirmation", func() bool { return len(rg.links.of(1, protocol.TypePlaysAck)) == 1 })
	if up := rg.links.of(1, protocol.TypePlaysAck)[0].PlaysAck.UpTo; up != forged.ID {
		t.Fatalf("confirmed up to %d, want %d (the forged record too, so it is forgotten)", up, forged.ID)
	}
}

func TestFullPlayQueueRefusesWithoutConfirming(t *testing.T) {
	// No Run: the queue is written only when the test says.
	st := &fakeStore{d: store.Desired{Revision: 1, Playlists: []store.Playlist{{Slug: playlists.DefaultSlug, Items: []store.PlaylistItem{{ID: 1, Text: "Mừng Đảng, mừng Xuân", Seconds: 10}}}},
		Boards: []store.Target{target(1, 384, 128, ""), target(2, 384, 128, "")}}}
	links := &fakeLinks{frames: map[int64][]protocol.Message{}, got: make(chan struct{}, 1)}
	f := New(Config{Store: st, Renderer: &fakeRenderer{calls: map[string]int{}}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxQueuedPlays: 3})
	f.Attach(links)
	if err := f.rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.Plays(1, 0, plays(time.Now(), 2))
	f.Plays(2, 0, plays(time.Now(), 2)) // over the bound: refused
	f.tel.Flush(context.Background(), true, true, true)
	if len(links.of(1, protocol.TypePlaysAck)) != 1 {
		t.Fatal("queued plays not confirmed after the write")
	}
	if len(links.of(2, protocol.TypePlaysAck)) != 0 {
		t.Fatal("refused plays were confirmed")
	}
	if n := len(st.saved[0].Plays); n != 1 {
		t.Fatalf("%d boards' plays written, want 1", n)
	}
}

func TestStatusCoalescedAndThumbnailsShared(t *testing.T) {
	rg := newRig(t)
	rg.st.mu.Lock() // hold the writer while statuses arrive
	thumb := []byte("\x89PNG same picture")
	for i := range 5 {
		rg.f.Status(1, 0, &protocol.Status{Playlist: playlists.DefaultSlug, ItemID: int64(i), Thumbnail: thumb})
		rg.f.Status(2, 0, &protocol.Status{Playlist: playlists.DefaultSlug, ItemID: int64(i), Thumbnail: append([]byte(nil), thumb...)})
	}
	rg.st.mu.Unlock()
	rg.waitFor(t, "statuses written", func() bool {
		rg.st.mu.Lock()
		defer rg.st.mu.Unlock()
		n := 0
		for _, b := range rg.st.saved {
			n += len(b.Seen)
		}
		return n >= 2
	})
	rg.st.mu.Lock()
	var writes int
	for _, b := range rg.st.saved {
		writes += len(b.Seen)
	}
	rg.st.mu.Unlock()
	if writes > 4 {
		t.Fatalf("%d status writes for 10 reports from 2 boards held back", writes)
	}
	if v := rg.f.View(1); v.Status == nil || v.Status.ItemID != 4 || v.Status.Thumbnail != nil || v.Thumbnail == "" {
		t.Fatalf("view %+v", v)
	}
	rg.f.mu.Lock()
	held := len(rg.f.thumbs.byHash)
	rg.f.mu.Unlock()
	if held != 1 || string(rg.f.Thumbnail(2)) != string(thumb) {
		t.Fatalf("%d thumbnails held for one picture", held)
	}
	// Past the budget a new picture is not kept.
	rg.f.mu.Lock()
	rg.f.thumbs.max = rg.f.thumbs.bytes
	rg.f.mu.Unlock()
	rg.f.Status(3, 0, &protocol.Status{Thumbnail: []byte("another picture")})
	if rg.f.Thumbnail(3) != nil {
		t.Fatal("thumbnail kept past the budget")
	}
}

// echoLinks acknowledges every manifest as soon as it is sent, as a
// fleet of quick boards would.
type echoLinks struct {
	f *Fleet
}

func (l *echoLinks) SendAll(ds []hub.Delivery) {
	for _, d := range ds {
		msg, err := decodeFrame(d.Frame)
		if err != nil || msg.Type != protocol.TypeManifest {
			continue
		}
		var env protocol.Envelope
		if json.Unmarshal(msg.Manifest.Payload, &env) == nil {
			go l.f.Ack(d.BoardID, uint64(d.BoardID), env.Revision)
		}
	}
}

func (l *echoLinks) Disconnect(int64) {}

// Boards connecting while publications come and go, some of them
// changing nothing for these boards, all end up up to date.
func TestConnectStormDuringPublications(t *testing.T) {
	const boards = 300
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	st := &fakeStore{d: store.Desired{Revision: 1, Playlists: []store.Playlist{{Slug: playlists.DefaultSlug, Name: "Chào mừng", Items: []store.PlaylistItem{{ID: 1, Text: "Mừng Đảng", Seconds: 10}}}}}}
	for i := range boards {
		st.d.Boards = append(st.d.Boards, target(int64(i+1), 384, 128, fmt.Sprintf("thon-%d", i%7)))
	}
	f := New(Config{Store: st, Renderer: &fakeRenderer{calls: map[string]int{}}, Key: priv, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), FlushEvery: time.Millisecond, RetryEvery: time.Millisecond})
	f.Attach(&echoLinks{f: f})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	var wg sync.WaitGroup
	for i := range boards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.Authenticate(ctx, fmt.Sprintf("hash-%d", i+1))
			f.Connected(int64(i+1), uint64(i+1), "192.0.2.1", protocol.Level)
		}()
		if i%20 == 0 {
			// A change elsewhere: a new revision, the same manifests.
			st.change(func(*store.Desired) {})
			f.Publish()
		}
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for f.Summary().UpToDate != boards {
		if time.Now().After(deadline) {
			for id := int64(1); id <= boards; id++ {
				if v := f.View(id); !v.UpToDate {
					t.Errorf("board %d behind: %+v", id, v)
				}
			}
			t.Fatalf("%+v", f.Summary())
		}
		time.Sleep(time.Millisecond)
	}
}

// Between a committed change and its publication no board is shown up
// to date: a script waiting for the switch never sees the old state as
// done.
func TestNothingUpToDateWhileAChangeIsCut(t *testing.T) {
	rg := newRig(t)
	rg.connect(1, 2, 3, 4)
	rg.waitManifests(t, 1, 1, 2, 3, 4)
	rg.ackAll(t, 1, 2, 3, 4)
	rg.st.mu.Lock() // the publication cannot read the database yet
	rg.st.d.Revision = 150
	rg.f.Changed(store.Change{Revision: 150, Action: "override.set"})
	s := rg.f.Summary()
	rg.st.mu.Unlock()
	if !s.Publishing || s.UpToDate != 0 {
		t.Fatalf("while cutting: %+v", s)
	}
	rg.waitFor(t, "publication", func() bool { return !rg.f.Summary().Publishing })
	// Nothing changed for the boards themselves: all up to date again.
	if s := rg.f.Summary(); s.UpToDate != 4 || s.Published != 150 {
		t.Fatalf("after: %+v", s)
	}
}

// A change of what boards show does not reread the boards; a change of
// the boards does.
func TestBoardsRereadOnlyWhenBoardsChange(t *testing.T) {
	rg := newRig(t)
	reads := func() int {
		rg.st.mu.Lock()
		defer rg.st.mu.Unlock()
		return rg.st.boardReads
	}
	before := reads()
	rg.st.change(func(d *store.Desired) {
		d.Switches = []store.Switch{{UnitID: store.RootUnit, Override: playlists.Override{Playlist: playlists.CongressSuccessSlug, Since: time.Now()}}}
	})
	rg.f.Changed(store.Change{Revision: 101, Action: "override.set"})
	rg.waitFor(t, "override published", func() bool { s := rg.f.Summary(); return s.Published == 101 && !s.Publishing })
	if reads() != before {
		t.Fatalf("an override reread the boards")
	}
	rg.st.change(func(d *store.Desired) { d.Boards = append(d.Boards, target(6, 384, 128, "cho")) })
	rg.f.Changed(store.Change{Revision: 102, Action: "board.create"})
	rg.waitFor(t, "new board published", func() bool { return rg.f.Summary().Boards == 5 })
	if reads() != before+1 {
		t.Fatalf("boards read %d times after a board was added", reads()-before)
	}
}

type nullLinks struct{}

func (nullLinks) SendAll([]hub.Delivery) {}
func (nullLinks) Disconnect(int64)       {}

// BenchmarkSwitch measures the controller's own work for the one-click
// switch with 10,000 connected boards in 40 groups and 3 sizes: cutting
// the publication and signing and framing every board's manifest (the
// hub's writes are not included). Reported per switch.
func BenchmarkSwitch(b *testing.B) {
	const boards = 10_000
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	st := &fakeStore{d: store.Desired{Revision: 1, Playlists: []store.Playlist{
		{Slug: playlists.DefaultSlug, Name: "Chào mừng Đại hội", Items: []store.PlaylistItem{{ID: 1, Text: "Mừng Đảng, mừng Xuân", Seconds: 10}, {ID: 2, Text: "Đại hội thành công", Seconds: 10}}},
		{Slug: playlists.CongressSuccessSlug, Name: "Mừng Đại hội thành công", Items: []store.PlaylistItem{{ID: 3, Text: "Mừng Đại hội thành công tốt đẹp", Seconds: 10}}},
	}}}
	sizes := [][2]int{{384, 128}, {192, 64}, {1920, 1080}}
	for i := range boards {
		sz := sizes[i%3]
		st.d.Boards = append(st.d.Boards, target(int64(i+1), sz[0], sz[1], fmt.Sprintf("thon-%d", i%40)))
	}
	f := New(Config{Store: st, Renderer: &fakeRenderer{calls: map[string]int{}}, Key: priv, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	f.Attach(nullLinks{})
	ctx := context.Background()
	if err := f.rebuild(ctx); err != nil {
		b.Fatal(err)
	}
	for i := range boards {
		f.Connected(int64(i+1), uint64(i+1), "192.0.2.1", protocol.Level)
	}
	f.sendPending()
	b.ResetTimer()
	for i := range b.N {
		st.change(func(d *store.Desired) {
			d.Switches = nil
			if i%2 == 0 {
				d.Switches = []store.Switch{{UnitID: store.RootUnit, Override: playlists.Override{Playlist: playlists.CongressSuccessSlug, Since: time.Now()}}}
			}
		})
		if err := f.rebuild(ctx); err != nil {
			b.Fatal(err)
		}
		f.sendPending()
	}
}

// A board deleted while a publication is reading the database (from
// before the deletion) is not brought back by it: its token opens
// nothing.
func TestDeletedBoardStaysGoneDuringAPublication(t *testing.T) {
	rg := newRig(t)
	rg.st.mu.Lock() // a publication is about to read the old state
	rg.st.d.Revision = 120
	rg.f.Changed(store.Change{Revision: 120, Action: "board.update"})
	time.Sleep(5 * time.Millisecond)
	// Meanwhile board 2 is deleted: gone from the database, then Forget.
	var kept []store.Target
	stale := rg.st.d.Boards
	for _, b := range rg.st.d.Boards {
		if b.ID != 2 {
			kept = append(kept, b)
		}
	}
	rg.f.Forget(2)
	// The publication reads the state from before the deletion.
	rg.st.d.Boards = stale
	rg.st.mu.Unlock()
	rg.waitFor(t, "publication of 120", func() bool { s := rg.f.Summary(); return s.Published == 120 && !s.Publishing })
	rg.st.mu.Lock()
	rg.st.d.Boards = kept
	rg.st.mu.Unlock()
	if s := rg.f.Summary(); s.Boards != 3 {
		t.Fatalf("deleted board back in the publication: %+v", s)
	}
	if _, err := rg.f.Authenticate(context.Background(), "hash-2"); !errors.Is(err, ErrUnknownBoard) {
		t.Fatalf("deleted board's token: %v", err)
	}
}

// groupsOf is a board's groups in the tests' shorthand: "" for none.
func groupsOf(group string) []string {
	if group == "" {
		return nil
	}
	return []string{group}
}

// A switch changes every board's status. The database's copy of a
// connected board's status is written once it has waited StatusEvery,
// however many reports came meanwhile; a board that leaves has its last
// status written within SeenEvery; the controller's stop writes the rest.
func TestStatusesOfConnectedBoardsWaitTheirTurn(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	rg := newRigWith(t, func(c *Config) { c.Now = clock; c.StatusEvery = time.Hour })
	rg.connect(1, 2, 3)
	written := func() map[int64]int {
		rg.st.mu.Lock()
		defer rg.st.mu.Unlock()
		n := map[int64]int{}
		for _, b := range rg.st.saved {
			for _, s := range b.Seen {
				n[s.Board]++
			}
		}
		return n
	}
	// Three switches' worth of reports from every board.
	for item := range 3 {
		for _, id := range []int64{1, 2, 3} {
			rg.f.Status(id, rg.linkOf(id), &protocol.Status{Playlist: playlists.DefaultSlug, ItemID: int64(item + 1)})
		}
		advance(10 * time.Minute)
	}
	rg.f.Disconnected(3, rg.linkOf(3))
	rg.waitFor(t, "the status of the board that left written", func() bool { return written()[3] == 1 })
	time.Sleep(20 * time.Millisecond) // many SeenEvery ticks
	if n := written(); n[1]+n[2] != 0 {
		t.Fatalf("statuses of connected boards written before StatusEvery: %v", n)
	}
	advance(31 * time.Minute) // the first report came 61 minutes ago
	rg.waitFor(t, "the connected boards' statuses written", func() bool { n := written(); return n[1] == 1 && n[2] == 1 })
	rg.st.mu.Lock()
	for _, b := range rg.st.saved {
		for _, s := range b.Seen {
			if !bytes.Contains(s.Status, []byte(`"item_id":3`)) {
				t.Errorf("board %d: %s written, want its newest status", s.Board, s.Status)
			}
		}
	}
	rg.st.mu.Unlock()
	// Newer reports wait their turn again; the stop writes them.
	rg.f.Status(1, rg.linkOf(1), &protocol.Status{Playlist: playlists.CongressSuccessSlug, ItemID: 3})
	time.Sleep(20 * time.Millisecond)
	if n := written(); n[1] != 1 {
		t.Fatalf("board 1 written %d times before its turn", n[1])
	}
	rg.stopRun()
	if n := written(); n[1] != 2 {
		t.Fatalf("board 1's newest status not written when the controller stopped: %d writes", n[1])
	}
}
