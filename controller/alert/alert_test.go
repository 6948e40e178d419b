package alert

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"codong/controller/fleet"
	"codong/controller/store"
	"codong/protocol"
)

// states is the boards' live state as a test sets it.
type states struct {
	mu sync.Mutex
	bs []fleet.BoardState
}

func (s *states) Boards() []fleet.BoardState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]fleet.BoardState(nil), s.bs...)
}

func (s *states) set(online bool, left time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.bs {
		s.bs[i].View.Online, s.bs[i].View.Left = online, left
	}
}

// A board that goes dark and comes back before GroupWait has passed is
// told of to nobody; one that stays dark is told of once, and once when
// it is back; a receiver that fails is tried again, later each time,
// until it takes the message, and every attempt is in the history.
func TestFlapsAreQuietAndFailedDeliveriesAreRetried(t *testing.T) {
	ctx := context.Background()
	st, clock, advance := clockStore(t, time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC))
	admin := store.Actor{Key: "cli", Name: "thử", Roles: store.AllRoles}
	b, err := st.CreateBoard(ctx, admin, store.Board{Name: "Bảng LED chợ", Width: 384, Height: 128}, "h1")
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if calls.Add(1) < 3 {
			http.Error(w, "đang bảo trì", http.StatusServiceUnavailable)
		}
	}))
	defer receiver.Close()
	if _, err := st.AddAlertTarget(ctx, admin, store.AlertTarget{Kind: store.TargetWebhook, Address: receiver.URL, Secret: "bí mật đủ dài để ký"}); err != nil {
		t.Fatal(err)
	}
	boards := &states{bs: []fleet.BoardState{{ID: b.ID, Name: b.Name, Unit: store.RootUnit, View: fleet.View{Online: true}}}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	w := NewWatcher(Config{Store: st, Boards: boards, Log: log, Now: clock, OfflineAfter: time.Minute, GroupWait: 30 * time.Second, Holder: "a"})
	s := NewSender(SenderConfig{Store: st, Log: log, Now: clock, RetryFirst: 10 * time.Second, Holder: "a"})
	look := func() {
		t.Helper()
		if err := w.Look(ctx); err != nil {
			t.Fatal(err)
		}
	}
	told := func() []store.AlertEvent {
		t.Helper()
		h, err := st.AlertHistory(ctx, store.Everything, 10)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	look()
	// Dark past its threshold, back before GroupWait: nothing told.
	boards.set(false, clock())
	advance(61 * time.Second)
	look()
	advance(10 * time.Second)
	boards.set(true, time.Time{})
	look()
	advance(time.Minute)
	look()
	if h := told(); len(h) != 0 {
		t.Fatalf("a flap was told: %+v", h)
	}
	// Dark for good: told once, however many looks.
	boards.set(false, clock())
	for range 10 {
		advance(15 * time.Second)
		look()
	}
	if h := told(); len(h) != 1 || h[0].Event != "board.offline" || len(h[0].Deliveries) != 1 {
		t.Fatalf("history after the board stayed dark: %+v", h)
	}
	// The receiver fails twice: tried again 10 s, then 20 s later.
	for _, wait := range []time.Duration{0, 10 * time.Second, 20 * time.Second} {
		advance(wait)
		s.SendDue(ctx)
	}
	d := told()[0].Deliveries[0]
	if d.State != store.DeliverySent || d.Attempts != 3 || calls.Load() != 3 {
		t.Fatalf("delivery after two failures and a success: %+v, %d calls", d, calls.Load())
	}
	// Back: told once.
	boards.set(true, time.Time{})
	for range 4 {
		advance(15 * time.Second)
		look()
	}
	if h := told(); len(h) != 2 || h[0].Event != "board.back" {
		t.Fatalf("history after the board came back: %+v", h)
	}
	// A restarted controller knows the incident is closed: nothing new.
	w2 := NewWatcher(Config{Store: st, Boards: boards, Log: log, Now: clock, OfflineAfter: time.Minute, GroupWait: 30 * time.Second, Holder: "a"})
	if err := w2.start(ctx); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		advance(15 * time.Second)
		if err := w2.Look(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if h := told(); len(h) != 2 {
		t.Fatalf("a restarted watcher told again: %+v", h)
	}
}

// A delivery no receiver takes for a day is given up, and says why.
func TestDeliveriesAreGivenUpAfterADay(t *testing.T) {
	ctx := context.Background()
	st, clock, advance := clockStore(t, time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC))
	admin := store.Actor{Key: "cli", Name: "thử", Roles: store.AllRoles}
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "", http.StatusBadGateway) }))
	defer dead.Close()
	if _, err := st.AddAlertTarget(ctx, admin, store.AlertTarget{Kind: store.TargetWebhook, Address: dead.URL, Secret: "bí mật đủ dài để ký"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordAlert(ctx, store.AlertEvent{Event: "board.offline", At: clock(), Boards: []store.AlertBoard{{ID: 1, Name: "Bảng", UnitID: store.RootUnit}}, Summary: "1 bảng"}); err != nil {
		t.Fatal(err)
	}
	s := NewSender(SenderConfig{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock, RetryFirst: time.Minute, Holder: "a"})
	for range 40 {
		s.SendDue(ctx)
		advance(time.Hour)
	}
	h, _ := st.AlertHistory(ctx, store.Everything, 1)
	d := h[0].Deliveries[0]
	if d.State != store.DeliveryFailed || d.Attempts < 5 || d.Attempts > 30 || d.LastError == "" {
		t.Fatalf("a day of failures: %+v", d)
	}
}

// A board deleted while dark is not told of as "back".
func TestADeletedBoardIsNotBack(t *testing.T) {
	ctx := context.Background()
	st, clock, advance := clockStore(t, time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC))
	boards := &states{bs: []fleet.BoardState{{ID: 7, Name: "Bảng LED cũ", Unit: store.RootUnit, View: fleet.View{Left: clock()}}}}
	w := NewWatcher(Config{Store: st, Boards: boards, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock, OfflineAfter: time.Minute, GroupWait: time.Second, Holder: "a"})
	for range 5 {
		advance(time.Minute)
		if err := w.Look(ctx); err != nil {
			t.Fatal(err)
		}
	}
	boards.mu.Lock()
	boards.bs = nil // deleted
	boards.mu.Unlock()
	for range 5 {
		advance(time.Minute)
		if err := w.Look(ctx); err != nil {
			t.Fatal(err)
		}
	}
	h, _ := st.AlertHistory(ctx, store.Everything, 10)
	if len(h) != 1 || h[0].Event != "board.offline" {
		t.Fatalf("history of a board deleted while dark: %+v", h)
	}
}

// A board that reports little free space on its card is told of once,
// and once when it has room again.
func TestLowDiskIsToldOnce(t *testing.T) {
	ctx := context.Background()
	st, clock, advance := clockStore(t, time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC))
	free := int64(40 << 20)
	boards := &states{bs: []fleet.BoardState{{ID: 3, Name: "Bảng LED thôn", Unit: store.RootUnit, View: fleet.View{Online: true, UpToDate: true, Status: &protocol.Status{DiskFreeBytes: &free}}}}}
	w := NewWatcher(Config{Store: st, Boards: boards, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock, GroupWait: time.Second, Holder: "a"})
	look := func(n int) {
		for range n {
			advance(time.Second)
			if err := w.Look(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	look(5)
	roomy := int64(2 << 30)
	boards.mu.Lock()
	boards.bs[0].View.Status = &protocol.Status{DiskFreeBytes: &roomy}
	boards.mu.Unlock()
	look(5)
	h, _ := st.AlertHistory(ctx, store.Everything, 10)
	if len(h) != 2 || h[1].Event != "board.disk_low" || h[0].Event != "board.disk_ok" {
		t.Fatalf("history of a board low on disk: %+v", h)
	}
}

// A receiver of the daily digest gets nothing at each event, and one
// message after 7:00 naming the last day's events for its boards; the
// others are told at each event as before.
func TestDailyDigest(t *testing.T) {
	ctx := context.Background()
	hcm := time.FixedZone("ICT", 7*3600)
	st, clock, advance := clockStore(t, time.Date(2026, 12, 15, 14, 0, 0, 0, hcm))
	admin := store.Actor{Key: "cli", Name: "thử", Roles: store.AllRoles}
	daily, err := st.AddAlertTarget(ctx, admin, store.AlertTarget{Kind: store.TargetEmail, Address: "bithu@lienminh.example", Digest: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAlertTarget(ctx, admin, store.AlertTarget{Kind: store.TargetEmail, Address: "kythuat@lienminh.example"}); err != nil {
		t.Fatal(err)
	}
	boards := &states{bs: []fleet.BoardState{{ID: 3, Name: "Bảng LED thôn", Unit: store.RootUnit, View: fleet.View{Online: true, UpToDate: true}}}}
	w := NewWatcher(Config{Store: st, Boards: boards, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock, OfflineAfter: time.Minute,
		GroupWait: time.Second, Holder: "a", Location: hcm})
	look := func(step time.Duration, n int) {
		for range n {
			advance(step)
			if err := w.Look(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	look(time.Second, 2)
	boards.set(false, clock())
	look(30*time.Second, 4) // offline, told
	boards.set(true, time.Time{})
	look(time.Second, 3) // back, told
	h, _ := st.AlertHistory(ctx, store.Everything, 10)
	if len(h) != 2 {
		t.Fatalf("events before the digest: %+v", h)
	}
	for _, ev := range h {
		if len(ev.Deliveries) != 1 || ev.Deliveries[0].Target != "kythuat@lienminh.example" {
			t.Fatalf("%s delivered to %+v, want the per-event receiver only", ev.Event, ev.Deliveries)
		}
	}
	look(time.Hour, 18) // past 7:00 the next morning
	look(time.Minute, 5)
	h, _ = st.AlertHistory(ctx, store.Everything, 10)
	if len(h) != 3 || h[0].Event != store.EventDigest || len(h[0].Deliveries) != 1 || h[0].Deliveries[0].TargetID != daily.ID ||
		!strings.Contains(h[0].Summary, "2 việc") || !strings.Contains(h[0].Summary, "Bảng LED thôn") {
		t.Fatalf("history after the morning: %+v", h)
	}
}

// clockStore is a store on a new SQLite file whose clock the test moves.
func clockStore(t *testing.T, start time.Time) (st *store.Store, now func() time.Time, advance func(time.Duration)) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "codong.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var mu sync.Mutex
	at := start
	now = func() time.Time { mu.Lock(); defer mu.Unlock(); return at }
	advance = func(d time.Duration) { mu.Lock(); at = at.Add(d); mu.Unlock() }
	st.SetClock(now)
	return st, now, advance
}

// A failed delivery says why in Vietnamese, never in the network's words;
// a link-local receiver (a cloud's metadata service) is never dialled.
func TestDeliveryErrorsAreSaid(t *testing.T) {
	ctx := context.Background()
	st, clock, _ := clockStore(t, time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC))
	admin := store.Actor{Key: "cli", Name: "thử", Roles: store.AllRoles}
	for _, url := range []string{"http://169.254.169.254/latest", "http://127.0.0.1:9/khong-co-ai"} {
		if _, err := st.AddAlertTarget(ctx, admin, store.AlertTarget{Kind: store.TargetWebhook, Address: url, Secret: "bí mật đủ dài để ký"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.RecordAlert(ctx, store.AlertEvent{Event: "board.offline", At: clock(), Boards: []store.AlertBoard{{ID: 1, Name: "Bảng", UnitID: store.RootUnit}}, Summary: "1 bảng"}); err != nil {
		t.Fatal(err)
	}
	NewSender(SenderConfig{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock, Holder: "a"}).SendDue(ctx)
	h, _ := st.AlertHistory(ctx, store.Everything, 1)
	if len(h) != 1 || len(h[0].Deliveries) != 2 {
		t.Fatalf("history %+v", h)
	}
	metadata, refused := h[0].Deliveries[0], h[0].Deliveries[1]
	if metadata.LastError != errLinkLocal.Error() {
		t.Errorf("the metadata address: %q", metadata.LastError)
	}
	if !strings.HasPrefix(refused.LastError, "không kết nối được") || strings.Contains(refused.LastError, "dial") {
		t.Errorf("a refused connection: %q", refused.LastError)
	}
}
