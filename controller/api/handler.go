// Package api is the JSON API under /api/v1, thin over the controller's
// packages: each handler decodes, calls the one place that owns the rule
// and encodes. Who may call which handler is the root's route table.
package api

import (
	"time"

	"codong/assets"
	"codong/controller/audit"
	"codong/controller/calendar"
	"codong/controller/fleet"
	"codong/controller/render"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/controller/upload"
	"codong/controller/wall"
)

// Handler serves the API's routes; the root's route table names its
// methods.
type Handler struct {
	store    *store.Store
	desk     *staff.Desk
	upload   *upload.Receiver
	audit    *audit.Log
	calendar *calendar.Planner
	wall     *wall.Wall
	fleet    *fleet.Fleet
	// renders and renderer draw the PDFs for the print shop.
	renders  *render.Budget
	renderer *assets.Renderer
	// controllerKey is the controller's public key, given with a new
	// board's token.
	controllerKey string
	now           func() time.Time
	location      *time.Location
	// stopping is closed when the controller stops (EndStreamsWith).
	stopping <-chan struct{}
}

// Config is what the API works with.
type Config struct {
	Store         *store.Store
	Desk          *staff.Desk
	Upload        *upload.Receiver
	Audit         *audit.Log
	Calendar      *calendar.Planner
	Wall          *wall.Wall
	Fleet         *fleet.Fleet
	Budget        *render.Budget
	Renderer      *assets.Renderer
	ControllerKey string
	Now           func() time.Time
	Location      *time.Location
}

// New returns the API's handler.
func New(cfg Config) *Handler {
	return &Handler{store: cfg.Store, desk: cfg.Desk, upload: cfg.Upload, audit: cfg.Audit, calendar: cfg.Calendar,
		wall: cfg.Wall, fleet: cfg.Fleet, renders: cfg.Budget, renderer: cfg.Renderer,
		controllerKey: cfg.ControllerKey, now: cfg.Now, location: cfg.Location}
}

// EndStreamsWith ends long-lived responses (the wall's streams) when done
// is closed: the controller stopping, or shutdown would wait for them.
// Call it before serving.
func (h *Handler) EndStreamsWith(done <-chan struct{}) { h.stopping = done }
