package player

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"codong/playlists"
	"codong/protocol"
)

// retryShow is how soon a frame that could not be shown is tried again.
const retryShow = 5 * time.Second

// Player is one running agent.
type Player struct {
	cfg   Config
	log   *slog.Logger
	cache *cache
	// controllers is the rotation over cfg.Controllers: sessions, pairing
	// and downloads all use its current address.
	controllers *controllers
	http        *http.Client
	manifests   chan *playlists.Manifest
	started     time.Time
	// clockOffset corrects the board's clock by the controller's, in
	// nanoseconds: a board with a wrong clock still follows the schedule.
	clockOffset atomic.Int64

	mu       sync.Mutex
	creds    credentials
	status   protocol.Status
	statusCh chan struct{}
	// showsCh tells the link the part of the picture shown moved (a page
	// turned, a strip went on): a controller of 2.2 is told at once, as
	// its thumbnail follows; an older one gets the thumbnail with the
	// next status, as before.
	showsCh chan struct{}
	// frame is the picture on the board and which part of it shows,
	// of which a thumbnail is made only when one is sent (to a
	// controller before 2.2 with a status, or as a screenshot when a
	// controller asks); thumb keeps the one made, nil until then, and
	// thumbSent tells whether a controller before 2.2 has it.
	frame     shownFrame
	thumb     []byte
	thumbSent bool
	// displayProblem is why the display draws nothing ("" when it
	// draws), as the display says (display.Watched).
	displayProblem string
	plays          *journal
	playsCh        chan struct{}
	// shownRev is the revision of the manifest the engine shows; settled
	// is poked when it changes, so a link of protocol 2.3 sends the
	// acknowledgement with what showing it changed (session.flush).
	shownRev atomic.Int64
	settled  chan struct{}
	// damaged holds the pictures of the adopted manifest found damaged or
	// missing on disk when about to be shown, until they are fetched
	// again; refetch tells the link that one was found.
	damaged map[string]damage
	refetch chan struct{}
	// tamper is the report of refused manifests the board owes the
	// controller (tamper.go); playing tells whether the engine has a
	// manifest to play, or the display shows nothing of it.
	tamper  *protocol.Tampered
	playing atomic.Bool
	// after is the engine's timer; tests inject their own clock.
	after func(time.Duration) <-chan time.Time
	// linked is poked when a link opens (self-update asks then); stop
	// ends Run early, and ready is the build Run hands its command
	// (update.go).
	linked chan struct{}
	stop   context.CancelFunc
	ready  *UpdateReady
	// logs keeps the last log lines for remote care (logring.go);
	// restarting tells Run ended for a restart the controller asked for
	// (care.go).
	logs       *logRing
	restarting atomic.Bool
}

// New prepares a player; Run starts it.
func New(cfg Config) (*Player, error) {
	cfg = cfg.withDefaults()
	if cfg.Display == nil {
		return nil, fmt.Errorf("cần màn hình hiển thị")
	}
	if err := checkControllers(cfg.Controllers); err != nil {
		return nil, err
	}
	c, err := openCache(cfg.CacheDir)
	if err != nil {
		return nil, err
	}
	client, err := cfg.httpClient()
	if err != nil {
		return nil, err
	}
	ring := &logRing{}
	p := &Player{
		cfg:         cfg,
		log:         withRing(cfg.Logger, ring),
		logs:        ring,
		cache:       c,
		controllers: &controllers{urls: cfg.Controllers},
		http:        client,
		manifests:   make(chan *playlists.Manifest),
		statusCh:    make(chan struct{}, 1),
		showsCh:     make(chan struct{}, 1),
		started:     cfg.Now(),
		plays:       openJournal(cfg.CacheDir),
		playsCh:     make(chan struct{}, 1),
		settled:     make(chan struct{}, 1),
		refetch:     make(chan struct{}, 1),
		linked:      make(chan struct{}, 1),
		after:       cfg.After,
	}
	if p.creds, err = p.startCredentials(); err != nil {
		return nil, err
	}
	return p, nil
}

// startCredentials combines the saved credentials with the command
// line: a token given there wins (scripted set-ups), and so does a key.
func (p *Player) startCredentials() (credentials, error) {
	saved, err := p.cache.credentials()
	if err != nil {
		p.log.Warn("thông tin bảng đã lưu không dùng được; bảng ghép nối lại từ đầu", "err", err)
	}
	cr := saved
	if h := protocol.TokenHash(p.cfg.Token); p.cfg.Token != "" && h != saved.FlagToken {
		// A token not given before: the operator means it.
		cr = credentials{Token: p.cfg.Token, FlagToken: h, ControllerKey: saved.ControllerKey, Installation: saved.Installation, Revision: saved.Revision}
	}
	if p.cfg.ControllerKey != "" {
		if _, err := protocol.ParseKey(p.cfg.ControllerKey); err != nil {
			return cr, err
		}
		cr.ControllerKey = p.cfg.ControllerKey
	}
	if cr != saved && cr.Token != "" {
		if err := p.cache.saveCredentials(cr); err != nil {
			return cr, err
		}
	}
	return cr, nil
}

func (p *Player) credentials() credentials {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.creds
}

func (p *Player) setCredentials(cr credentials) error {
	p.mu.Lock()
	p.creds = cr
	p.mu.Unlock()
	if cr == (credentials{}) {
		return p.cache.forgetCredentials()
	}
	return p.cache.saveCredentials(cr)
}

// now is the board's clock corrected by the controller's.
func (p *Player) now() time.Time {
	return p.cfg.Now().Add(time.Duration(p.clockOffset.Load()))
}

// Run is the player's life: the engine that shows frames, and the link
// that brings new manifests. It plays from the cache at once, whether or
// not the controller can be reached.
//
// Run ends with an *UpdateReady when a new build is downloaded and
// checked: the command tries it (UpdateReady.Take).
func (p *Player) Run(ctx context.Context) error {
	ctx, p.stop = context.WithCancel(ctx)
	defer p.stop()
	var m *playlists.Manifest
	if key, err := p.credentials().pinnedKey(); err != nil || key == nil {
		p.log.Info("chưa ghim khoá của máy chủ điều khiển nên chưa có bản kê lưu sẵn nào đáng tin để phát")
	} else if m, err = p.cache.manifest(key); err != nil {
		p.log.Warn("từ chối bản kê lưu sẵn; chờ máy chủ điều khiển gửi bản mới", "err", err)
		m = nil
	} else if in := p.credentials().Installation; in != "" && m.Installation != "" && m.Installation != in {
		// One adopted before the installation was pinned names none.
		p.log.Warn("bản kê đã lưu thuộc một hệ thống khác hệ thống đã ghim; chờ máy chủ", "installation", m.Installation)
		m = nil
	}
	if m != nil && len(p.cache.missing(m)) > 0 {
		p.log.Warn("bản kê lưu sẵn thiếu ảnh; chờ máy chủ điều khiển gửi lại")
		m = nil
	}
	linkDone := make(chan struct{})
	go func() {
		defer close(linkDone)
		newSupervisor(p).run(ctx)
	}()
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		p.watchDisplay(ctx)
	}()
	updateDone := make(chan struct{})
	go func() {
		defer close(updateDone)
		switch {
		case p.cfg.Trial != "":
			p.trial(ctx)
		case p.cfg.Executable != "":
			p.updates(ctx)
		}
	}()
	p.engine(ctx, m)
	<-linkDone
	<-watchDone
	<-updateDone
	err := p.cfg.Display.Close()
	if p.restarting.Load() {
		return ErrRestart
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ready != nil {
		return p.ready
	}
	return err
}

// Run runs a player until ctx ends.
func Run(ctx context.Context, cfg Config) error {
	p, err := New(cfg)
	if err != nil {
		return err
	}
	return p.Run(ctx)
}
