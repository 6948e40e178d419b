// Package link serves the boards' side of the controller: a new player
// asking to be paired, and a board's websocket link and asset downloads
// once it holds a token.
package link

import (
	"crypto/ed25519"
	"log/slog"
	"time"

	"codong/assets"
	"codong/controller/fleet"
	"codong/controller/hub"
	"codong/controller/store"
)

// Handler serves the boards; the root's route table names its methods.
type Handler struct {
	store *store.Store
	fleet *fleet.Fleet
	hub   *hub.Hub
	hot   *assets.Hot
	// key signs revocations; controllerKey is its public half, given to
	// a player being paired, with the installation it joins.
	key           ed25519.PrivateKey
	controllerKey string
	installation  string
	// dataDir holds the player builds (release.Dir).
	dataDir string
	now     func() time.Time
	log     *slog.Logger
}

// Config is what the boards' side works with.
type Config struct {
	Store         *store.Store
	Fleet         *fleet.Fleet
	Hub           *hub.Hub
	Hot           *assets.Hot
	Key           ed25519.PrivateKey
	ControllerKey string
	Installation  string
	DataDir       string
	Now           func() time.Time
	Log           *slog.Logger
}

// New returns the boards' handler.
func New(cfg Config) *Handler {
	return &Handler{store: cfg.Store, fleet: cfg.Fleet, hub: cfg.Hub, hot: cfg.Hot, key: cfg.Key,
		controllerKey: cfg.ControllerKey, installation: cfg.Installation, dataDir: cfg.DataDir, now: cfg.Now, log: cfg.Log}
}
