package alert

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"codong/controller/fleet"
	"codong/controller/store"
)

// The watcher looks at every board every few seconds and opens an
// incident when a board goes wrong, closes it when the board is right
// again, and tells the people responsible once for each: boards that go
// wrong (or right) within GroupWait of each other make one message, so
// two hundred boards losing power together are one message naming them.
// A board that goes wrong and right again within GroupWait is told of to
// nobody.

// Kinds of incident, each with the event that opens it and the one that
// closes it (as webhooks name them).
type kind struct {
	open, close string
	// opened and closed say it in Vietnamese, for n boards.
	opened, closed func(n int, offlineAfter time.Duration) string
}

var kinds = []kind{
	{"board.offline", "board.back",
		func(n int, after time.Duration) string {
			return fmt.Sprintf("%d bảng mất liên lạc quá thời gian cho phép (mặc định %s)", n, minutes(after))
		},
		func(n int, _ time.Duration) string { return fmt.Sprintf("%d bảng đã liên lạc lại", n) }},
	{"board.display_problem", "board.display_ok",
		func(n int, _ time.Duration) string {
			return fmt.Sprintf("%d bảng báo không hiện được nội dung", n)
		},
		func(n int, _ time.Duration) string {
			return fmt.Sprintf("%d bảng đã hiện lại bình thường", n)
		}},
	{"board.flagged", "board.unflagged",
		func(n int, _ time.Duration) string {
			return fmt.Sprintf("%d bảng bị đánh dấu đáng ngờ (kết nối lạ, gửi tin sai hay quá nhiều)", n)
		},
		func(n int, _ time.Duration) string {
			return fmt.Sprintf("%d bảng không còn bị đánh dấu đáng ngờ", n)
		}},
	{"board.clock_off", "board.clock_ok",
		func(n int, _ time.Duration) string {
			return fmt.Sprintf("%d bảng có đồng hồ lệch quá một phút", n)
		},
		func(n int, _ time.Duration) string { return fmt.Sprintf("%d bảng đã đúng giờ lại", n) }},
	{"board.disk_low", "board.disk_ok",
		func(n int, _ time.Duration) string {
			return fmt.Sprintf("%d bảng sắp hết chỗ trống trên thẻ nhớ (dưới %d MB)", n, LowDiskBytes>>20)
		},
		func(n int, _ time.Duration) string {
			return fmt.Sprintf("%d bảng đã có lại chỗ trống trên thẻ nhớ", n)
		}},
	{"switch.unacknowledged", "switch.acknowledged",
		func(n int, _ time.Duration) string {
			return fmt.Sprintf("%d bảng chưa nhận thay đổi mới nhất (lệnh chuyển, nội dung) sau một phút", n)
		},
		func(n int, _ time.Duration) string {
			return fmt.Sprintf("%d bảng đã nhận thay đổi mới nhất", n)
		}},
}

// Indexes of kinds, for conditions.
const (
	kindOffline = iota
	kindDisplay
	kindFlagged
	kindClock
	kindDisk
	kindBehind
	nKinds
)

// LowDiskBytes is the free space under which a board is told of: its
// cache could not take the pictures of a new playlist.
const LowDiskBytes = 100 << 20

func minutes(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%d phút", int(d/time.Minute))
	}
	return fmt.Sprintf("%d giây", int(d/time.Second))
}

// Boards gives the boards and their live state (fleet.Fleet).
type Boards interface {
	Boards() []fleet.BoardState
}

// Config is what a Watcher needs.
type Config struct {
	Store  *store.Store
	Boards Boards
	Log    *slog.Logger
	Now    func() time.Time
	// OfflineAfter is how long a board may be unheard before an alert,
	// unless a threshold is set for it or its group; DefaultOfflineAfter
	// if zero.
	OfflineAfter time.Duration
	// GroupWait gathers boards going wrong (or right) together into one
	// message; Every is how often boards are looked at.
	GroupWait, Every time.Duration
	// RetryFirst is the Sender's first wait after a failed delivery.
	RetryFirst time.Duration
	// Location is the zone the daily digest's hour is read in (UTC if
	// nil).
	Location *time.Location
	// MailCA is a PEM file of the authorities the mail server's
	// certificate is checked against ("": the system's): a district's
	// private CA.
	MailCA string
	// Holder names this controller for the lease that lets only one
	// controller of a shared database send the alerts; New adds the
	// host, the process and a random part.
	Holder string
}

// Service is the watcher and the sender of one controller.
type Service struct {
	Watcher *Watcher
	Sender  *Sender
}

// New makes the alerts of a controller; Run starts them.
func New(cfg Config) (*Service, error) {
	roots, err := LoadRoots(cfg.MailCA)
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	var r [4]byte
	rand.Read(r[:])
	cfg.Holder = fmt.Sprintf("%s/%s/%d/%x", cfg.Holder, host, os.Getpid(), r)
	return &Service{
		Watcher: NewWatcher(cfg),
		Sender: NewSender(SenderConfig{Store: cfg.Store, Log: cfg.Log, Now: cfg.Now, Every: cfg.Every, RetryFirst: cfg.RetryFirst, Holder: cfg.Holder,
			MailRoots: roots}),
	}, nil
}

// Run runs the watcher and the sender until ctx ends.
func (s *Service) Run(ctx context.Context) {
	done := make(chan struct{})
	go func() { s.Sender.Run(ctx); close(done) }()
	s.Watcher.Run(ctx)
	<-done
}

// Defaults of Config.
const (
	DefaultOfflineAfter = 10 * time.Minute
	DefaultGroupWait    = 30 * time.Second
	DefaultEvery        = 5 * time.Second
	// clockLimit is how far a board's clock may be off; behindAfter how
	// long a connected board may miss the latest change.
	clockLimit  = time.Minute
	behindAfter = time.Minute
	// historyRead is how many past events say which incidents are open
	// when the controller starts.
	historyRead = 2000
)

// Watcher opens and closes incidents and records their events, which
// the Sender delivers.
type Watcher struct {
	cfg Config
	// open is, per kind, the boards with an incident open;
	// opening and closing, those seen to change since (when first seen),
	// waiting for GroupWait to pass.
	open, opening, closing [nKinds]map[int64]time.Time
	// behind is when a connected board was first seen not up to date.
	behind map[int64]time.Time
	// lastSeen is boards' last sign of life before this controller
	// started, from the database.
	lastSeen map[int64]time.Time
	// names keeps each board's last known name, unit and groups, so a
	// board deleted while wrong is still named when it closes.
	names map[int64]store.AlertBoard
	wake  chan struct{}
}

// NewWatcher makes a Watcher; Run starts it.
func NewWatcher(cfg Config) *Watcher {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.OfflineAfter <= 0 {
		cfg.OfflineAfter = DefaultOfflineAfter
	}
	if cfg.GroupWait <= 0 {
		cfg.GroupWait = DefaultGroupWait
	}
	if cfg.Every <= 0 {
		cfg.Every = DefaultEvery
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	w := &Watcher{cfg: cfg, behind: map[int64]time.Time{}, names: map[int64]store.AlertBoard{}, wake: make(chan struct{}, 1)}
	for i := range kinds {
		w.open[i], w.opening[i], w.closing[i] = map[int64]time.Time{}, map[int64]time.Time{}, map[int64]time.Time{}
	}
	return w
}

// Run looks at the boards every Every until ctx ends, while this
// controller holds the lease.
func (w *Watcher) Run(ctx context.Context) {
	if err := w.start(ctx); err != nil {
		w.cfg.Log.Error("alerts: cannot read what was already told; alerts start afresh", "err", err)
	}
	t := time.NewTicker(w.cfg.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
		if err := w.cfg.Store.LeadAlerts(ctx, w.cfg.Holder, 3*w.cfg.Every+time.Second); err != nil {
			continue // another controller watches, or the database is away
		}
		if err := w.Look(ctx); err != nil {
			w.cfg.Log.Error("alerts: cannot record an event", "err", err)
		}
	}
}

// start reads which incidents are open from the events already told,
// and the boards' last signs of life.
func (w *Watcher) start(ctx context.Context) error {
	boards, err := w.cfg.Store.Boards(ctx, store.Everything)
	if err != nil {
		return err
	}
	w.lastSeen = map[int64]time.Time{}
	for _, b := range boards {
		if !b.LastSeenAt.IsZero() {
			w.lastSeen[b.ID] = b.LastSeenAt
		}
	}
	events, err := w.cfg.Store.AlertHistory(ctx, store.Everything, historyRead)
	if err != nil {
		return err
	}
	// Oldest first: the last word on each board stands.
	for _, ev := range slices.Backward(events) {
		for i, k := range kinds {
			for _, b := range ev.Boards {
				switch ev.Event {
				case k.open:
					w.open[i][b.ID] = ev.At
					w.names[b.ID] = b
				case k.close:
					delete(w.open[i], b.ID)
				}
			}
		}
	}
	return nil
}

// Look looks at every board once, and records the events due.
func (w *Watcher) Look(ctx context.Context) error {
	now := w.cfg.Now()
	thresholds, err := w.cfg.Store.OfflineThresholds(ctx)
	if err != nil {
		return err
	}
	states := w.cfg.Boards.Boards()
	var wrong [nKinds]map[int64]bool
	for i := range kinds {
		wrong[i] = map[int64]bool{}
	}
	present := map[int64]bool{}
	for _, b := range states {
		present[b.ID] = true
		w.names[b.ID] = store.AlertBoard{ID: b.ID, Name: b.Name, UnitID: b.Unit, Groups: b.Groups}
		v := b.View
		if !v.Online {
			seen := v.Left
			if seen.IsZero() {
				seen = w.lastSeen[b.ID]
			}
			if !seen.IsZero() && now.Sub(seen) >= w.offlineAfter(b, thresholds) {
				wrong[kindOffline][b.ID] = true
			}
		}
		if v.Online && v.Status != nil && (v.Status.DisplayProblem != "" || v.Status.Problem != "") {
			wrong[kindDisplay][b.ID] = true
		}
		if v.Flag != nil {
			wrong[kindFlagged][b.ID] = true
		}
		if v.Online && v.Status != nil && abs(time.Duration(v.Status.ClockOffsetMs)*time.Millisecond) > clockLimit {
			wrong[kindClock][b.ID] = true
		}
		if v.Online && v.Status != nil && v.Status.DiskFreeBytes != nil && *v.Status.DiskFreeBytes < LowDiskBytes {
			wrong[kindDisk][b.ID] = true
		}
		if v.Online && !v.UpToDate {
			if _, ok := w.behind[b.ID]; !ok {
				w.behind[b.ID] = now
			}
			if now.Sub(w.behind[b.ID]) >= behindAfter {
				wrong[kindBehind][b.ID] = true
			}
		} else {
			delete(w.behind, b.ID)
		}
	}
	for id := range w.behind {
		if !present[id] {
			delete(w.behind, id)
		}
	}
	for id := range w.names {
		if !present[id] && !w.anyOpen(id) {
			delete(w.names, id)
		}
	}
	tree, err := w.cfg.Store.Units(ctx)
	if err != nil {
		return err
	}
	if err := w.digest(ctx, tree, now); err != nil {
		return err
	}
	for i, k := range kinds {
		w.note(i, wrong[i], present, now)
		if err := w.emit(ctx, tree, k.open, w.opening[i], w.open[i], k.opened(len(w.opening[i]), w.cfg.OfflineAfter), now, true); err != nil {
			return err
		}
		if err := w.emit(ctx, tree, k.close, w.closing[i], w.open[i], k.closed(len(w.closing[i]), w.cfg.OfflineAfter), now, false); err != nil {
			return err
		}
	}
	return nil
}

// anyOpen reports whether a board has an incident open or waiting.
func (w *Watcher) anyOpen(id int64) bool {
	for i := range kinds {
		_, a := w.open[i][id]
		_, b := w.opening[i][id]
		_, c := w.closing[i][id]
		if a || b || c {
			return true
		}
	}
	return false
}

// offlineAfter is a board's threshold: its own, else the smallest of
// its groups', else the default.
func (w *Watcher) offlineAfter(b fleet.BoardState, thresholds map[string]int) time.Duration {
	if n, ok := thresholds[fmt.Sprintf("board:%d", b.ID)]; ok {
		return time.Duration(n) * time.Second
	}
	best := 0
	for _, g := range b.Groups {
		if n, ok := thresholds["group:"+g]; ok && (best == 0 || n < best) {
			best = n
		}
	}
	if best > 0 {
		return time.Duration(best) * time.Second
	}
	return w.cfg.OfflineAfter
}

// note moves boards between a kind's states: a board newly wrong waits
// to open, one right again waits to close; a board that turns back
// before its message is sent leaves the wait without a word. A board
// removed while wrong closes.
func (w *Watcher) note(i int, wrong, present map[int64]bool, now time.Time) {
	for id := range wrong {
		if _, open := w.open[i][id]; open {
			delete(w.closing[i], id)
		} else if _, waiting := w.opening[i][id]; !waiting {
			w.opening[i][id] = now
		}
	}
	for id := range w.opening[i] {
		if !wrong[id] {
			delete(w.opening[i], id)
		}
	}
	for id := range w.open[i] {
		if wrong[id] {
			continue
		}
		if !present[id] {
			// Deleted: nothing more to tell (not "back").
			delete(w.open[i], id)
			delete(w.closing[i], id)
			continue
		}
		if _, waiting := w.closing[i][id]; !waiting {
			w.closing[i][id] = now
		}
	}
}

// emit records one event naming every board of waiting once the first
// of them has waited GroupWait, and opens (or closes) their incidents.
func (w *Watcher) emit(ctx context.Context, tree *store.Tree, event string, waiting, open map[int64]time.Time, summary string, now time.Time, opening bool) error {
	if len(waiting) == 0 {
		return nil
	}
	first := now
	for _, at := range waiting {
		if at.Before(first) {
			first = at
		}
	}
	if now.Sub(first) < w.cfg.GroupWait {
		return nil
	}
	ev := store.AlertEvent{Event: event, At: now}
	for id := range waiting {
		b := w.names[id]
		if b.ID == 0 {
			b = store.AlertBoard{ID: id, Name: fmt.Sprintf("bảng số %d", id)}
		}
		if u, ok := tree.ByID(b.UnitID); ok {
			b.Unit = u.Slug
		}
		if b.Groups == nil {
			b.Groups = []string{}
		}
		ev.Boards = append(ev.Boards, b)
	}
	slices.SortFunc(ev.Boards, func(a, b store.AlertBoard) int { return strings.Compare(a.Name, b.Name) })
	ev.Summary = summary
	if _, err := w.cfg.Store.RecordAlert(ctx, ev); err != nil {
		return err
	}
	w.cfg.Log.Info("alert", "event", event, "boards", len(ev.Boards))
	for id := range waiting {
		if opening {
			open[id] = now
		} else {
			delete(open, id)
		}
		delete(waiting, id)
	}
	return nil
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// DigestHour is the hour (in the controller's zone) receivers of a
// daily digest are told of the last day's events.
const DigestHour = 7

const digestSetting = "alert_digest_day"

// digest records, once a day after DigestHour, each digest receiver's
// summary of the events of the last 24 hours that name its boards.
func (w *Watcher) digest(ctx context.Context, tree *store.Tree, now time.Time) error {
	local := now.In(w.cfg.Location)
	if local.Hour() < DigestHour {
		return nil
	}
	day := local.Format("2006-01-02")
	if done, err := w.cfg.Store.Setting(ctx, digestSetting); err == nil && done == day {
		return nil
	}
	targets, err := w.cfg.Store.AlertTargetsForDigest(ctx)
	if err != nil {
		return err
	}
	var events []store.AlertEvent
	if len(targets) > 0 {
		if events, err = w.cfg.Store.AlertsSince(ctx, now.Add(-24*time.Hour)); err != nil {
			return err
		}
	}
	for _, t := range targets {
		var lines []string
		seen := map[int64]bool{}
		var boards []store.AlertBoard
		for _, ev := range events {
			bs := ev.For(tree, t)
			if len(bs) == 0 {
				continue
			}
			var names []string
			for _, b := range bs {
				names = append(names, b.Name)
				if !seen[b.ID] {
					seen[b.ID] = true
					boards = append(boards, b)
				}
			}
			lines = append(lines, fmt.Sprintf("- %s: %s (%s)", ev.At.In(w.cfg.Location).Format("15:04 02/01"), summaryFor(ev, bs), strings.Join(names, ", ")))
		}
		if len(lines) == 0 {
			continue
		}
		sum := fmt.Sprintf("Tóm tắt cảnh báo 24 giờ qua: %d việc\n%s", len(lines), strings.Join(lines, "\n"))
		if _, err := w.cfg.Store.RecordAlert(ctx, store.AlertEvent{Event: store.EventDigest, Target: t.ID, At: now, Boards: boards, Summary: sum}); err != nil {
			return err
		}
	}
	return w.cfg.Store.PutSetting(ctx, digestSetting, day)
}
