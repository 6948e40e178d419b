package wall

import (
	"context"
	"encoding/json"
	"errors"
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
}

// lastSwitchSetting names the latest switchRecord among the settings.
const lastSwitchSetting = "last_switch"

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

// RecordSwitch notes the revision a switch was committed in.
func (wl *Wall) RecordSwitch(ctx context.Context, clear bool, group string, board int64) error {
	rev, err := wl.store.Revision(ctx)
	if err != nil {
		return err
	}
	data, err := json.Marshal(switchRecord{Revision: rev, Clear: clear, Group: group, Board: board, At: wl.cfg.Now()})
	if err != nil {
		return err
	}
	if err := wl.store.PutSetting(ctx, lastSwitchSetting, string(data)); err != nil {
		return err
	}
	wl.cache.invalidate()
	return nil
}

// LastSwitch is the latest switch, nil before any.
func (wl *Wall) LastSwitch(ctx context.Context) (*switchRecord, error) {
	data, err := wl.store.Setting(ctx, lastSwitchSetting)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r switchRecord
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, fmt.Errorf("latest switch: %w", err)
	}
	return &r, nil
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

// Progress counts the boards that have the latest switch; nil when
// there has been none.
func (wl *Wall) Progress(ctx context.Context, views []Board) (*Progress, error) {
	r, err := wl.LastSwitch(ctx)
	if r == nil || err != nil {
		return nil, err
	}
	p := &Progress{Clear: r.Clear, Revision: r.Revision, Missing: []MissingBoard{}, At: r.At}
	for _, v := range views {
		if !InTarget(v, r.Group, r.Board) {
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
	return p, nil
}
