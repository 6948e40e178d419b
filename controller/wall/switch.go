package wall

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"codong/controller/store"
)

// switchRecord is the operator's latest switch, or return to the
// schedule: which revision carries it and which boards it aims at, so
// the wall can say which boards have it. It is kept in the database, so
// every controller of a shared database shows the progress of a switch
// pressed on any of them, and a restarted controller still does.
type switchRecord struct {
	Revision int64     `json:"revision"`
	Clear    bool      `json:"clear"`
	Group    string    `json:"group"`
	Board    int64     `json:"board"`
	At       time.Time `json:"at"`
	// Unit is the unit whose switch it was: it aimed at that unit's
	// boards and those under it.
	Unit int64 `json:"unit"`
}

// lastSwitchSetting is the prefix of each unit's latest switchRecord
// among the settings ("last_switch:7").
const lastSwitchSetting = "last_switch:"

// Progress is how far the latest switch has got: a board has it
// once it is online and acknowledged the switch's revision or a later
// one. Offline boards have not, and are named.
type Progress struct {
	Clear    bool           `json:"clear"`
	Revision int64          `json:"revision"`
	Total    int            `json:"total"`
	Switched int            `json:"switched"`
	Text     string         `json:"text"` // "37/38 bảng đã chuyển"
	Missing  []MissingBoard `json:"missing"`
	At       time.Time      `json:"at"`
}

// MissingBoard is a board that has not acknowledged the switch, and why.
type MissingBoard struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Why  string `json:"why"`
}

// RecordSwitch notes the revision a switch of unit was committed in.
func (wl *Wall) RecordSwitch(ctx context.Context, unit int64, clear bool, group string, board int64) error {
	if unit == 0 {
		unit = store.RootUnit
	}
	rev, err := wl.store.Revision(ctx)
	if err != nil {
		return err
	}
	data, err := json.Marshal(switchRecord{Revision: rev, Clear: clear, Group: group, Board: board, At: wl.cfg.Now(), Unit: unit})
	if err != nil {
		return err
	}
	if err := wl.store.PutSetting(ctx, fmt.Sprintf("%s%d", lastSwitchSetting, unit), string(data)); err != nil {
		return err
	}
	wl.cache.invalidate()
	return nil
}

// lastSwitch is the latest switch or return of a unit sc sees, or that
// reached one of views; nil before any.
func (wl *Wall) lastSwitch(ctx context.Context, sc store.Scope, tree *store.Tree, views []Board) (*switchRecord, error) {
	all, err := wl.store.SettingsPrefixed(ctx, lastSwitchSetting)
	if err != nil {
		return nil, err
	}
	var last *switchRecord
	for _, data := range all {
		var r switchRecord
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			return nil, fmt.Errorf("latest switch: %w", err)
		}
		if last != nil && !r.At.After(last.At) {
			continue
		}
		if sc.Has(r.Unit) || slices.ContainsFunc(views, func(v Board) bool { return r.reaches(tree, v) }) {
			last = &r
		}
	}
	return last, nil
}

// reaches: the board is among those the switch aimed at.
func (r *switchRecord) reaches(tree *store.Tree, v Board) bool {
	return InTarget(v, r.Group, r.Board) && tree.Within(v.UnitID, r.Unit)
}

// InTarget: the board is among those a switch aims at.
func InTarget(v Board, group string, board int64) bool {
	switch {
	case board != 0:
		return v.ID == board
	case group != "":
		return slices.Contains(v.Groups, group)
	}
	return true
}

// Progress counts the boards of views that have the latest switch that
// reached one of them; nil when there has been none, when that switch
// ran its minutes out (counting who has it would only confuse), and a
// while after every board came back from one.
func (wl *Wall) Progress(ctx context.Context, sc store.Scope, tree *store.Tree, views []Board, sws []store.Switch) (*Progress, error) {
	r, err := wl.lastSwitch(ctx, sc, tree, views)
	if r == nil || err != nil {
		return nil, err
	}
	if !r.Clear && !slices.ContainsFunc(sws, func(sw store.Switch) bool {
		return sw.UnitID == r.Unit && sw.Group == r.Group && sw.Board == r.Board
	}) {
		return nil, nil
	}
	p := &Progress{Clear: r.Clear, Revision: r.Revision, Missing: []MissingBoard{}, At: r.At}
	for _, v := range views {
		if !r.reaches(tree, v) {
			continue
		}
		p.Total++
		switch {
		case v.Online && v.AckedRevision >= r.Revision:
			p.Switched++
		case !v.Connected && v.LastSeenAt.IsZero():
			p.Missing = append(p.Missing, MissingBoard{v.ID, v.Name, "chưa kết nối lần nào"})
		case !v.Connected:
			p.Missing = append(p.Missing, MissingBoard{v.ID, v.Name, "mất kết nối"})
		case !v.Online:
			p.Missing = append(p.Missing, MissingBoard{v.ID, v.Name, "không hiển thị"})
		default:
			p.Missing = append(p.Missing, MissingBoard{v.ID, v.Name, "chưa xác nhận"})
		}
	}
	verb := "đã chuyển"
	if r.Clear {
		verb = "đã trở về lịch phát thường ngày"
	}
	p.Text = fmt.Sprintf("%d/%d bảng %s", p.Switched, p.Total, verb)
	if p.Clear && p.Switched == p.Total && wl.cfg.Now().Sub(p.At) > ReturnShownFor {
		// Every board is back on the schedule, a while ago: the switch
		// is over, and its count would stay on everyone's dashboard.
		return nil, nil
	}
	return p, nil
}
