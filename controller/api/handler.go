// Package api is the JSON API under /api/v1, thin over the controller's
// packages: each handler decodes, calls the one place that owns the rule
// and encodes. Who may call which handler is the root's route table.
package api

import (
	"codong/controller/fleet"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/controller/wall"
)

// Handler serves the API's routes; the root's route table names its
// methods.
type Handler struct {
	store *store.Store
	desk  *staff.Desk
	wall  *wall.Wall
	fleet *fleet.Fleet
	// controllerKey is the controller's public key, given with a new
	// board's token.
	controllerKey string
}

// Config is what the API works with.
type Config struct {
	Store         *store.Store
	Desk          *staff.Desk
	Wall          *wall.Wall
	Fleet         *fleet.Fleet
	ControllerKey string
}

// New returns the API's handler.
func New(cfg Config) *Handler {
	return &Handler{store: cfg.Store, desk: cfg.Desk, wall: cfg.Wall, fleet: cfg.Fleet, controllerKey: cfg.ControllerKey}
}
