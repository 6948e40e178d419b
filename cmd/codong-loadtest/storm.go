package main

import (
	"context"
	"time"
)

// storm is phase 6: every link is cut at once, as when the controller's
// network flaps, and every board comes back after the player's first
// backoff step (full jitter over 0–1 s). Measured: when the fleet shows
// every board up to date again, the boards' last manifest and ack on
// their new links, the controller's memory peak against its idle
// footprint, and /healthz meanwhile.
func (h *harness) storm(ctx context.Context) error {
	title := "[6] Cắt mọi kết nối cùng lúc; các bảng kết nối lại sau 0–1 s ngẫu nhiên như máy phát"
	h.say("%s", title)
	boards := h.fleet.all()
	r := &changeResult{ID: "storm", Title: title, Boards: h.cfg.Boards, RSSBeforeKB: h.idleKB}
	if r.RSSBeforeKB == 0 && h.cfg.PID > 0 {
		r.RSSBeforeKB, _ = readRSS(h.cfg.PID)
	}
	h.rep.Changes = append(h.rep.Changes, r)
	before := make(map[*board]int, len(boards))
	for _, b := range boards {
		before[b] = b.sessions()
	}
	relinked := func(b *board, e event) bool { return e.session > before[b] }
	reacked := func(b *board) bool { return b.has(&b.acks, relinked) }
	online := h.base.Online + h.cfg.Boards
	target := h.base.UpToDate + h.cfg.Boards
	dipped := false
	failedBefore := h.fleet.stats.failures.Load()
	c0 := readCost(h.cfg.PID)
	t0 := time.Now()
	h.fleet.dropAll()
	c, err := h.converge(ctx, func(f fleetSummary) bool {
		// Right after the cut the controller may not have noticed yet:
		// "all up to date" counts only once it showed boards missing, or
		// once every board is back on a new link.
		dipped = dipped || f.Online < online
		return f.Online >= online && f.UpToDate >= target && (dipped || countDone(boards, reacked) == len(boards))
	}, reacked)
	if err != nil {
		r.Error = err.Error()
		h.boardFigures(r, t0, relinked)
		h.costFigures(r, c0, failedBefore)
		return err
	}
	h.measured(r, t0, c, relinked)
	h.costFigures(r, c0, failedBefore)
	return nil
}

// sessions is how many links the board has established so far.
func (b *board) sessions() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.session
}
