// Package upload receives photos for both the API and the pages: the
// upload streamed to files under its bounds, every photo checked before
// any is kept, then kept and recorded.
package upload

import (
	"context"

	"codong/controller/render"
	"codong/controller/staff"
	"codong/controller/store"
)

// Disk is the data folder's disk as uploads see it.
type Disk interface {
	// RoomFor refuses an upload of n bytes that would leave too little
	// free space.
	RoomFor(ctx context.Context, n int64) error
	// Kept counts n bytes of originals kept.
	Kept(n int64)
}

// Receiver receives uploads.
type Receiver struct {
	store  *store.Store
	desk   *staff.Desk
	gate   *Gate
	disk   Disk
	photos render.PhotoOriginals
	dir    string // where files wait while they are received and checked
}

// Config is what a Receiver works with.
type Config struct {
	Store  *store.Store
	Desk   *staff.Desk
	Gate   *Gate
	Disk   Disk
	Photos render.PhotoOriginals
	Dir    string
}

// New returns a Receiver.
func New(cfg Config) *Receiver {
	return &Receiver{store: cfg.Store, desk: cfg.Desk, gate: cfg.Gate, disk: cfg.Disk, photos: cfg.Photos, dir: cfg.Dir}
}
