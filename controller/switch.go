package controller

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// switchRecord is the operator's latest switch, or return to the
// schedule: which revision carries it and which boards it aims at, so
// the wall can say which boards have it. It is kept in memory: after a
// restart every board reconnects and is sent the newest state anyway.
type switchRecord struct {
	Revision int64
	Clear    bool
	Group    string
	Board    int64
	At       time.Time
}

// switches holds the latest switchRecord.
type switches struct {
	mu   sync.Mutex
	last *switchRecord
}

func (w *switches) set(r switchRecord) {
	w.mu.Lock()
	w.last = &r
	w.mu.Unlock()
}

func (w *switches) get() *switchRecord {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last
}

// switchProgress is how far the latest switch has got: a board has it
// once it is online and acknowledged the switch's revision or a later
// one. Offline boards have not, and are named.
type switchProgress struct {
	Clear    bool           `json:"clear"`
	Revision int64          `json:"revision"`
	Total    int            `json:"total"`
	Switched int            `json:"switched"`
	Text     string         `json:"text"` // "37/38 bảng đã chuyển"
	Missing  []missingBoard `json:"missing"`
	At       time.Time      `json:"at"`
}

// missingBoard is a board that has not acknowledged the switch, and why.
type missingBoard struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Why  string `json:"why"`
}

// recordSwitch notes the revision a switch was committed in.
func (s *Server) recordSwitch(ctx context.Context, clear bool, group string, board int64) error {
	rev, err := s.store.Revision(ctx)
	if err != nil {
		return err
	}
	s.switches.set(switchRecord{Revision: rev, Clear: clear, Group: group, Board: board, At: s.cfg.Now()})
	return nil
}

// inTarget: the board is among those a switch aims at.
func inTarget(v boardView, group string, board int64) bool {
	switch {
	case board != 0:
		return v.ID == board
	case group != "":
		return slices.Contains(v.Groups, group)
	}
	return true
}

// progress counts the boards that have the latest switch; nil when
// there has been none since the controller started.
func (s *Server) progress(views []boardView) *switchProgress {
	r := s.switches.get()
	if r == nil {
		return nil
	}
	p := &switchProgress{Clear: r.Clear, Revision: r.Revision, Missing: []missingBoard{}, At: r.At}
	for _, v := range views {
		if !inTarget(v, r.Group, r.Board) {
			continue
		}
		p.Total++
		switch {
		case v.Online && v.AckedRevision >= r.Revision:
			p.Switched++
		case !v.Connected && v.LastSeenAt.IsZero():
			p.Missing = append(p.Missing, missingBoard{v.ID, v.Name, "chưa kết nối lần nào"})
		case !v.Connected:
			p.Missing = append(p.Missing, missingBoard{v.ID, v.Name, "mất kết nối"})
		case !v.Online:
			p.Missing = append(p.Missing, missingBoard{v.ID, v.Name, "không hiển thị"})
		default:
			p.Missing = append(p.Missing, missingBoard{v.ID, v.Name, "chưa xác nhận"})
		}
	}
	verb := "đã chuyển"
	if r.Clear {
		verb = "đã trở về lịch phát thường ngày"
	}
	p.Text = fmt.Sprintf("%d/%d bảng %s", p.Switched, p.Total, verb)
	return p
}
