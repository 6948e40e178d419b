// Package wall computes what the boards are doing now, once, for both
// the API and the pages: each board's state, the switch in force and how
// far it has reached.
package wall

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	// Override is the switch in force; null: boards follow the schedule.
	Override     *playlists.Override `json:"override"`
	OverrideText string              `json:"override_text"`
	Progress     *Progress           `json:"progress"`
}

// Current is the wall now: the boards, the switch in force and its progress.
func (wl *Wall) Current(ctx context.Context, sc store.Scope) (State, error) {
	views, err := wl.Boards(ctx, sc)
	if err != nil {
		return State{}, err
	}
	return wl.wallOf(ctx, views)
}

// wallOf is the wall of the boards views: the switch in force is shown
// only where it reaches one of them, so a sibling unit's switch is not
// seen.
func (wl *Wall) wallOf(ctx context.Context, views []Board) (State, error) {
	o, err := wl.CurrentOverride(ctx)
	if err != nil {
		return State{}, err
	}
	if o != nil && (o.Group != "" || o.Board != 0) && !slices.ContainsFunc(views, func(v Board) bool { return InTarget(v, o.Group, o.Board) }) {
		o = nil
	}
	progress, err := wl.Progress(ctx, views)
	if err != nil {
		return State{}, err
	}
	w := State{Boards: views, Override: o, Progress: progress}
	if w.Progress != nil && !w.Progress.Clear && o == nil {
		// The switch ran its minutes out: counting who has it would
		// only confuse.
		w.Progress = nil
	}
	if p := w.Progress; p != nil && p.Clear && p.Switched == p.Total && wl.cfg.Now().Sub(p.At) > ReturnShownFor {
		// Every board is back on the schedule, a while ago: the switch
		// is over, and its count would stay on everyone's dashboard.
		w.Progress = nil
	}
	if w.OverrideText, err = wl.OverrideText(ctx, o); err != nil {
		return State{}, err
	}
	return w, nil
}

// ReturnShownFor is how long the dashboard keeps saying that every board
// went back to the schedule: long enough for the operator who pressed it
// to see it, not all day for everyone.
const ReturnShownFor = 10 * time.Minute

// CurrentOverride is the override in force by the controller's clock,
// which boards follow (the store keeps its own for what it records).
func (wl *Wall) CurrentOverride(ctx context.Context) (*playlists.Override, error) {
	o, err := wl.store.Override(ctx)
	if err != nil || o == nil {
		return nil, err
	}
	if !o.Until.IsZero() && !wl.cfg.Now().Before(o.Until) {
		return nil, nil
	}
	return o, nil
}

// OverrideText says what the override does, for people.
func (wl *Wall) OverrideText(ctx context.Context, o *playlists.Override) (string, error) {
	if o == nil {
		return "Các bảng đang phát theo lịch thường ngày.", nil
	}
	name, err := wl.store.PlaylistNameBySlug(ctx, o.Playlist)
	if err != nil {
		name = o.Playlist
	}
	where, err := wl.TargetText(ctx, o.Group, o.Board)
	if err != nil {
		return "", err
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
