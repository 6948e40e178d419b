package staff

import (
	"context"
	"strings"

	"codong/controller/auth"
	"codong/controller/respond"
	"codong/playlists"
)

// OverrideInput is a switch of boards to a playlist for a while.
type OverrideInput struct {
	Playlist string `json:"playlist" form:"playlist"`
	Group    string `json:"group" form:"group"` // a group's slug
	Board    int64  `json:"board" form:"board"` // or a board's ID; neither: every board
	Minutes  int    `json:"minutes" form:"minutes"`
}

// SetOverride switches boards to a playlist; the wall follows the switch.
func (d *Desk) SetOverride(ctx context.Context, who *auth.Actor, in OverrideInput) (*playlists.Override, error) {
	if in.Playlist == "" {
		return nil, respond.BadRequest("missing_playlist", "Cần chọn danh sách phát (playlist).")
	}
	o, err := d.store.SetOverride(ctx, who.Actor, in.Playlist, strings.TrimSpace(in.Group), in.Board, in.Minutes)
	if err != nil {
		return nil, err
	}
	return o, d.wall.RecordSwitch(ctx, false, o.Group, o.Board)
}

// ClearOverride returns the boards to the schedule; the wall follows the
// boards the override was on coming back.
func (d *Desk) ClearOverride(ctx context.Context, who *auth.Actor) error {
	o, err := d.store.Override(ctx)
	if err != nil {
		return err
	}
	if err := d.store.ClearOverride(ctx, who.Actor); err != nil {
		return err
	}
	var group string
	var board int64
	if o != nil {
		group, board = o.Group, o.Board
	}
	return d.wall.RecordSwitch(ctx, true, group, board)
}
