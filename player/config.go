// Package player is the agent beside each board: it keeps a websocket
// link to the controller, caches the board's manifest and pictures on
// disk, rotates them by itself, and draws each frame on a display. It
// never imports the controller; both sides share playlists and protocol.
package player

import (
	"log/slog"
	"net/url"
	"time"

	"codong/player/display"
	"codong/protocol"
)

// Config is everything a player is started with.
type Config struct {
	// Controllers are the base URLs of the installation's controllers,
	// e.g. http://127.0.0.1:8080, at most MaxControllers. The player uses
	// one at a time and moves to the next when a link to it fails.
	Controllers []*url.URL
	// Token is the board's secret, for boards set up by hand; empty means
	// use the saved one, or pair with a code.
	Token string
	// ControllerKey pins the controller's public key ("ed25519:…"); empty
	// means the one saved at pairing, or trust on first contact.
	ControllerKey string
	// CAFile, when set, is the only CA trusted for an https controller.
	CAFile string
	// Size is the display's size before the board knows its own (the
	// pairing code is drawn at this size).
	Width, Height int
	// CacheDir keeps the last manifest and the pictures.
	CacheDir string
	Display  display.Display
	Logger   *slog.Logger
	// Version is reported to the controller.
	Version string
	// Now is the clock; nil means time.Now. Tests inject their own.
	Now func() time.Time
	// After is the rotation's timer, on the clock of Now; nil means
	// time.After. A test that steps its own clock injects its timers
	// too, so the board turns its items when that clock says.
	After func(time.Duration) <-chan time.Time
	// ReportEvery is the period of the board's report (status, and the
	// plays it kept since); 0 means protocol.ReportEvery. Tests that
	// wait for plays in real time shorten it.
	ReportEvery time.Duration
	// CacheBudget bounds the bytes of pictures the cache keeps, beyond
	// which it evicts those no longer needed (see cache.trim): 0 means
	// DefaultCacheBudget, below zero none kept beyond need, at most
	// MaxCacheBudget.
	CacheBudget int64
	// Executable is the running player's file, which a self-update
	// replaces; "" turns self-update off (players inside other
	// programs, tests).
	Executable string
	// UpdateEvery is how often the board asks for a build besides when
	// a link opens (0: DefaultUpdateEvery); UpdateTrial how long a new
	// build has to link before the board goes back (0:
	// DefaultUpdateTrial).
	UpdateEvery, UpdateTrial time.Duration
	// Trial, when set, runs the player on trial (TrialEnv): once
	// linked, it writes its version into this file and stops.
	Trial string
}

func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.After == nil {
		c.After = time.After
	}
	if c.Width <= 0 || c.Height <= 0 {
		c.Width, c.Height = 1920, 1080
	}
	if c.ReportEvery <= 0 {
		c.ReportEvery = protocol.ReportEvery
	}
	if c.UpdateEvery <= 0 {
		c.UpdateEvery = DefaultUpdateEvery
	}
	if c.UpdateTrial <= 0 {
		c.UpdateTrial = DefaultUpdateTrial
	}
	if c.Version == "" {
		c.Version = "dev"
	}
	return c
}
