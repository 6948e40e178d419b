package controller

import (
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"
	_ "time/tzdata" // boards and controllers often run where no zoneinfo is installed

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/alert"
	"codong/controller/api"
	"codong/controller/audit"
	"codong/controller/auth"
	"codong/controller/calendar"
	"codong/controller/console"
	"codong/controller/datalock"
	"codong/controller/demo"
	"codong/controller/diskguard"
	"codong/controller/fleet"
	"codong/controller/formonce"
	"codong/controller/health"
	"codong/controller/hub"
	"codong/controller/letterhead"
	"codong/controller/link"
	"codong/controller/netguard"
	"codong/controller/page"
	"codong/controller/preview"
	"codong/controller/render"
	"codong/controller/secret"
	"codong/controller/signkey"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/controller/upload"
	"codong/controller/wall"
)

// Server is a running controller.
type Server struct {
	cfg        Config
	log        *slog.Logger
	store      *store.Store
	assets     *assets.Store
	photos     render.PhotoOriginals // uploaded originals, never served to boards
	hot        *assets.Hot
	renderer   *assets.Renderer
	rend       *render.Renditions
	renders    *render.Budget
	uploads    *upload.Gate
	upload     *upload.Receiver
	disk       *diskguard.Guard
	health     health.Monitor
	previews   *render.PreviewCache
	handshakes *netguard.HandshakeGate
	hub        *hub.Hub
	fleet      *fleet.Fleet
	alerts     *alert.Service
	running    sync.WaitGroup
	logins     *auth.LoginThrottle
	echo       *echo.Echo
	started    bool
	dummyHash  string
	key        ed25519.PrivateKey
	wall       *wall.Wall
	desk       *staff.Desk // what the API and the pages both do
	api        *api.Handler
	view       *page.View
	console    *console.Handler
	once       *formonce.Guard // creating forms sent twice create once
	link       *link.Handler
	audit      *audit.Log
	calendar   *calendar.Planner
	preview    *preview.Handler

	// installation is the database's ID, named in every manifest and
	// revocation, pinned by players with the key.
	installation string
}

// New opens the data directory, migrates and seeds the database, and
// builds the HTTP handler. Call Start to run the hub and publisher.
func New(ctx context.Context, cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Letterhead.Check(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("tạo thư mục dữ liệu %s: %w", cfg.DataDir, err)
	}
	if err := cfg.checkDatabase(); err != nil {
		return nil, err
	}
	// The database first: whether the folder already had a key decides
	// whether an empty database may start a new installation.
	st, err := cfg.openStore(ctx)
	if err != nil {
		return nil, err
	}
	if err := health.CheckAtStart(ctx, st, cfg.dbPath(), cfg.Logger); err != nil {
		st.Close()
		return nil, err
	}
	key, err := signkey.LoadOrCreate(cfg.DataDir)
	if err != nil {
		st.Close()
		return nil, err
	}
	installation, err := st.Installation(ctx)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("cơ sở dữ liệu không ghi mã hệ thống (bị sửa tay?); khôi phục từ bản sao lưu (docs/operations.md): %w", err)
	}
	if err := signkey.Agree(ctx, st, key, cfg.DataDir); err != nil {
		st.Close()
		return nil, err
	}
	st.SetClock(cfg.Now)
	// Reports sum plays by day in the controller's zone; a database
	// from before the sums, or summed in another zone, is summed anew.
	if err := st.SetZone(ctx, cfg.Location); err != nil {
		st.Close()
		return nil, fmt.Errorf("không cộng được số lần phát theo ngày: %w", err)
	}
	as, err := assets.OpenStore(cfg.assetDir())
	if err != nil {
		st.Close()
		return nil, err
	}
	files, err := assets.OpenStore(cfg.photoDir())
	if err != nil {
		st.Close()
		return nil, err
	}
	var photos render.PhotoOriginals = files
	if cfg.Database != "" {
		photos = render.DBOriginals{Store: st}
	}
	// Files of uploads cut short by a stop are never wanted again.
	os.RemoveAll(cfg.uploadDir())
	if err := os.MkdirAll(cfg.uploadDir(), 0o700); err != nil {
		st.Close()
		return nil, err
	}
	r, err := assets.NewRenderer(assets.Options{FontDir: cfg.fontDir(), Logger: cfg.Logger})
	if err != nil {
		st.Close()
		return nil, err
	}
	s := &Server{
		cfg:        cfg,
		key:        key,
		log:        cfg.Logger,
		store:      st,
		assets:     as,
		photos:     photos,
		renderer:   r,
		logins:     auth.NewLoginThrottle(nil),
		renders:    render.NewBudget(cfg.MaxRenders),
		uploads:    upload.NewGate(cfg.MaxUploads, cfg.MaxDecodeBytes),
		previews:   render.NewPreviewCache(render.PreviewCacheBytes),
		handshakes: netguard.NewHandshakeGate(cfg.MaxHandshakes),
	}
	s.disk = diskguard.New(cfg.DataDir, cfg.DiskReserve, cfg.PhotoQuota, cfg.Logger, func(ctx context.Context) (int64, error) {
		n, err := st.PhotoOriginalBytes(ctx)
		for _, dir := range []string{cfg.photoDir(), cfg.assetDir()} {
			m, derr := diskguard.DirBytes(dir)
			n, err = n+m, errors.Join(err, derr)
		}
		return n, err
	})
	s.installation = installation
	s.rend = render.NewRenditions(r, s.renders, as, photos)
	s.hot = assets.NewHot(as, hotAssetBytes)
	fc := fleet.Config{Store: st, Renderer: s.rend, Key: key, Installation: installation, TimeZone: cfg.Location.String(), Now: cfg.Now, Log: cfg.Logger,
		Alarm: alert.Tamper{Store: st, Log: cfg.Logger}, Pictures: s.hot}
	// A publication that fails for a damaged database raises the alarm.
	fc.PublishFailed = func(err error) { st.Check(err) }
	if cfg.Database != "" {
		// Boards linked to other controllers of the database show here too.
		fc.Presence = st
	}
	s.fleet = fleet.New(fc)
	// One controller of a shared database watches the boards and sends
	// the alerts (a lease in the database says which).
	if s.alerts, err = alert.New(alert.Config{Store: st, Boards: s.fleet, Log: cfg.Logger, Now: cfg.Now, OfflineAfter: cfg.AlertOfflineAfter,
		GroupWait: cfg.AlertGroupWait, Every: cfg.AlertEvery, RetryFirst: cfg.AlertRetryFirst, Holder: installation, MailCA: cfg.MailCA, Location: cfg.Location}); err != nil {
		st.Close()
		return nil, err
	}
	s.wall = wall.New(st, s.fleet, wall.Config{Now: cfg.Now, Location: cfg.Location, OfflineAfter: cfg.OfflineAfter})
	s.desk = staff.New(staff.Config{Store: st, Renditions: s.rend, Budget: s.renders, Renderer: s.renderer, Wall: s.wall, Fleet: s.fleet, Now: cfg.Now, Location: cfg.Location,
		PasswordIterations: cfg.PasswordIterations})
	s.upload = upload.New(upload.Config{Store: st, Desk: s.desk, Gate: s.uploads, Disk: s.disk, Photos: photos, Dir: cfg.uploadDir()})
	s.health = health.Monitor{Store: st, Disk: s.disk.Problem, Log: cfg.Logger}
	s.view = page.New(s.health.Alarm)
	s.view.CountWaiting(st.Waiting)
	s.audit = audit.New(st, cfg.Now, cfg.Location)
	s.calendar = calendar.New(st, cfg.Now, cfg.Location)
	s.preview = preview.New(preview.Config{Store: st, Desk: s.desk, Assets: as, Renderer: s.renderer,
		Renditions: s.rend, Budget: s.renders, Cache: s.previews})
	if s.dummyHash, err = secret.HashPasswordIter(secret.NewPassword(), cfg.PasswordIterations); err != nil {
		st.Close()
		return nil, err
	}
	s.console = console.New(console.Config{Store: st, Desk: s.desk, View: s.view, Wall: s.wall, Audit: s.audit,
		Calendar: s.calendar, Upload: s.upload, Logins: s.logins, DummyHash: s.dummyHash, Log: cfg.Logger,
		ControllerKey: signkey.Public(key), Letterhead: letterhead.Source{Store: st, Flags: cfg.Letterhead}, Now: cfg.Now, Location: cfg.Location})
	s.once = &formonce.Guard{Store: st, Upload: s.upload, Log: cfg.Logger,
		Again: func(c echo.Context, to string) error { return page.Redirect(c, to, "form_again") }}
	s.api = api.New(api.Config{Store: st, Desk: s.desk, Upload: s.upload, Audit: s.audit, Calendar: s.calendar, Wall: s.wall, Fleet: s.fleet,
		Budget: s.renders, Renderer: s.renderer, ControllerKey: signkey.Public(key), Now: cfg.Now, Location: cfg.Location})
	s.hub = hub.New(cfg.Logger, s.fleet)
	s.fleet.Attach(s.hub)
	s.link = link.New(link.Config{Store: st, Fleet: s.fleet, Hub: s.hub, Hot: s.hot, Key: key,
		ControllerKey: signkey.Public(key), Installation: installation, DataDir: cfg.DataDir, Now: cfg.Now, Log: cfg.Logger})
	// Every committed change of desired state reaches the boards.
	st.OnChange(func(c store.Change) {
		s.wall.Invalidate()
		s.fleet.Changed(c)
	})
	st.OnCorrupt(s.health.AlarmCorrupt)
	st.OnWatchError(func(err error) { s.log.Warn("lost the database's change notices; reconnecting", "err", err) })
	if err := s.seed(ctx); err != nil {
		st.Close()
		return nil, err
	}
	s.echo = s.routes()
	return s, nil
}

// Handler is the controller's whole HTTP surface.
func (s *Server) Handler() http.Handler { return s.echo }

// Start runs the hub and the fleet until ctx ends.
func (s *Server) Start(ctx context.Context) {
	s.started = true
	s.api.EndStreamsWith(ctx.Done())
	go s.hub.Run(ctx)
	s.running.Add(1)
	go func() {
		defer s.running.Done()
		s.fleet.Run(ctx)
	}()
	s.running.Add(1)
	go func() {
		defer s.running.Done()
		s.alerts.Run(ctx)
	}()
	// On a shared PostgreSQL database, changes committed by another
	// controller reach this one's boards too.
	s.running.Add(1)
	go func() {
		defer s.running.Done()
		s.store.WatchChanges(ctx)
	}()
}

// Close releases the database. If Start was called, call Close only after
// its ctx has ended: it waits for the links to finish and the boards'
// last telemetry to be written first.
func (s *Server) Close() error {
	if s.started {
		s.hub.Wait()
		s.running.Wait()
	}
	return s.store.Close()
}

// RunDemoBoards starts the demo boards' players (controller/demo),
// connecting to the controller at base, the address it listens on; they
// stop when ctx ends. Call it after Start; Close waits for them.
func (s *Server) RunDemoBoards(ctx context.Context, base *url.URL) error {
	return demo.Players{DataDir: s.cfg.DataDir, Base: base, ControllerKey: signkey.Public(s.key),
		CAFile: s.cfg.TLSCert, Log: s.log, Running: &s.running}.Run(ctx)
}

// hotAssetBytes is the memory for pictures boards download: enough for
// every picture of a large commune's playlists at a few sizes.
const hotAssetBytes = 64 << 20

// HTTP timeouts. A board fetches its pictures in a burst and the player
// then closes its connection; one that keeps it idle costs the
// controller an open file per board at province scale (ten thousand
// boards' links plus ten thousand idle downloads reach the usual limit
// of 20,000), so it is closed soon. A websocket link is not idle in this
// sense (hijacked) and has its own pings. There is deliberately no
// ReadTimeout or WriteTimeout: request bodies and responses get
// per-request deadlines instead (netguard/deadlines.go says why).
const (
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 5 * time.Second
	shutdownTimeout   = 10 * time.Second
)

// httpServer is the http.Server Run serves s with, and ln wrapped with
// the caps on open connections (netguard/connlimit.go).
func (s *Server) httpServer(ln net.Listener) (*http.Server, net.Listener) {
	lim := netguard.NewConnLimiter(ln, s.cfg.MaxConns, s.cfg.MaxConnsPerAddress, s.log)
	srv := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		ConnState:         lim.TrackState,
		ConnContext:       lim.ConnContext,
	}
	return srv, lim
}

// Run serves the controller on cfg.Addr until ctx ends, then shuts down
// gracefully.
func Run(ctx context.Context, cfg Config) error {
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return fmt.Errorf("cần cả --tls-cert và --tls-key để chạy HTTPS")
	}
	// A setting refused before the data folder is touched.
	if err := cfg.withDefaults().Letterhead.Check(); err != nil {
		return err
	}
	var tlsConfig *tls.Config
	scheme := "http"
	if cfg.TLSCert != "" {
		// Load the certificate before anything starts: a wrong path is an
		// error at once, not a controller that seems to run.
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return fmt.Errorf("không đọc được chứng chỉ TLS (%s, %s): %w", cfg.TLSCert, cfg.TLSKey, err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		scheme = "https"
	}
	// First of all, so every later file and connection counts against
	// the raised limit, and the connection cap can be set below it.
	files, filesKnown := netguard.RaiseFileLimit(cfg.withDefaults().Logger)
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = netguard.MaxConnsFor(files, filesKnown)
	}
	// One controller per data folder, taken before the database opens:
	// a second one's edits would never reach the first one's boards.
	unlock, err := datalock.Take(cfg.withDefaults().DataDir)
	if err != nil {
		return err
	}
	defer unlock()
	ln, err := net.Listen("tcp", cfg.withDefaults().Addr)
	if err != nil {
		return fmt.Errorf("không mở được cổng %s: %w", cfg.withDefaults().Addr, err)
	}
	s, err := New(ctx, cfg)
	if err != nil {
		ln.Close()
		return err
	}

	// Cancel before Close, so the hub has ended when Close waits for it,
	// whatever way Run returns.
	ctx, cancel := context.WithCancel(ctx)
	defer s.Close()
	defer cancel()
	s.Start(ctx)
	srv, limited := s.httpServer(ln)
	srv.TLSConfig = tlsConfig
	s.cfg.Announce(fmt.Sprintf("codong đang chạy tại %s://%s (dữ liệu: %s)", scheme, ln.Addr(), s.cfg.DataDir))
	s.cfg.Announce(netguard.FileLimitNote(files, filesKnown))
	s.log.Info("connection limits", "open", s.cfg.MaxConns, "per_address", s.cfg.MaxConnsPerAddress,
		"handshakes", s.cfg.MaxHandshakes, "renders", s.cfg.MaxRenders, "body_timeout", s.cfg.BodyTimeout)
	if s.cfg.Demo {
		if err := s.RunDemoBoards(ctx, &url.URL{Scheme: scheme, Host: ln.Addr().String()}); err != nil {
			return err
		}
	}
	errc := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(limited, "", "")
			return
		}
		errc <- srv.Serve(limited)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
