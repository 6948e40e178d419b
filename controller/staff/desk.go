// Package staff does what staff ask of the controller, the same for the
// JSON API and the pages: it shapes what they sent, calls the store
// (where every rule about a stored thing lives) and tells the wall, the
// fleet and the renderer what changed. It knows nothing of HTTP requests.
package staff

import (
	"time"

	"codong/assets"

	"codong/controller/fleet"
	"codong/controller/render"
	"codong/controller/secret"
	"codong/controller/store"
	"codong/controller/wall"
)

// Desk carries out staff's requests; the API and the pages share one.
type Desk struct {
	store    *store.Store
	rend     *render.Renditions
	renders  *render.Budget
	renderer *assets.Renderer
	wall     *wall.Wall
	fleet    *fleet.Fleet
	now      func() time.Time
	location *time.Location
	// iterations is the PBKDF2 work factor of the passwords it hashes.
	iterations int
}

// Config is what a Desk works with.
type Config struct {
	Store      *store.Store
	Renditions *render.Renditions
	Budget     *render.Budget
	Renderer   *assets.Renderer
	Wall       *wall.Wall
	Fleet      *fleet.Fleet
	Now        func() time.Time
	Location   *time.Location
	// PasswordIterations is the PBKDF2 work factor of every password the
	// Desk hashes (accounts made, passwords set or changed); 0 means
	// secret.PasswordIterations.
	PasswordIterations int
}

// New returns a Desk working with cfg.
func New(cfg Config) *Desk {
	iterations := cfg.PasswordIterations
	if iterations <= 0 {
		iterations = secret.PasswordIterations
	}
	return &Desk{store: cfg.Store, rend: cfg.Renditions, renders: cfg.Budget, renderer: cfg.Renderer, wall: cfg.Wall, fleet: cfg.Fleet, now: cfg.Now, location: cfg.Location,
		iterations: iterations}
}
