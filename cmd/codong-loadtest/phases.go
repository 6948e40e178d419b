package main

import (
	"context"
	"fmt"
	"time"
)

// provision is phase 1: create the boards through the API, then link them
// all and wait until the controller's fleet summary shows every one
// online and up to date.
func (h *harness) provision(ctx context.Context) error {
	n := h.cfg.Boards
	h.say("[1] Tạo %d bảng %s rồi kết nối", n, modeName(h.cfg.Light))
	base, err := h.api.fleetNow(ctx)
	if err != nil {
		return err
	}
	h.base = base
	if h.cfg.Warm && !h.cfg.Light {
		if err := h.fleet.warmUp(ctx, h.api, h.say); err != nil {
			return err
		}
	}
	if h.cfg.Units > 0 {
		if err := h.setupUnits(ctx); err != nil {
			return err
		}
	}
	r := &provisionResult{}
	h.rep.Provision = r
	if h.cfg.PID > 0 {
		r.RSSBeforeKB, _ = readRSS(h.cfg.PID)
	}
	start := time.Now()
	if err := h.fleet.provision(ctx, h.api, h.say); err != nil {
		return err
	}
	r.CreateMs = ms(time.Since(start))
	h.say("  đã tạo %d bảng trong %s; kết nối", n, fmtMs(r.CreateMs))
	t0 := time.Now()
	c0 := readCost(h.cfg.PID)
	// The boards outlive this phase: cleanup stops them.
	h.fleet.start(context.Background())
	anyEvent := func(*board, event) bool { return true }
	c, err := h.converge(ctx, func(f fleetSummary) bool {
		return f.Online >= base.Online+n && f.UpToDate >= base.UpToDate+n
	}, func(b *board) bool { return b.has(&b.acks, anyEvent) })
	if err != nil {
		return err
	}
	r.ConnectMs, r.FleetPoll = ms(c.seen.Sub(t0)), spreadOf(c.polls)
	r.Cost = costBetween(c0, readCost(h.cfg.PID), n, idleRates{})
	r.Manifest = delays(h.fleet.all(), arrivalsOf, t0, anyEvent)
	r.Ack = delays(h.fleet.all(), acksOf, t0, anyEvent)
	h.samples.now(ctx)
	r.PeakRSSKB = h.samples.peakRSS(start, time.Now())
	h.say("  mọi bảng đã kết nối và cập nhật sau %s", fmtMs(r.ConnectMs))
	return nil
}

// idle is phase 2: once the connect burst has settled, the controller's
// memory per board and its CPU while the fleet only rotates.
func (h *harness) idle(ctx context.Context) error {
	h.say("[2] Nhàn rỗi: chờ %s cho controller ổn định, rồi đo CPU trong %s", fmtDuration(h.cfg.Settle), fmtDuration(h.cfg.IdleWindow))
	r := &idleResult{WindowSeconds: h.cfg.IdleWindow.Seconds()}
	h.rep.Idle = r
	sleep(ctx, h.cfg.Settle)
	if h.cfg.PID == 0 {
		sleep(ctx, h.cfg.IdleWindow)
		return ctx.Err()
	}
	var err error
	if h.idleKB, err = readRSS(h.cfg.PID); err != nil {
		return err
	}
	before := readCost(h.cfg.PID)
	if before.controllerTicks < 0 {
		return fmt.Errorf("không đọc được thời gian CPU của tiến trình %d", h.cfg.PID)
	}
	sleep(ctx, h.cfg.IdleWindow)
	if err := ctx.Err(); err != nil {
		return err
	}
	after := readCost(h.cfg.PID)
	if after.controllerTicks < 0 {
		return fmt.Errorf("không đọc được thời gian CPU của tiến trình %d", h.cfg.PID)
	}
	h.idleRate = rates(before, after)
	cpu := h.idleRate.controller * 100
	r.Measured, r.RSSIdleKB, r.CPUPercent = true, h.idleKB, cpu
	r.Cost = costBetween(before, after, h.cfg.Boards, idleRates{})
	if p := h.rep.Provision; p != nil && p.RSSBeforeKB > 0 {
		r.RSSBeforeKB = p.RSSBeforeKB
		// Per board linked to the measured controller: with -link-to the
		// others' boards cost it only their shared presence.
		r.BoardsLinked = h.fleet.linkedTo(h.api.base)
		r.KBPerBoard = float64(h.idleKB-p.RSSBeforeKB) / float64(max(r.BoardsLinked, 1))
	}
	h.say("  RSS %s KB (%s KB mỗi bảng), CPU %s%% của một lõi", fmtInt(r.RSSIdleKB), fmtFloat(r.KBPerBoard, 1), fmtFloat(cpu, 1))
	return nil
}

// convergence is when the fleet summary first showed a change everywhere,
// what it said then, and how long each poll took to be answered.
type convergence struct {
	seen  time.Time
	fleet fleetSummary
	polls []time.Duration
}

// converge polls the fleet summary until ok holds, then waits until every
// harness board is done. The summary's moment is when the dashboard would
// have told staff the change is everywhere.
func (h *harness) converge(ctx context.Context, ok func(fleetSummary) bool, done func(*board) bool) (convergence, error) {
	boards := h.fleet.all()
	failedBefore := h.fleet.stats.failures.Load()
	last := time.Now()
	var c convergence
	var lastErr error // of the last poll, nil once one was answered
	progress := func() {
		if time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		acked := countDone(boards, done)
		if len(c.polls) == 0 && lastErr != nil {
			h.say("  /fleet chưa trả lời được (%v); %d/%d bảng đã xác nhận", lastErr, acked, len(boards))
			return
		}
		h.say("  /fleet: %d trực tuyến, %d cập nhật; %d/%d bảng đã xác nhận", c.fleet.Online, c.fleet.UpToDate, acked, len(boards))
	}
	for c.seen.IsZero() {
		asked := time.Now()
		got, err := h.api.fleet(ctx)
		answered := time.Now()
		lastErr = err
		if err == nil {
			c.fleet = got
			c.polls = append(c.polls, answered.Sub(asked))
			if ok(got) {
				c.seen = answered
				break
			}
		}
		if ctx.Err() != nil {
			return c, ctx.Err()
		}
		if err := h.hopeless(boards, done, failedBefore); err != nil {
			return c, err
		}
		progress()
		sleep(ctx, fleetPoll)
	}
	for countDone(boards, done) < len(boards) {
		if ctx.Err() != nil {
			return c, ctx.Err()
		}
		progress()
		sleep(ctx, fleetPoll)
	}
	return c, nil
}

// hopeless tells a wait that cannot end well from a slow one: when every
// board has failed twice over and not one got anywhere (a controller
// speaking another protocol version, refusing every token), waiting out
// the phase timeout would only hide the cause.
func (h *harness) hopeless(boards []*board, done func(*board) bool, failedBefore int64) error {
	if h.fleet.stats.failures.Load()-failedBefore < int64(2*len(boards)) || countDone(boards, done) > 0 {
		return nil
	}
	return fmt.Errorf("không bảng nào tiến triển, mọi bảng đều lỗi nhiều lần; lỗi hay gặp nhất: %s", h.fleet.stats.top())
}

func countDone(boards []*board, done func(*board) bool) int {
	n := 0
	for _, b := range boards {
		if done(b) {
			n++
		}
	}
	return n
}

func arrivalsOf(b *board) *[]event { return &b.arrivals }
func acksOf(b *board) *[]event     { return &b.acks }

// delays is, over boards, the time from t0 to each board's first event
// (from events) that ok accepts; boards without one are left out.
func delays(boards []*board, events func(*board) *[]event, t0 time.Time, ok func(*board, event) bool) spread {
	var d []time.Duration
	for _, b := range boards {
		if e, found := b.first(events(b), func(e event) bool { return ok(b, e) }); found {
			d = append(d, e.at.Sub(t0))
		}
	}
	return spreadOf(d)
}

// has reports whether the board has an event ok accepts.
func (b *board) has(events *[]event, ok func(*board, event) bool) bool {
	_, found := b.first(events, func(e event) bool { return ok(b, e) })
	return found
}

func modeName(light bool) string {
	if light {
		return "nhẹ (chỉ xác nhận bản kê)"
	}
	return "thực tế (như máy phát thật)"
}
