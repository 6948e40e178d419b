package staff

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"codong/controller/auth"
	"codong/controller/respond"
	"codong/controller/store"
)

// OverrideInput is a switch of boards to a playlist for a while.
type OverrideInput struct {
	Playlist string `json:"playlist" form:"playlist"`
	Group    string `json:"group" form:"group"` // a group's slug
	Board    int64  `json:"board" form:"board"` // or a board's ID; neither: every board
	Minutes  int    `json:"minutes" form:"minutes"`
}

// SetOverride switches boards of the actor's unit to a playlist; the
// wall follows the switch.
func (d *Desk) SetOverride(ctx context.Context, who *auth.Actor, in OverrideInput) (*store.Switch, error) {
	if in.Playlist == "" {
		return nil, respond.BadRequest("missing_playlist", "Cần chọn danh sách phát (playlist).")
	}
	o, err := d.store.SetOverride(ctx, who.Actor, in.Playlist, strings.TrimSpace(in.Group), in.Board, in.Minutes)
	if err != nil {
		return nil, err
	}
	return o, d.wall.RecordSwitch(ctx, o.UnitID, false, o.Group, o.Board)
}

// ClearOverride lifts switches (store.Lift), returning their boards to
// the schedule (or to a switch that still stands over them); the wall
// follows the boards coming back: those of the one switch lifted, or of
// the whole unit.
func (d *Desk) ClearOverride(ctx context.Context, who *auth.Actor, l store.Lift) error {
	lifted, err := d.store.ClearOverride(ctx, who.Actor, l)
	if err != nil {
		return err
	}
	unit, group, board := who.Unit, "", int64(0)
	if len(lifted) == 1 {
		unit, group, board = lifted[0].UnitID, lifted[0].Group, lifted[0].Board
	}
	return d.wall.RecordSwitch(ctx, unit, true, group, board)
}

// SwitchPreview is what a switch to a playlist would put up, for each
// size of board it reaches: the pictures the boards' manifests already
// carry for it (every approved playlist travels in every manifest).
type SwitchPreview struct {
	Playlist string        `json:"playlist"` // its name
	Sizes    []SizePreview `json:"sizes"`
	// Publishing: a change is still being cut into the boards'
	// manifests, so the pictures may be about to change (ask again).
	Publishing bool `json:"publishing"`
}

// SizePreview is the pictures of one board size, and how many boards of
// the target have it.
type SizePreview struct {
	Size     string           `json:"size"`
	Boards   int              `json:"boards"`
	Pictures []PicturePreview `json:"pictures"`
}

// PicturePreview is one item as the boards show it: the picture's sum
// (served at /pictures/{sum}.png), its title, and whether it scrolls or
// turns pages.
type PicturePreview struct {
	Asset  string `json:"asset"`
	Title  string `json:"title"`
	Scroll bool   `json:"scroll,omitempty"`
	Pages  int    `json:"pages,omitempty"`
}

// PreviewSwitch says what switching group's boards ("" every board) to
// playlist slug would show on them, size by size, before anyone presses
// the button. A size whose boards have not been cut a manifest yet (just
// added) shows no pictures.
//
// Only boards sc sees are counted.
func (d *Desk) PreviewSwitch(ctx context.Context, sc store.Scope, slug, group string) (SwitchPreview, error) {
	pl, err := d.store.Playlist(ctx, sc, slug)
	if err != nil {
		return SwitchPreview{}, err
	}
	desired, err := d.store.Desired(ctx, true)
	if err != nil {
		return SwitchPreview{}, err
	}
	out := SwitchPreview{Playlist: pl.Name, Sizes: []SizePreview{}, Publishing: d.fleet.Publishing()}
	at := map[string]int{} // size → its index in out.Sizes
	for _, b := range desired.Boards {
		if !sc.Has(b.Unit) || group != "" && !slices.Contains(b.Groups, group) {
			continue
		}
		size := fmt.Sprintf("%dx%d", b.Width, b.Height)
		i, seen := at[size]
		if !seen {
			i = len(out.Sizes)
			at[size] = i
			out.Sizes = append(out.Sizes, SizePreview{Size: size, Pictures: []PicturePreview{}})
		}
		out.Sizes[i].Boards++
		if len(out.Sizes[i].Pictures) > 0 {
			continue
		}
		if cut, ok := d.fleet.Playlist(b.ID, slug); ok {
			for _, it := range cut.Items {
				out.Sizes[i].Pictures = append(out.Sizes[i].Pictures, PicturePreview{Asset: it.Asset, Title: it.Title, Scroll: it.Scroll, Pages: it.Pages})
			}
		}
	}
	return out, nil
}
