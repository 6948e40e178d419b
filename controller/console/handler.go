// Package console is the staff's pages: handlers, templates, static
// files, form decoding and flashes, thin over the controller's packages.
// Who may open which page is the root's route table.
package console

import (
	"codong/controller/page"
	"log/slog"
	"time"

	"codong/controller/audit"
	"codong/controller/auth"
	"codong/controller/calendar"
	"codong/controller/letterhead"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/controller/upload"
	"codong/controller/wall"
)

// Handler serves the pages; the root's route table names its methods.
type Handler struct {
	store    *store.Store
	desk     *staff.Desk
	view     *page.View
	wall     *wall.Wall
	audit    *audit.Log
	calendar *calendar.Planner
	upload   *upload.Receiver
	logins   *auth.LoginThrottle
	// dummyHash is checked for a name nobody has, so a refusal takes
	// as long whether or not the name exists.
	dummyHash string
	log       *slog.Logger
	// controllerKey is the controller's public key, shown with a new
	// board's token.
	controllerKey string
	// letterhead heads the printed documents.
	letterhead letterhead.Source
	now        func() time.Time
	location   *time.Location
}

// Config is what the pages work with.
type Config struct {
	Store         *store.Store
	Desk          *staff.Desk
	View          *page.View
	Wall          *wall.Wall
	Audit         *audit.Log
	Calendar      *calendar.Planner
	Upload        *upload.Receiver
	Logins        *auth.LoginThrottle
	DummyHash     string
	Log           *slog.Logger
	ControllerKey string
	Letterhead    letterhead.Source
	Now           func() time.Time
	Location      *time.Location
}

// New returns the pages' handler.
func New(cfg Config) *Handler {
	return &Handler{store: cfg.Store, desk: cfg.Desk, view: cfg.View, wall: cfg.Wall, audit: cfg.Audit,
		calendar: cfg.Calendar, upload: cfg.Upload, logins: cfg.Logins, dummyHash: cfg.DummyHash, log: cfg.Log, controllerKey: cfg.ControllerKey, letterhead: cfg.Letterhead,
		now: cfg.Now, location: cfg.Location}
}
