// Package fleet is the one place where the desired state becomes what
// each board receives, and where what boards say comes back in.
//
// It keeps, per board, which revision was sent and acknowledged, and
// sends every manifest by one path (send), whether a board just
// connected, the state changed, or a board missed a change. A
// publication reads the desired state once, builds and encodes the
// content shared by every board of one (size, group) once, and signs
// once for all the boards it sends to (see protocol.SignBatch); boards
// whose manifest would not change are not sent anything, so a change for
// one group costs work for that group's boards only.
//
// Telemetry (status, plays, last seen) never touches the database from a
// board's link: it is queued and written in batches by one goroutine
// (see controller/telemetry).
package fleet

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
	"unicode/utf8"

	"codong/assets"
	"codong/controller/hub"
	"codong/controller/store"
	"codong/controller/telemetry"
	"codong/playlists"
	"codong/protocol"
)

// Store is what the fleet needs of the database.
type Store interface {
	Desired(ctx context.Context, withBoards bool) (*store.Desired, error)
	TargetByToken(ctx context.Context, tokenHash string) (store.Target, error)
	SaveTelemetry(ctx context.Context, t store.Telemetry) error
	SentItems(ctx context.Context) ([]store.SentItem, error)
}

// Renderer gives the picture of an item at a board size (the render
// memo: each picture is rendered once per size). A slogan's strip is the
// width of the strip to scroll when it came out as one, 0 for a still:
// the manifest's seconds for the item must cover a whole pass of it.
type Renderer interface {
	// Asset is a slogan's picture for a board of size scrolling at
	// speed pixels per second (0: strips are never set in pages).
	Asset(text, style string, size assets.Size, speed int) (Picture, error)
	PhotoAsset(it store.PlaylistItem, size assets.Size) (sum string, err error)
}

// Picture is a rendered slogan as the fleet needs it: its sha256, and
// how the board shows it.
type Picture struct {
	Sum   string
	Strip int // the width of a strip to scroll, 0 for a still
	Pages int // the pages shown in turn, 0 for a still or a strip
}

// Links is the hub as the fleet uses it.
type Links interface {
	SendAll(ds []hub.Delivery)
	Disconnect(boardID int64)
}

// Config builds a Fleet.
type Config struct {
	Store    Store
	Renderer Renderer
	Key      ed25519.PrivateKey
	TimeZone string
	Log      *slog.Logger
	// Now is the clock; time.Now if nil.
	Now func() time.Time
	// Installation is the database's ID, signed into every manifest:
	// boards pin it with the key.
	Installation string
	// FlushEvery is how often play records are written (group commit);
	// SeenEvery, the statuses and last-seen times of boards that left.
	// A connected board's are written once they have waited StatusEvery:
	// the console reads a connected board's from memory, and the
	// database's copy only matters once the board is gone or the
	// controller restarts (controller/telemetry).
	FlushEvery  time.Duration
	SeenEvery   time.Duration
	StatusEvery time.Duration
	// MaxQueuedPlays bounds the play records waiting to be written.
	MaxQueuedPlays int
	// MaxThumbnailBytes bounds the thumbnails held in memory, all boards
	// together: those boards sent, and again those the controller made.
	MaxThumbnailBytes int
	// Pictures are the rendered pictures by sum, of which the controller
	// makes the thumbnails of boards of protocol 2.2 (shows.go); nil
	// makes none (such boards show no thumbnail).
	Pictures Pictures
	// RetryEvery is how soon a publication that failed (the database was
	// unreadable) is tried again: boards must not miss a change.
	RetryEvery time.Duration
	// PublishFailed, when set, is told of every publication that failed
	// (the controller raises its alarm for a damaged database).
	PublishFailed func(error)
	// Presence shares boards' live state with the other controllers of
	// a shared database (presence.go); nil for one controller.
	Presence PresenceStore
	// Alarm is told of manifests tampered with on the line (tamper.go);
	// nil tells no one beyond the dashboard and the log.
	Alarm Alarm
}

// Defaults of Config.
const (
	// DefaultFlushEvery is short enough that the dashboard and a board's
	// play confirmation follow within a blink, long enough that a
	// thousand boards' reports share one commit.
	DefaultFlushEvery = 100 * time.Millisecond
	// DefaultSeenEvery keeps the database's copy of what boards show a
	// few seconds behind the dashboard's, which reads memory.
	DefaultSeenEvery = 5 * time.Second
	// DefaultStatusEvery bounds how old the database's copy of a
	// connected board's status is after a crash. Every switch changes
	// every board's status: written at once, ten thousand rows follow
	// each switch; written this seldom, any number of switches share one
	// write per board, and its cost no longer grows with the switches.
	DefaultStatusEvery = 10 * time.Minute
	// DefaultMaxQueuedPlays is about a minute of play records from
	// 10,000 boards rotating every 10 s; beyond it records are refused
	// (not confirmed) and boards send them again later.
	DefaultMaxQueuedPlays = 100_000
	// DefaultMaxThumbnailBytes holds a distinct thumbnail for every
	// board of a large commune; boards showing the same picture share
	// one copy.
	DefaultMaxThumbnailBytes = 32 << 20
	DefaultRetryEvery        = 2 * time.Second
)

// dayTurnDelay is how long after local midnight the fleet republishes,
// so countdowns' window of pictures slides by a day (boards turn the day
// themselves at midnight): late enough that the clock surely reads the
// new day.
const dayTurnDelay = 5 * time.Second

// Fleet is the live fleet. It implements hub.Observer.
type Fleet struct {
	cfg   Config
	links Links
	// loc is the zone of cfg.TimeZone: countdown days turn at its midnight.
	loc *time.Location

	mu  sync.Mutex
	pub *publication
	// switchEnd republishes when the next switch runs out: a board it
	// stood over is then given the switch below it, if any (a board
	// left to itself would go back to its schedule).
	switchEnd *time.Timer
	// wanted is the newest revision committed; while the publication is
	// older, a change is being cut and no board is known up to date.
	wanted int64
	// targets are the boards as last read; reread only when boards
	// changed (staleTargets), not for every change of what they show.
	targets      []store.Target
	staleTargets bool
	// gone are boards deleted (Forget) since the start of the last
	// rebuild, by the rebuild count when they were: a rebuild that read
	// the database before the deletion must not bring them back.
	gone     map[int64]uint64
	rebuilds uint64
	boards   map[int64]*board
	// tally counts the boards by standing for Summary (tally.go).
	tally  tally
	thumbs thumbnails
	// sent is every picture ever sent to boards of a size (loaded from
	// the database once, then kept up to date by each publication): the
	// controller's record of what a board can have played.
	sent       map[sentKey]store.SentItem
	sentLoaded bool
	// planned is the longest a picture was ever planned to stay up, in
	// seconds (a strip's whole pass, every page), by the publications
	// since the controller started: a play is believed up to that.
	planned map[sentKey]int

	// pending are the boards to send their manifest to; wake tells the
	// fleet's goroutine there are some.
	pending map[int64]bool
	wake    chan struct{}

	publishCh chan struct{}
	tel       *telemetry.Writer
	// made are the thumbnails the controller made of its own pictures;
	// shotSeq numbers screenshot requests (screenshot.go).
	made    *madeThumbs
	shotSeq int64
	careSeq int64
	alarms  chan TamperEvent

	// remote are the boards other controllers have online; shared, what
	// this one last wrote of its own (presence.go).
	remote map[int64]remoteBoard
	shared map[int64]shared
}

// board is what the controller knows live of one board.
type board struct {
	online bool
	link   uint64
	since  time.Time
	// left is when its last link ended: the wall counts silence from it.
	left time.Time
	// sent and acked are revisions; sentDigest names the manifest last
	// sent apart from its revision, to tell whether a publication changes
	// anything for this board. firstSent is the first revision sent on
	// this link: a board may acknowledge only what it was sent on it.
	sent, acked, firstSent int64
	sentDigest             digest
	status                 *protocol.Status
	statusAt               time.Time
	// thumb is the board's own pixels: the thumbnail a player before
	// 2.2 sends, or a screenshot a player of 2.2 sent when asked.
	thumb *thumbnail
	// shows is what a board of 2.2 shows (showing: it said), of which
	// the controller makes its thumbnail; showName is shows.name(),
	// once asked for.
	shows    showKey
	showing  bool
	showName string
	// speaks: the board's statuses say what it shows (protocol 2.2),
	// so it takes a screenshot request. troubled: its last status
	// reports a problem, and its own pixels are shown when it sent some.
	speaks, troubled bool
	shot             shotState
	guard            guard
	// level is the protocol level its player announced on this link;
	// care, its open remote care requests (care.go).
	level string
	care  map[int64]*careWait
}

// New returns a fleet; call Attach and then Run.
func New(cfg Config) *Fleet {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.FlushEvery <= 0 {
		cfg.FlushEvery = DefaultFlushEvery
	}
	if cfg.SeenEvery <= 0 {
		cfg.SeenEvery = DefaultSeenEvery
	}
	if cfg.StatusEvery <= 0 {
		cfg.StatusEvery = DefaultStatusEvery
	}
	if cfg.MaxQueuedPlays <= 0 {
		cfg.MaxQueuedPlays = DefaultMaxQueuedPlays
	}
	if cfg.MaxThumbnailBytes <= 0 {
		cfg.MaxThumbnailBytes = DefaultMaxThumbnailBytes
	}
	if cfg.RetryEvery <= 0 {
		cfg.RetryEvery = DefaultRetryEvery
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	f := &Fleet{
		cfg:       cfg,
		loc:       playlists.Location(cfg.TimeZone),
		boards:    make(map[int64]*board),
		pending:   make(map[int64]bool),
		gone:      make(map[int64]uint64),
		sent:      make(map[sentKey]store.SentItem),
		planned:   make(map[sentKey]int),
		wake:      make(chan struct{}, 1),
		publishCh: make(chan struct{}, 1),
		shared:    make(map[int64]shared),
		tally:     tally{counted: make(map[int64]standing)},
	}
	f.thumbs = thumbnails{max: cfg.MaxThumbnailBytes, byHash: make(map[digest]*thumbnail)}
	f.made = newMadeThumbs(cfg.Pictures, cfg.MaxThumbnailBytes)
	f.alarms = make(chan TamperEvent, alarmQueue)
	f.tel = telemetry.New(telemetry.Config{Store: cfg.Store, Now: cfg.Now, Log: cfg.Log, FlushEvery: cfg.FlushEvery, SeenEvery: cfg.SeenEvery,
		StatusEvery: cfg.StatusEvery, MaxQueuedPlays: cfg.MaxQueuedPlays,
		Confirm: func(d []hub.Delivery) { f.links.SendAll(d) }, Unconfirmed: f.forgetSpans})
	return f
}

// Attach gives the fleet the links it sends on. The hub needs the fleet
// as its Observer, so the two are tied after both exist.
func (f *Fleet) Attach(l Links) { f.links = l }

// Run publishes whenever Publish is called, sends boards their
// manifests, and writes telemetry, until ctx ends. It publishes once at
// start, so every board's credentials are known before the first one
// connects.
func (f *Fleet) Run(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.tel.Run(ctx)
	}()
	defer func() { <-done }()
	told := make(chan struct{})
	go func() {
		defer close(told)
		f.tellAlarms(ctx)
	}()
	defer func() { <-told }()
	if f.cfg.Presence != nil {
		shared := make(chan struct{})
		go func() {
			defer close(shared)
			f.sharePresence(ctx)
		}()
		defer func() { <-shared }()
	}
	f.Publish()
	dayTurn := time.NewTimer(f.untilDayTurn())
	defer dayTurn.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-dayTurn.C:
			f.Publish()
			dayTurn.Reset(f.untilDayTurn())
		case <-f.publishCh:
			if err := f.rebuild(ctx); err != nil && ctx.Err() == nil {
				f.cfg.Log.Error("publish failed, retrying", "err", err)
				if f.cfg.PublishFailed != nil {
					f.cfg.PublishFailed(err)
				}
				time.AfterFunc(f.cfg.RetryEvery, f.Publish)
			}
		case <-f.wake:
		}
		f.sendPending()
	}
}

// untilDayTurn is the time from now to the republication after the next
// local midnight.
func (f *Fleet) untilDayTurn() time.Duration {
	now := f.cfg.Now().In(f.loc)
	midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, f.loc)
	return midnight.Add(dayTurnDelay).Sub(now)
}

// Changed is told of every committed change of desired state (see
// store.OnChange) and publishes it.
func (f *Fleet) Changed(c store.Change) {
	f.mu.Lock()
	f.wanted = max(f.wanted, c.Revision)
	f.staleTargets = f.staleTargets || c.Boards()
	f.mu.Unlock()
	f.Publish()
}

// Publish asks for a publication. Calls coalesce: a burst of edits costs
// one round.
func (f *Fleet) Publish() {
	select {
	case f.publishCh <- struct{}{}:
	default:
	}
}

// ErrUnknownBoard means no board has the token.
var ErrUnknownBoard = errors.New("fleet: no board has this token")

// Authenticate finds the board a token hash belongs to, from memory; a
// board the last publication did not know (added by the command line
// beside the running server) is looked up in the database, and a
// publication is asked for so it is known from then on.
func (f *Fleet) Authenticate(ctx context.Context, tokenHash string) (store.Target, error) {
	f.mu.Lock()
	var t *cut
	if f.pub != nil {
		t = f.pub.byToken[tokenHash]
	}
	f.mu.Unlock()
	if t != nil {
		return t.target, nil
	}
	target, err := f.cfg.Store.TargetByToken(ctx, tokenHash)
	if errors.Is(err, store.ErrNotFound) {
		return store.Target{}, ErrUnknownBoard
	}
	if err != nil {
		return store.Target{}, err
	}
	f.mu.Lock()
	f.staleTargets = true
	f.mu.Unlock()
	f.Publish()
	return target, nil
}

// Forget drops a deleted board at once: its token stops opening a link
// before the next publication, and its link is closed.
func (f *Fleet) Forget(id int64) {
	f.mu.Lock()
	if f.pub != nil {
		if c := f.pub.cuts[id]; c != nil {
			delete(f.pub.byToken, c.target.TokenHash)
			delete(f.pub.cuts, id)
		}
	}
	if b := f.boards[id]; b != nil {
		f.thumbs.release(b.thumb)
		delete(f.boards, id)
	}
	delete(f.remote, id)
	delete(f.shared, id)
	f.recount(id)
	f.gone[id] = f.rebuilds
	f.staleTargets = true
	f.mu.Unlock()
	f.links.Disconnect(id)
}

func (f *Fleet) get(id int64) *board {
	b := f.boards[id]
	if b == nil {
		b = &board{}
		f.boards[id] = b
	}
	return b
}

// Connected sends a board that just connected its manifest.
func (f *Fleet) Connected(id int64, link uint64, addr, level string) {
	now := f.cfg.Now()
	f.mu.Lock()
	b := f.get(id)
	b.online, b.link, b.since, b.level = true, link, now, level
	// What it had before this link is unknown: send it everything.
	b.sent, b.acked, b.firstSent, b.sentDigest = 0, 0, 0, digest{}
	// Its player may be another version now; its first status says.
	f.giveUpScreenshot(b)
	b.speaks, b.showing, b.troubled, b.showName = false, false, false, ""
	f.leaveCare(id, link) // asked on the link this one replaces
	f.connectedFrom(id, b, addr, now)
	f.recount(id)
	f.mu.Unlock()
	f.queue(id)
}

// Disconnected records when the board was last seen.
func (f *Fleet) Disconnected(id int64, link uint64) {
	now := f.cfg.Now()
	f.mu.Lock()
	b := f.boards[id]
	if b != nil && b.link == link {
		b.online = false
		b.left = now
		b.guard.addrAt = now
		f.leaveCare(id, 0)
		f.recount(id)
	}
	f.mu.Unlock()
	f.tel.Seen(id, now, nil, true)
}

// Ack records that a board applied a revision: one sent to it on this
// link. A revision never sent on it is refused and the board flagged,
// or the dashboard would believe a board that has nothing; an ack on a
// link already replaced is ignored.
func (f *Fleet) Ack(id int64, link uint64, rev int64) *hub.Refusal {
	now := f.cfg.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.boards[id]
	if b == nil || b.link != link {
		return nil
	}
	if r := f.admit(id, b, kindAck, now); r != nil {
		return r
	}
	if rev <= 0 || rev < b.firstSent || rev > b.sent {
		return f.refuse(id, b, "unknown_revision", fmt.Sprintf("Bảng xác nhận bản kê %d, nhưng máy chủ chưa gửi bản này cho bảng trên kết nối này.", rev), now)
	}
	b.acked = max(b.acked, rev)
	f.recount(id)
	return nil
}

// Status keeps what a board reports for the dashboard and queues it for
// the database. A thumbnail a board sends (protocol 2.1) is kept once per
// distinct picture; of a board that says what it shows (2.2), the
// controller makes the thumbnail itself when asked (shows.go), and asks
// the board for its own pixels when it reports a problem. The title
// shown is the controller's text of the item, when it knows it.
func (f *Fleet) Status(id int64, link uint64, st *protocol.Status) *hub.Refusal {
	now := f.cfg.Now()
	thumb := st.Thumbnail
	st.Thumbnail = nil
	f.mu.Lock()
	b := f.get(id)
	if r := f.admit(id, b, kindStatus, now); r != nil {
		f.mu.Unlock()
		return r
	}
	var w, h int
	if c := f.cut(id); c != nil {
		w, h = c.target.Width, c.target.Height
		if it, ok := f.sent[sentKey{st.ItemID, st.Asset, assets.Size{W: w, H: h}}]; ok {
			st.Title = it.Title
		}
	}
	b.status, b.statusAt = st, now
	f.recount(id)
	if len(thumb) > 0 && len(thumb) <= protocol.MaxThumbnailBytes {
		b.thumb = f.thumbs.replace(b.thumb, thumb)
	}
	var ask []hub.Delivery
	if st.Shows != nil {
		key, ok := showKeyOf(st, w, h)
		if !ok || key != b.shows {
			b.showName = ""
		}
		b.shows, b.showing, b.speaks = key, ok, true
		troubled := st.Problem != "" || st.DisplayProblem != ""
		if troubled && !b.troubled {
			// Pixels of an earlier problem are not this one's.
			f.thumbs.release(b.thumb)
			b.thumb = nil
			ask = f.askScreenshot(id, b, now)
		}
		b.troubled = troubled
	}
	f.mu.Unlock()
	if ask != nil {
		f.links.SendAll(ask)
	}
	f.tel.Seen(id, now, st, false)
	return nil
}

// Error logs a board's refusal of something the controller sent, within
// the board's rate and cut to errorTextRunes: its text is the board's.
func (f *Fleet) Error(id int64, link uint64, e *protocol.Error) *hub.Refusal {
	now := f.cfg.Now()
	f.mu.Lock()
	r := f.admit(id, f.get(id), kindError, now)
	f.mu.Unlock()
	if r != nil {
		return r
	}
	f.cfg.Log.Warn("board reports an error", "board", id, "code", clip(e.Code, errorCodeRunes), "message", clip(e.Message, errorTextRunes))
	return nil
}

// Limits of a board's error as logged: a code is a short word, a message
// a sentence.
const (
	errorCodeRunes = 32
	errorTextRunes = 300
)

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Refused flags a board whose frame the hub refused (undecodable, or of
// a type a board may not send).
func (f *Fleet) Refused(id int64, link uint64, r hub.Refusal) {
	now := f.cfg.Now()
	f.mu.Lock()
	b := f.get(id)
	f.flag(id, b, r.Code, r.Message, now)
	b.guard.abuse.take(abuseLimit, 1, now)
	f.mu.Unlock()
}

// cut is a board's share of the latest publication, or nil. Called with
// f.mu held.
func (f *Fleet) cut(id int64) *cut {
	if f.pub == nil {
		return nil
	}
	return f.pub.cuts[id]
}

// View is one board's live state, as the dashboard shows it.
type View struct {
	Online bool
	Since  time.Time
	// Left is when the board's last link ended (zero: none ended since
	// the controller started).
	Left     time.Time
	Sent     int64
	Acked    int64
	UpToDate bool
	Status   *protocol.Status
	// Thumbnail names the board's thumbnail (empty: none).
	Thumbnail string
	// Flag is why the board is suspect (nil: it is not).
	Flag *Flag
}

// View returns one board's live state: from this controller's link, or
// when the board is linked to another controller of a shared database,
// from that one's word.
func (f *Fleet) View(id int64) View {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.view(id)
}

// BoardState is a board of the latest publication with its live state.
type BoardState struct {
	ID     int64
	Name   string
	Unit   int64
	Groups []string
	View   View
}

// Boards is every board of the latest publication with its live state,
// read under one hold of the lock (the alerts look at them all every few
// seconds).
func (f *Fleet) Boards() []BoardState {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pub == nil {
		return nil
	}
	out := make([]BoardState, 0, len(f.pub.cuts))
	for id, c := range f.pub.cuts {
		out = append(out, BoardState{ID: id, Name: c.target.Name, Unit: c.target.Unit, Groups: c.target.Groups, View: f.view(id)})
	}
	return out
}

// view is View with the lock held.
func (f *Fleet) view(id int64) View {
	b := f.boards[id]
	if r, ok := f.remote[id]; ok && (b == nil || !b.online) {
		return f.remoteView(id, r)
	}
	if b == nil {
		return View{}
	}
	v := View{Online: b.online, Since: b.since, Left: b.left, Sent: b.sent, Acked: b.acked, UpToDate: f.upToDate(id, b), Status: b.status, Flag: b.guard.shownFlag(f.cfg.Now())}
	switch {
	case b.made():
		if b.showName == "" {
			b.showName = b.shows.name()
		}
		v.Thumbnail = b.showName
	case b.thumb != nil:
		v.Thumbnail = b.thumb.name
	}
	return v
}

// upToDate: the board is connected, acknowledged what it was last sent,
// and that is what the latest publication has for it, and no newer
// change is waiting to be cut.
func (f *Fleet) upToDate(id int64, b *board) bool {
	if !b.online || f.publishing() {
		return false
	}
	c := f.pub.cuts[id]
	return c != nil && current(c, b)
}

func (f *Fleet) publishing() bool { return f.pub == nil || f.wanted > f.pub.revision }

// Publishing reports whether a committed change is still being cut into
// manifests: what they carry is about to change.
func (f *Fleet) Publishing() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.publishing()
}

// Summary is the fleet in a few numbers.
type Summary struct {
	Published int64 `json:"published_revision"`
	// Publishing: a committed change is still being cut into manifests.
	Publishing bool `json:"publishing"`
	Boards     int  `json:"boards"`
	Online     int  `json:"online"`
	UpToDate   int  `json:"up_to_date"`
	// Behind are online boards not up to date (all online ones while
	// publishing); Offline, the boards not linked to any controller.
	Behind  int `json:"behind"`
	Offline int `json:"offline"`
	// NotDisplaying are online boards whose display draws nothing;
	// Problem, online boards that cannot show what they should. Both by
	// their last status.
	NotDisplaying int `json:"not_displaying"`
	Problem       int `json:"problem"`
}

// Summary is the fleet in a few numbers, read from counts kept up to
// date as boards' events arrive (tally.go): the same whatever the
// fleet's size, never a walk of every board.
func (f *Fleet) Summary() Summary {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.summary()
}

// summary is Summary with f.mu held.
func (f *Fleet) summary() Summary {
	var s Summary
	if f.pub == nil {
		return s
	}
	s.Published, s.Boards, s.Publishing = f.pub.revision, len(f.pub.cuts), f.publishing()
	s.Online, s.NotDisplaying, s.Problem = f.tally.online, f.tally.notDisplaying, f.tally.problems
	if !s.Publishing {
		// While a change is cut no board is up to date with it.
		s.UpToDate = f.tally.current
	}
	s.Behind, s.Offline = s.Online-s.UpToDate, s.Boards-s.Online
	return s
}

// Thumbnail returns a board's thumbnail (PNG), or nil: the one the
// controller makes of what the board says it shows, or the board's own
// pixels (a player before 2.2, or one reporting a problem).
func (f *Fleet) Thumbnail(id int64) []byte {
	f.mu.Lock()
	b := f.boards[id]
	if r, ok := f.remote[id]; ok && (b == nil || !b.online) {
		f.mu.Unlock()
		if r.showing {
			return f.made.get(r.shows)
		}
		return r.thumb
	}
	var key showKey
	var own []byte
	made := b != nil && b.made()
	if made {
		key = b.shows
	} else if b != nil && b.thumb != nil {
		own = b.thumb.data
	}
	f.mu.Unlock()
	if made {
		// Made outside the fleet's lock: it decodes a picture.
		return f.made.get(key)
	}
	return own
}

// made tells whether the board's thumbnail is the controller's: it says
// what it shows, and reports no problem, or sent no pixels of its own
// about it.
func (b *board) made() bool {
	return b.showing && !(b.troubled && b.thumb != nil)
}

// Playlist is playlist slug as board id's manifest carries it, cut for
// the board's size: the very pictures a switch to it puts up there.
// ok is false for a board not in the publication yet, or a playlist its
// manifest does not carry (none approved).
func (f *Fleet) Playlist(id int64, slug string) (pl playlists.Playlist, ok bool) {
	f.mu.Lock()
	var c *cut
	if f.pub != nil {
		c = f.pub.cuts[id]
	}
	f.mu.Unlock()
	if c == nil || c.content == nil {
		return pl, false
	}
	var content playlists.Content
	if err := json.Unmarshal(c.content.data, &content); err != nil {
		return pl, false
	}
	for _, p := range content.Playlists {
		if p.Slug == slug {
			return p, true
		}
	}
	return pl, false
}
