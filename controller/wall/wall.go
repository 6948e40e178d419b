// Package wall computes what the boards are doing now, once, for both
// the API and the pages: each board's state, the switch in force and how
// far it has reached.
package wall

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"codong/controller/fleet"
	"codong/controller/store"
	"codong/playlists"
)

// Config is what the wall reads the time and the boards' silence by.
type Config struct {
	Now          func() time.Time
	Location     *time.Location
	OfflineAfter time.Duration
}

// Wall reads the boards' stored and live state.
type Wall struct {
	cfg     Config
	store   *store.Store
	fleet   *fleet.Fleet
	streams streams
	cache   cache
}

// New is a wall over the store and the fleet's live view.
func New(st *store.Store, fl *fleet.Fleet, cfg Config) *Wall {
	return &Wall{cfg: cfg, store: st, fleet: fl}
}

// State is everything the dashboard's wall shows: every board, the
// switch in force and how far the latest switch has got. The page is
// rendered from it, and kept up to date from it (wall/stream.go, and the stream handler in wall_events.go).
type State struct {
	Boards []Board `json:"boards"`
	// Switches are the switches in force that reach one of the boards,
	// oldest first, each said for people; Override is the newest of
	// them (null: the boards follow their schedule), OverrideText all
	// of them in a sentence each.
	Switches     []SwitchView  `json:"switches"`
	Override     *store.Switch `json:"override"`
	OverrideText string        `json:"override_text"`
	Progress     *Progress     `json:"progress"`
}

// SwitchView is a switch as the wall says it.
type SwitchView struct {
	store.Switch
	Text string `json:"text"`
	// Boards counts the boards of the wall that play it: a board reached
	// by a wider unit's switch plays that one (store.Winner).
	Boards int `json:"boards"`
}

// Current is the wall now: the boards, the switch in force and its progress.
func (wl *Wall) Current(ctx context.Context, sc store.Scope) (State, error) {
	views, err := wl.Boards(ctx, sc)
	if err != nil {
		return State{}, err
	}
	return wl.wallOf(ctx, sc, views)
}

// wallOf is the wall of the boards views: the switch in force is shown
// only where it reaches one of them, so a sibling unit's switch is not
// seen.
//
// A switch of a unit sc sees is shown even when it reaches no board yet.
func (wl *Wall) wallOf(ctx context.Context, sc store.Scope, views []Board) (State, error) {
	sws, err := wl.Switches(ctx)
	if err != nil {
		return State{}, err
	}
	tree, err := wl.store.Units(ctx)
	if err != nil {
		return State{}, err
	}
	w := State{Boards: views, Switches: []SwitchView{}}
	plays := map[int64]int{} // switch → boards that play it
	for i, v := range views {
		if sw := store.Winner(sws, tree, v.UnitID, playlists.Target{Board: v.ID, Groups: v.Groups}, wl.cfg.Now()); sw != nil {
			plays[sw.ID]++
			w.Boards[i].Switch = sw.ID
		}
	}
	for _, sw := range sws {
		reaches := sc.Has(sw.UnitID) || slices.ContainsFunc(views, func(v Board) bool {
			return InTarget(v, sw.Group, sw.Board) && tree.Within(v.UnitID, sw.UnitID)
		})
		if !reaches {
			continue
		}
		text, err := wl.SwitchText(ctx, sw)
		if err != nil {
			return State{}, err
		}
		w.Switches = append(w.Switches, SwitchView{Switch: sw, Text: text, Boards: plays[sw.ID]})
	}
	if n := len(w.Switches); n > 0 {
		newest := w.Switches[n-1].Switch
		w.Override = &newest
	}
	progress, err := wl.Progress(ctx, sc, tree, views, sws)
	if err != nil {
		return State{}, err
	}
	w.Progress = progress
	w.OverrideText = "Các bảng đang phát theo lịch thường ngày."
	if len(w.Switches) > 0 {
		texts := make([]string, len(w.Switches))
		for i, sv := range w.Switches {
			texts[i] = sv.Text
		}
		w.OverrideText = strings.Join(texts, " ")
	}
	return w, nil
}

// ReturnShownFor is how long the dashboard keeps saying that every board
// went back to the schedule: long enough for the operator who pressed it
// to see it, not all day for everyone.
const ReturnShownFor = 10 * time.Minute

// Switches are the switches in force by the controller's clock, which
// boards follow (the store keeps its own for what it records).
func (wl *Wall) Switches(ctx context.Context) ([]store.Switch, error) {
	sws, err := wl.store.Switches(ctx, store.Everything)
	if err != nil {
		return nil, err
	}
	now := wl.cfg.Now()
	return slices.DeleteFunc(sws, func(sw store.Switch) bool { return !sw.ActiveAt(now) }), nil
}

// SwitchText says what a switch does, for people.
func (wl *Wall) SwitchText(ctx context.Context, sw store.Switch) (string, error) {
	o := sw.Override
	name, err := wl.store.PlaylistNameBySlug(ctx, o.Playlist)
	if err != nil {
		name = o.Playlist
	}
	where, err := wl.TargetText(ctx, o.Group, o.Board)
	if err != nil {
		return "", err
	}
	if o.Group == "" && o.Board == 0 && sw.UnitID != store.RootUnit {
		if tree, err := wl.store.Units(ctx); err == nil {
			u, _ := tree.ByID(sw.UnitID)
			where = "mọi bảng của " + u.Name
		}
	}
	const layout = "15:04 02/01/2006"
	text := "Đang phát “" + name + "” trên " + where + " từ " + o.Since.In(wl.cfg.Location).Format(layout)
	if !o.Until.IsZero() {
		text += " đến " + o.Until.In(wl.cfg.Location).Format(layout) + ", rồi tự trở về lịch"
	}
	return text + ".", nil
}

// TargetText names what a slot or an override aims at, for people.
func (wl *Wall) TargetText(ctx context.Context, group string, board int64) (string, error) {
	switch {
	case board != 0:
		b, err := wl.store.Board(ctx, store.Everything, board)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Sprintf("bảng số %d (đã xoá)", board), nil
		}
		return "bảng “" + b.Name + "”", err
	case group != "":
		g, err := wl.store.Group(ctx, store.Everything, group)
		if errors.Is(err, store.ErrNotFound) {
			return "nhóm “" + group + "” (đã xoá)", nil
		}
		return "nhóm “" + g.Name + "”", err
	}
	return "mọi bảng", nil
}

// OwnBoards keeps of a wall only the boards of unit itself, not those of
// the units under it: the wall of a province shows its communes as tiles,
// not their ten thousand boards. The switches and the progress stay as
// counted over every board.
func OwnBoards(w State, unit int64) State {
	own := make([]Board, 0, len(w.Boards))
	for _, b := range w.Boards {
		if b.UnitID == unit {
			own = append(own, b)
		}
	}
	w.Boards = own
	return w
}
